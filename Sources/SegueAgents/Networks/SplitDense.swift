import SegueTensor

/// The first layer of a network applied to `[context ‖ candidate]` rows, computed
/// split so the context's share is paid once per state, not once per candidate:
///
///     h[s·k + j] = context[s] · Wc + features[s·k + j] · Wf + b
///
/// Shapes: `contexts` `[S, contextSize]`, `features` `[S·k, featureSize]` (the `k`
/// candidates of each state, state-major), `h` `[S·k, outputSize]`. `Wc`
/// (`context_weight`) is `[contextSize, out]`, `Wf` (`feature_weight`) is
/// `[featureSize, out]`: together the rows of one `[contextSize + featureSize, out]`
/// dense kernel. Two sgemms in all: `features · Wf` over every row, `contexts · Wc`
/// over the states.
///
/// Backward, for `dH`: `dWf += featuresᵀ·dH`, `dWc += contextsᵀ·(Σ_j dH[s·k + j])`,
/// `db += Σ dH`. The inputs are data, so no input gradient is returned.
public final class SplitDense: Trainable {
    /// `Wc`, `[contextSize, outputSize]`.
    public let contextWeight: Parameter
    /// `Wf`, `[featureSize, outputSize]`.
    public let featureWeight: Parameter
    /// `b`, `[1, outputSize]`.
    public let bias: Parameter
    private var cache: (contexts: Matrix, features: Matrix)?

    /// A layer whose kernel is drawn Glorot-uniform over the whole
    /// `[contextSize + featureSize, outputSize]` (fan-in counts both parts), bias 0.
    public init(contextSize: Int, featureSize: Int, outputSize: Int, using generator: inout some RandomNumberGenerator) {
        let kernel = Initializer.glorotUniform.matrix(rows: contextSize + featureSize, columns: outputSize, using: &generator)
        let split = contextSize * outputSize
        contextWeight = Parameter(name: "context_weight",
                                  value: Matrix(rows: contextSize, columns: outputSize, storage: Array(kernel.storage[..<split])))
        featureWeight = Parameter(name: "feature_weight",
                                  value: Matrix(rows: featureSize, columns: outputSize, storage: Array(kernel.storage[split...])))
        bias = Parameter(name: "bias", value: Matrix(rows: 1, columns: outputSize))
    }

    public var parameters: [Parameter] { [contextWeight, featureWeight, bias] }
    public var outputSize: Int { bias.value.columns }

    /// `h = context·Wc + features·Wf + b`, the context row broadcast over its `k` candidates.
    public func callAsFunction(contexts: Matrix, features: Matrix) -> Matrix {
        cache = (contexts, features)
        var output = Matrix(rows: features.rows, columns: outputSize)
        apply(contexts: contexts, features: features, into: &output)
        return output
    }

    /// The forward pass into `output` (`[S·k, outputSize]`, reused between calls)
    /// without caching anything, for inference (acting, targets).
    public func apply(contexts: Matrix, features: Matrix, into output: inout Matrix) {
        precondition(contexts.rows > 0 && features.rows % contexts.rows == 0,
                     "SplitDense: \(features.rows) candidate rows do not split over \(contexts.rows) states")
        precondition(contexts.columns == contextWeight.value.rows && features.columns == featureWeight.value.rows,
                     "SplitDense: inputs [\(contexts.rows), \(contexts.columns)] ‖ [\(features.rows), \(features.columns)], "
                        + "expected \(contextWeight.value.rows) ‖ \(featureWeight.value.rows) features")
        let k = features.rows / contexts.rows
        Matrix.gemm(features, featureWeight.value, into: &output)
        var perState = Matrix(rows: contexts.rows, columns: outputSize)
        Matrix.gemm(contexts, contextWeight.value, into: &perState)
        perState.addRowVector(bias.value)
        output.addRows(perState, rowsPerRow: k, relu: false)
    }

    /// Accumulates the gradients of `Wc`, `Wf` and `b` for `dOutput` (`[S·k, outputSize]`).
    public func backward(_ dOutput: Matrix) {
        guard let (contexts, features) = cache else { preconditionFailure("SplitDense.backward before a forward pass") }
        precondition(dOutput.rows == features.rows && dOutput.columns == outputSize,
                     "SplitDense.backward: dOutput is [\(dOutput.rows), \(dOutput.columns)], expected [\(features.rows), \(outputSize)]")
        let k = features.rows / contexts.rows, h = outputSize
        Matrix.gemm(features, transposeA: true, dOutput, into: &featureWeight.grad, beta: 1)
        var perState = Matrix(rows: contexts.rows, columns: h)
        dOutput.storage.withUnsafeBufferPointer { d in
            perState.storage.withUnsafeMutableBufferPointer { row in
                for s in 0..<contexts.rows {
                    for j in 0..<k {
                        let base = (s * k + j) * h
                        for c in 0..<h { row[s * h + c] += d[base + c] }
                    }
                }
            }
        }
        Matrix.gemm(contexts, transposeA: true, perState, into: &contextWeight.grad, beta: 1)
        perState.accumulateColumnSums(into: &bias.grad)
    }
}
