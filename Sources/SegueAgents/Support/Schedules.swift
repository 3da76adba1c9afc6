/// Schedules as pure functions of the step count.
public enum Schedule {
    /// A linear ramp from `start` to `end` over `steps` steps, then `end`:
    /// `start + (end − start) · min(1, n / steps)`.
    ///
    /// With `start = 1`, `end = 0.05`, `steps = 10,000` this is bench-workload-v1's
    /// exploration rate `ε = 1 − 0.95 · min(1, n / 10,000)`.
    public static func linear(step n: Int, start: Float, end: Float, steps: Int) -> Float {
        guard steps > 0 else { return end }
        let fraction = min(1, Double(n) / Double(steps))
        return Float(Double(start) + Double(end - start) * fraction)
    }
}
