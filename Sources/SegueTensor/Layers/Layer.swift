/// A differentiable map from a batch of vectors to a batch of vectors, with a
/// hand-written backward pass.
///
/// Shapes: input `[batch, inputFeatures]`, output `[batch, outputFeatures]`.
///
/// The contract:
/// 1. `layer(x)` runs the forward pass and caches what the backward pass needs.
/// 2. `layer.backward(dOutput)` takes `∂loss/∂output` (the shape of the last output),
///    **adds** `∂loss/∂θ` into each parameter's `grad`, and returns `∂loss/∂input`.
///    Gradients accumulate across calls until `zeroGradients()`.
///
/// `backward` refers to the most recent forward call, so call them in pairs.
public protocol Layer: Trainable {
    /// The forward pass: `[batch, in] → [batch, out]`. Caches inputs for `backward`.
    func callAsFunction(_ input: Matrix) -> Matrix

    /// The backward pass for the most recent forward call: accumulates parameter
    /// gradients and returns `∂loss/∂input`, shape `[batch, in]`.
    ///
    /// - Precondition: a forward pass ran first and `dOutput` has its output's shape.
    func backward(_ dOutput: Matrix) -> Matrix
}

extension Layer {
    /// No parameters: the default for parameter-free layers such as activations.
    public var parameters: [Parameter] { [] }
}

/// Checks that `backward` follows a forward pass and receives the output's shape.
@inline(__always)
func checkBackward(_ layer: String, cached: Matrix?, dOutput: Matrix) -> Matrix {
    guard let cached else {
        preconditionFailure("\(layer).backward called before a forward pass")
    }
    precondition(
        cached.hasSameShape(as: dOutput),
        "\(layer).backward: dOutput is [\(dOutput.rows), \(dOutput.columns)], "
            + "the forward output was [\(cached.rows), \(cached.columns)]")
    return cached
}
