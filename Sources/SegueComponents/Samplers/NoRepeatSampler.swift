import SegueCore

/// Turns any action into an unused candidate, never repeating a track:
/// - `.candidate(c)`: `c` if unused, else the lowest unused index;
/// - `.scores(s)`: the unused candidate with the best score (ties: lowest index);
/// - `.point(x)`: the unused candidate nearest to `x` in feature space.
public final class NoRepeatSampler: PassThroughCandidates {
    public init() {}

    public func candidate(for action: Action, observation: Observation) throws -> Int {
        let mask = observation.mask
        switch action {
        case .candidate(let c):
            guard mask.indices.contains(c) else {
                throw SegueError("action picks candidate \(c), but the pool has \(mask.count) (0...\(mask.count - 1))")
            }
            if mask[c] { return c }
            return try unused(CandidateChoice.lowestUnused(mask))
        case .scores(let scores):
            guard scores.count == mask.count else {
                throw SegueError("action scores \(scores.count) candidates, but the pool has \(mask.count)")
            }
            return try unused(CandidateChoice.maskedArgmax(scores, mask: mask))
        case .point(let point):
            let f = observation.featureCount
            guard point.count == f else {
                throw SegueError("action is a point of \(point.count) features; tracks have \(f)")
            }
            var best: Int?
            var bestDistance = Float.infinity
            observation.candidates.withUnsafeBufferPointer { features in
                for c in 0..<mask.count where mask[c] {
                    var d: Float = 0
                    for j in 0..<f { let e = features[c * f + j] - point[j]; d += e * e }
                    if best == nil || d < bestDistance { best = c; bestDistance = d }
                }
            }
            return try unused(best)
        }
    }

    private func unused(_ choice: Int?) throws -> Int {
        guard let choice else { throw SegueError("no unused candidate is left in the pool") }
        return choice
    }

    static let descriptor = ComponentDescriptor(
        kind: .trackSampler, name: "no-repeat",
        summary: "plays the picked, best-scored or nearest unused candidate; a repeat becomes the next best unused one",
        make: { _, _ in NoRepeatSampler() })
}
