/// An update rule that moves parameters against their accumulated gradients.
///
/// An optimizer is bound to its parameters when created. A training step reads:
///
///     optimizer.zeroGradients()
///     let loss = Loss.huber(predictions: model(x), targets: y)
///     _ = model.backward(loss.gradient)
///     parameters.clipGradients(maxGlobalNorm: 10)
///     optimizer.step()
public protocol Optimizer: AnyObject {
    /// The parameters this optimizer updates, in a fixed order.
    var parameters: [Parameter] { get }
    /// The step size; may be changed between steps by a schedule.
    var learningRate: Float { get set }
    /// Applies one update from the current gradients. Gradients are left as they are.
    func step()
}

extension Optimizer {
    /// Sets the gradient of every bound parameter to zero.
    public func zeroGradients() {
        parameters.zeroGradients()
    }
}

/// Plain stochastic gradient descent: `θ ← θ − lr · g`.
public final class SGD: Optimizer {
    public let parameters: [Parameter]
    public var learningRate: Float

    /// Binds plain SGD with step size `learningRate` (default 0.01) to `parameters`.
    public init(parameters: [Parameter], learningRate: Float = 0.01) {
        precondition(learningRate >= 0, "SGD: negative learning rate \(learningRate)")
        self.parameters = parameters
        self.learningRate = learningRate
    }

    /// `θ ← θ − lr · g` for every parameter.
    public func step() {
        for parameter in parameters {
            parameter.value.add(parameter.grad, scaledBy: -learningRate)
        }
    }
}

// MARK: - Gradient norms and clipping

extension Sequence where Element == Parameter {
    /// The global gradient norm `sqrt(Σ_p ‖g_p‖²)` over all parameters.
    public func globalGradientNorm() -> Float {
        Float(reduce(0.0) { $0 + $1.grad.squaredNorm() }.squareRoot())
    }

    /// Rescales all gradients together so their global norm is at most `maxGlobalNorm`
    /// (Pascanu et al., 2013): when the norm `N` exceeds it, every gradient is
    /// multiplied by `maxGlobalNorm / N`. Directions are kept.
    ///
    /// - Returns: the global norm before clipping (useful to log).
    /// - Precondition: `maxGlobalNorm > 0`.
    @discardableResult
    public func clipGradients(maxGlobalNorm: Float) -> Float {
        precondition(maxGlobalNorm > 0, "clipGradients: maxGlobalNorm must be positive, got \(maxGlobalNorm)")
        let norm = globalGradientNorm()
        if norm > maxGlobalNorm && norm.isFinite {
            let factor = maxGlobalNorm / norm
            for parameter in self { parameter.grad.scale(by: factor) }
        }
        return norm
    }
}
