import Foundation
import SegueCore
import SegueTensor

/// Adam (Kingma & Ba, 2015) whose moments and step count can be saved and
/// restored, so a resumed run continues with exactly the optimizer state an
/// uninterrupted one has.
///
/// The same update as SegueTensor's `Adam` (which keeps its moments private):
///
///     m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
///     θ ← θ − lr/(1 − β1ᵗ) · m / (sqrt(v/(1 − β2ᵗ)) + ε)
public final class ResumableAdam: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// Updates applied so far (`t`).
    public private(set) var stepCount = 0
    private var firstMoments: [Matrix]
    private var secondMoments: [Matrix]

    /// Binds the optimizer to `parameters` with zero moments.
    public init(parameters: [Parameter], learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoments = parameters.map { Matrix.zeros(like: $0.value) }
        secondMoments = parameters.map { Matrix.zeros(like: $0.value) }
    }

    /// Applies one update from the current gradients.
    public func step() {
        stepCount += 1
        let t = Double(stepCount)
        let correction2 = Float(1 - pow(Double(beta2), t))
        let rate = learningRate / Float(1 - pow(Double(beta1), t))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for (index, parameter) in parameters.enumerated() {
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

    /// Puts the moments under `prefix` and the step count into metadata.
    public func save(into checkpoint: inout Checkpoint, prefix: String) {
        for i in parameters.indices {
            checkpoint.put("\(prefix)m.\(i)", firstMoments[i])
            checkpoint.put("\(prefix)v.\(i)", secondMoments[i])
        }
        checkpoint.metadata["\(prefix)steps"] = String(stepCount)
    }

    /// Restores the moments and step count saved under `prefix`.
    /// - Throws: `SegueError` when they are missing or shaped differently.
    public func restore(from checkpoint: Checkpoint, prefix: String) throws {
        for i in parameters.indices {
            let m = try checkpoint.matrix("\(prefix)m.\(i)"), v = try checkpoint.matrix("\(prefix)v.\(i)")
            guard m.hasSameShape(as: parameters[i].value), v.hasSameShape(as: parameters[i].value) else {
                throw SegueError("checkpoint '\(checkpoint.source)': optimizer moments \(prefix)\(i) are \(m.shape), parameter is \(parameters[i].shape)")
            }
            firstMoments[i] = m
            secondMoments[i] = v
        }
        guard let steps = checkpoint.metadata["\(prefix)steps"].flatMap(Int.init) else {
            throw SegueError("checkpoint '\(checkpoint.source)' has no optimizer step count '\(prefix)steps'")
        }
        stepCount = steps
    }
}
