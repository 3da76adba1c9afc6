import Foundation

/// A stack of GRU layers over padded, masked batches; see `RecurrentStack`.
public typealias GRU = RecurrentStack<GRULayer>

/// One gated recurrent unit layer (Cho et al., 2014) in the "reset after" form used by
/// cuDNN, PyTorch and Keras, with full backpropagation through time.
///
/// Per step, with `x` `[batch, inputSize]` and gates in the order z, r, n:
///
///     a = x·Wx + bx        u = h₋₁·Wh + bh                 (each [batch, 3H])
///     z = σ(a_z + u_z)     r = σ(a_r + u_r)     n = fastTanh(a_n + r⊙u_n)
///     h = (1 − z)⊙n + z⊙h₋₁
///
/// `kernel` Wx is `[inputSize, 3H]`, `recurrentKernel` Wh is `[H, 3H]`, `bias` bx and
/// `recurrentBias` bh are `[1, 3H]`. The state is the hidden matrix `[batch, H]`. On a
/// padded step a row keeps `h₋₁` and outputs zeros; see `RecurrentLayer`.
public final class GRULayer: RecurrentLayer {
    public typealias State = Matrix

    /// The input kernel `Wx`, shape `[inputSize, 3 * hiddenSize]`.
    public let kernel: Parameter
    /// The recurrent kernel `Wh`, shape `[hiddenSize, 3 * hiddenSize]`.
    public let recurrentKernel: Parameter
    /// The input bias `bx`, shape `[1, 3 * hiddenSize]`.
    public let bias: Parameter
    /// The recurrent bias `bh`, shape `[1, 3 * hiddenSize]`.
    public let recurrentBias: Parameter
    public let inputSize: Int
    public let hiddenSize: Int

    /// What backward needs from the last cached forward pass (all time-major).
    private struct Cache {
        var batchSize: Int
        var length: Int
        var inputs: Matrix        // [T·B, inputSize]
        var valid: [Float]        // [T·B]
        var gates: Matrix         // [T·B, 3H], activated z, r, n
        var recurrentPart: Matrix // [T·B, 3H], u = h₋₁·Wh + bh
        var hidden: Matrix        // [(T+1)·B, H], block t = state before step t
    }
    private var cache: Cache?

    /// Creates a layer with Glorot-uniform `kernel`, orthogonal `recurrentKernel` and
    /// zero biases, drawn from `generator` in that order.
    public init(inputSize: Int, hiddenSize: Int, using generator: inout some RandomNumberGenerator) {
        precondition(inputSize > 0 && hiddenSize > 0,
                     "GRULayer: sizes must be positive, got \(inputSize) → \(hiddenSize)")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        kernel = Parameter(name: "kernel", value: Initializer.glorotUniform.matrix(
            rows: inputSize, columns: 3 * hiddenSize, using: &generator))
        recurrentKernel = Parameter(name: "recurrentKernel", value: Initializer.orthogonal().matrix(
            rows: hiddenSize, columns: 3 * hiddenSize, using: &generator))
        bias = Parameter(name: "bias", value: .zeros(1, 3 * hiddenSize))
        recurrentBias = Parameter(name: "recurrentBias", value: .zeros(1, 3 * hiddenSize))
    }

    /// `kernel`, `recurrentKernel`, `bias`, `recurrentBias`.
    public var parameters: [Parameter] { [kernel, recurrentKernel, bias, recurrentBias] }

    /// A zero hidden state `[batchSize, hiddenSize]`.
    public func zeroState(batchSize: Int) -> Matrix {
        .zeros(batchSize, hiddenSize)
    }

    public func forward(
        _ inputs: Matrix, batchSize: Int, valid: [Float], initialState: Matrix?, cache keep: Bool
    ) -> (outputs: Matrix, finalState: Matrix) {
        let (batch, hiddenCount) = (batchSize, hiddenSize)
        precondition(batch > 0 && inputs.rows % batch == 0,
                     "GRULayer: \(inputs.rows) input rows do not split into batches of \(batch)")
        precondition(inputs.columns == inputSize,
                     "GRULayer: input has \(inputs.columns) features, expected \(inputSize)")
        precondition(valid.count == inputs.rows, "GRULayer: \(valid.count) validity flags for \(inputs.rows) rows")
        let length = inputs.rows / batch
        let state = initialState ?? zeroState(batchSize: batch)
        precondition(state.rows == batch && state.columns == hiddenCount,
                     "GRULayer: initial state is [\(state.rows), \(state.columns)], expected [\(batch), \(hiddenCount)]")
        let width = 3 * hiddenCount
        var gates = Matrix(rows: length * batch, columns: width)
        Matrix.gemm(inputs, kernel.value, into: &gates)
        gates.addRowVector(bias.value)
        var recurrentPart = Matrix(rows: length * batch, columns: width)
        var hidden = Matrix(rows: (length + 1) * batch, columns: hiddenCount)
        hidden.storage.replaceSubrange(0..<(batch * hiddenCount), with: state.storage)
        var outputs = Matrix(rows: length * batch, columns: hiddenCount)

        recurrentKernel.value.storage.withUnsafeBufferPointer { wh in
        recurrentBias.value.storage.withUnsafeBufferPointer { bh in
        gates.storage.withUnsafeMutableBufferPointer { g in
        recurrentPart.storage.withUnsafeMutableBufferPointer { u in
        hidden.storage.withUnsafeMutableBufferPointer { h in
        outputs.storage.withUnsafeMutableBufferPointer { out in
            for t in 0..<length {
                rawGemm(transposeA: false, transposeB: false, m: batch, n: width, k: hiddenCount,
                        alpha: 1, a: h.baseAddress! + t * batch * hiddenCount, lda: hiddenCount,
                        b: wh.baseAddress!, ldb: width,
                        beta: 0, c: u.baseAddress! + t * batch * width, ldc: width)
                for b in 0..<batch {
                    let r = t * batch + b
                    let (previous, next) = (r * hiddenCount, (r + batch) * hiddenCount)
                    if valid[r] == 0 {
                        for j in 0..<hiddenCount { h[next + j] = h[previous + j] }
                        continue
                    }
                    let row = r * width
                    for j in 0..<width { u[row + j] += bh[j] }
                    for j in 0..<hiddenCount {
                        let update = sigmoid(g[row + j] + u[row + j])
                        let reset = sigmoid(g[row + hiddenCount + j] + u[row + hiddenCount + j])
                        let candidate = fastTanh(g[row + 2 * hiddenCount + j] + reset * u[row + 2 * hiddenCount + j])
                        g[row + j] = update
                        g[row + hiddenCount + j] = reset
                        g[row + 2 * hiddenCount + j] = candidate
                        let newHidden = (1 - update) * candidate + update * h[previous + j]
                        h[next + j] = newHidden
                        out[r * hiddenCount + j] = newHidden
                    }
                }
            }
        }}}}}}

        let tail = (length * batch * hiddenCount)..<((length + 1) * batch * hiddenCount)
        let finalState = Matrix(rows: batch, columns: hiddenCount, storage: Array(hidden.storage[tail]))
        if keep {
            cache = Cache(batchSize: batch, length: length, inputs: inputs, valid: valid, gates: gates,
                          recurrentPart: recurrentPart, hidden: hidden)
        }
        return (outputs, finalState)
    }

    public func backward(_ dOutputs: Matrix) -> (dInputs: Matrix, dInitialState: Matrix) {
        guard let cache else { preconditionFailure("GRULayer.backward called before a forward pass") }
        let (batch, length, hiddenCount) = (cache.batchSize, cache.length, hiddenSize)
        precondition(dOutputs.rows == length * batch && dOutputs.columns == hiddenCount,
                     "GRULayer.backward: dOutputs is [\(dOutputs.rows), \(dOutputs.columns)], expected [\(length * batch), \(hiddenCount)]")
        if length == 0 {
            return (Matrix(rows: 0, columns: inputSize), zeroState(batchSize: batch))
        }
        let width = 3 * hiddenCount
        var dInputGates = Matrix(rows: length * batch, columns: width)      // ∂loss/∂a
        var dRecurrentGates = Matrix(rows: length * batch, columns: width)  // ∂loss/∂u
        var dHidden = Matrix(rows: batch, columns: hiddenCount)
        let valid = cache.valid

        recurrentKernel.value.storage.withUnsafeBufferPointer { wh in
        dOutputs.storage.withUnsafeBufferPointer { dOut in
        cache.gates.storage.withUnsafeBufferPointer { g in
        cache.recurrentPart.storage.withUnsafeBufferPointer { u in
        cache.hidden.storage.withUnsafeBufferPointer { h in
        dInputGates.storage.withUnsafeMutableBufferPointer { da in
        dRecurrentGates.storage.withUnsafeMutableBufferPointer { du in
        dHidden.storage.withUnsafeMutableBufferPointer { dh in
            for t in stride(from: length - 1, through: 0, by: -1) {
                for b in 0..<batch {
                    let r = t * batch + b
                    if valid[r] == 0 { continue }   // dh passes through; gate gradients stay 0
                    let row = r * width
                    for j in 0..<hiddenCount {
                        let (update, reset) = (g[row + j], g[row + hiddenCount + j])
                        let candidate = g[row + 2 * hiddenCount + j]
                        let previous = h[r * hiddenCount + j]
                        let dhValue = dOut[r * hiddenCount + j] + dh[b * hiddenCount + j]
                        let dCandidate = dhValue * (1 - update) * (1 - candidate * candidate)
                        let dUpdate = dhValue * (previous - candidate) * update * (1 - update)
                        let dReset = dCandidate * u[row + 2 * hiddenCount + j] * reset * (1 - reset)
                        da[row + j] = dUpdate
                        da[row + hiddenCount + j] = dReset
                        da[row + 2 * hiddenCount + j] = dCandidate
                        du[row + j] = dUpdate
                        du[row + hiddenCount + j] = dReset
                        du[row + 2 * hiddenCount + j] = dCandidate * reset
                        dh[b * hiddenCount + j] = dhValue * update   // direct path; du·Whᵀ added below
                    }
                }
                rawGemm(transposeA: false, transposeB: true, m: batch, n: hiddenCount, k: width,
                        alpha: 1, a: UnsafePointer(du.baseAddress! + t * batch * width), lda: width,
                        b: wh.baseAddress!, ldb: width,
                        beta: 1, c: dh.baseAddress!, ldc: hiddenCount)
            }
        }}}}}}}}

        Matrix.gemm(cache.inputs, transposeA: true, dInputGates, into: &kernel.grad, beta: 1)
        dInputGates.accumulateColumnSums(into: &bias.grad)
        dRecurrentGates.accumulateColumnSums(into: &recurrentBias.grad)
        cache.hidden.storage.withUnsafeBufferPointer { h in
            dRecurrentGates.storage.withUnsafeBufferPointer { du in
                recurrentKernel.grad.storage.withUnsafeMutableBufferPointer { gradient in
                    rawGemm(transposeA: true, transposeB: false, m: hiddenCount, n: width, k: length * batch,
                            alpha: 1, a: h.baseAddress!, lda: hiddenCount, b: du.baseAddress!, ldb: width,
                            beta: 1, c: gradient.baseAddress!, ldc: width)
                }
            }
        }
        var dInputs = Matrix(rows: length * batch, columns: inputSize)
        Matrix.gemm(dInputGates, kernel.value, transposeB: true, into: &dInputs)
        return (dInputs, dHidden)
    }
}
