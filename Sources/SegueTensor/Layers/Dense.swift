/// A fully connected layer, `y = x · W + b`.
///
/// Shapes: `x` is `[batch, inputSize]`, `W` (`"weight"`) is `[inputSize, outputSize]`,
/// `b` (`"bias"`) is `[1, outputSize]` broadcast over rows, `y` is `[batch, outputSize]`.
///
/// Backward, for `dY = ∂loss/∂y`: `dW += xᵀ · dY`, `db += Σ_rows dY`, `dx = dY · Wᵀ`.
/// All three products run on `cblas_sgemm`.
public final class Dense: Layer {
    /// The weight `W`, shape `[inputSize, outputSize]`.
    public let weight: Parameter
    /// The bias `b`, shape `[1, outputSize]`.
    public let bias: Parameter
    /// The input from the last forward pass, kept for `backward`.
    private var cachedInput: Matrix?

    /// Number of input features.
    public var inputSize: Int { weight.value.rows }
    /// Number of output features.
    public var outputSize: Int { weight.value.columns }

    /// Creates a layer with weights drawn by `weightInitializer` (default Glorot
    /// uniform) and biases by `biasInitializer` (default zeros), both from `generator`.
    public init(
        inputSize: Int, outputSize: Int,
        weightInitializer: Initializer = .glorotUniform,
        biasInitializer: Initializer = .zeros,
        using generator: inout some RandomNumberGenerator
    ) {
        precondition(inputSize > 0 && outputSize > 0,
                     "Dense: sizes must be positive, got \(inputSize) → \(outputSize)")
        weight = Parameter(
            name: "weight",
            value: weightInitializer.matrix(rows: inputSize, columns: outputSize, using: &generator))
        bias = Parameter(
            name: "bias",
            value: biasInitializer.matrix(rows: 1, columns: outputSize, using: &generator))
    }

    /// Creates a layer with the given weight `[in, out]` and bias `[1, out]`.
    public init(weight: Matrix, bias: Matrix) {
        precondition(bias.rows == 1 && bias.columns == weight.columns,
                     "Dense: bias is [\(bias.rows), \(bias.columns)], expected [1, \(weight.columns)]")
        self.weight = Parameter(name: "weight", value: weight)
        self.bias = Parameter(name: "bias", value: bias)
    }

    /// `weight`, then `bias`.
    public var parameters: [Parameter] { [weight, bias] }

    /// `y = x · W + b`: `[batch, inputSize] → [batch, outputSize]`.
    public func callAsFunction(_ input: Matrix) -> Matrix {
        let output = apply(input)
        cachedInput = input
        return output
    }

    /// The forward pass without caching anything, for inference (acting, targets).
    public func apply(_ input: Matrix) -> Matrix {
        precondition(input.columns == inputSize,
                     "Dense: input has \(input.columns) features, expected \(inputSize)")
        var output = Matrix(rows: input.rows, columns: outputSize)
        Matrix.gemm(input, weight.value, into: &output)
        output.addRowVector(bias.value)
        return output
    }

    /// Accumulates `dW += xᵀ·dY` and `db += Σ dY`; returns `dx = dY·Wᵀ`.
    public func backward(_ dOutput: Matrix) -> Matrix {
        guard let input = cachedInput else {
            preconditionFailure("Dense.backward called before a forward pass")
        }
        precondition(
            dOutput.rows == input.rows && dOutput.columns == outputSize,
            "Dense.backward: dOutput is [\(dOutput.rows), \(dOutput.columns)], "
                + "expected [\(input.rows), \(outputSize)]")
        Matrix.gemm(input, transposeA: true, dOutput, into: &weight.grad, beta: 1)
        dOutput.accumulateColumnSums(into: &bias.grad)
        var dInput = Matrix(rows: input.rows, columns: inputSize)
        Matrix.gemm(dOutput, weight.value, transposeB: true, into: &dInput)
        return dInput
    }
}
