import Foundation

/// Adam (Kingma & Ba, 2015): per-parameter steps scaled by running moments of the
/// gradient.
///
/// For gradient `g` at step `t` (starting at 1):
///
///     m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
///     m̂ = m / (1 − β1ᵗ)              v̂ = v / (1 − β2ᵗ)
///     θ ← θ − lr · m̂ / (sqrt(v̂) + ε)
///
/// Defaults follow Keras: `lr = 1e-3`, `β1 = 0.9`, `β2 = 0.999`, `ε = 1e-7`.
public final class Adam: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    /// Decay of the first-moment (mean) estimate.
    public let beta1: Float
    /// Decay of the second-moment (uncentred variance) estimate.
    public let beta2: Float
    /// Added to `sqrt(v̂)` to keep steps finite where gradients vanish.
    public let epsilon: Float
    /// Number of updates applied so far (`t`).
    public private(set) var stepCount = 0
    private var firstMoments: [Matrix]
    private var secondMoments: [Matrix]

    /// Binds Adam to `parameters` with zero moment estimates.
    ///
    /// - Precondition: `learningRate ≥ 0`, `0 ≤ β1, β2 < 1`, `ε > 0`.
    public init(
        parameters: [Parameter], learningRate: Float = 1e-3,
        beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7
    ) {
        precondition(learningRate >= 0, "Adam: negative learning rate \(learningRate)")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2),
                     "Adam: betas must lie in [0, 1), got \(beta1), \(beta2)")
        precondition(epsilon > 0, "Adam: epsilon must be positive, got \(epsilon)")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoments = parameters.map { Matrix.zeros(like: $0.value) }
        secondMoments = parameters.map { Matrix.zeros(like: $0.value) }
    }

    /// Applies one Adam update to every bound parameter from its current gradient.
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        let correction1 = Float(1 - pow(Double(beta1), t))
        let correction2 = Float(1 - pow(Double(beta2), t))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let rate = learningRate / correction1
        for (index, parameter) in parameters.enumerated() {
            precondition(parameter.value.hasSameShape(as: firstMoments[index]),
                         "Adam: parameter \(parameter.name) changed shape since the optimizer was created")
            parameter.grad.storage.withUnsafeBufferPointer { g in
            firstMoments[index].storage.withUnsafeMutableBufferPointer { m in
            secondMoments[index].storage.withUnsafeMutableBufferPointer { v in
            parameter.value.storage.withUnsafeMutableBufferPointer { theta in
                for i in theta.indices {
                    let gradient = g[i]
                    m[i] = b1 * m[i] + (1 - b1) * gradient
                    v[i] = b2 * v[i] + (1 - b2) * gradient * gradient
                    theta[i] -= rate * m[i] / ((v[i] / correction2).squareRoot() + eps)
                }
            }}}}
        }
    }

    /// The running moment estimates, one pair per bound parameter, in order:
    /// with `stepCount`, everything a checkpoint needs to resume exactly.
    public var moments: (first: [Matrix], second: [Matrix]) { (firstMoments, secondMoments) }

    /// Puts back moments and a step count saved from `moments` and `stepCount`.
    /// - Precondition: one pair per parameter, each shaped like its parameter.
    public func restore(first: [Matrix], second: [Matrix], stepCount: Int) {
        precondition(first.count == parameters.count && second.count == parameters.count,
                     "Adam.restore: \(first.count)/\(second.count) moments for \(parameters.count) parameters")
        for (index, parameter) in parameters.enumerated() {
            precondition(first[index].hasSameShape(as: parameter.value) && second[index].hasSameShape(as: parameter.value),
                         "Adam.restore: moments of \(parameter.name) are shaped \(first[index].shape), the parameter \(parameter.value.shape)")
        }
        firstMoments = first
        secondMoments = second
        self.stepCount = stepCount
    }

    /// Forgets the moment estimates and the step count.
    public func reset() {
        stepCount = 0
        for index in firstMoments.indices {
            firstMoments[index].fill(0)
            secondMoments[index].fill(0)
        }
    }
}
