import Foundation

/// The carried state of one LSTM layer: hidden `h` and cell `c`, each
/// `[batch, hiddenSize]`.
public struct LSTMState: Equatable, Sendable {
    /// The hidden state `h` (also the layer's output).
    public var hidden: Matrix
    /// The cell state `c`.
    public var cell: Matrix

    /// Creates a state from `hidden` and `cell`, which must have the same shape.
    public init(hidden: Matrix, cell: Matrix) {
        precondition(hidden.hasSameShape(as: cell), "LSTMState: hidden and cell shapes differ")
        self.hidden = hidden
        self.cell = cell
    }
}

/// A stack of LSTM layers over padded, masked batches; see `RecurrentStack`.
public typealias LSTM = RecurrentStack<LSTMLayer>

/// One long short-term memory layer (Hochreiter & Schmidhuber, 1997) over a padded
/// batch, with full backpropagation through time.
///
/// Per step, with `x` `[batch, inputSize]` and gates in the order i, f, g, o:
///
///     z = x·Wx + h₋₁·Wh + b                      ([batch, 4H])
///     i = σ(z_i)  f = σ(z_f)  g = fastTanh(z_g)  o = σ(z_o)
///     c = f⊙c₋₁ + i⊙g      h = o⊙tanh(c)
///
/// `kernel` Wx is `[inputSize, 4H]`, `recurrentKernel` Wh is `[H, 4H]`, `bias` b is
/// `[1, 4H]`. On a padded step (valid = 0) a row keeps `h₋₁, c₋₁` and outputs zeros.
/// Layout and masking are described on `RecurrentLayer`.
public final class LSTMLayer: RecurrentLayer {
    /// The input kernel `Wx`, shape `[inputSize, 4 * hiddenSize]`.
    public let kernel: Parameter
    /// The recurrent kernel `Wh`, shape `[hiddenSize, 4 * hiddenSize]`.
    public let recurrentKernel: Parameter
    /// The bias `b`, shape `[1, 4 * hiddenSize]`.
    public let bias: Parameter
    public let inputSize: Int
    public let hiddenSize: Int

    /// What backward needs from the last cached forward pass (all time-major).
    private struct Cache {
        var batchSize: Int
        var length: Int
        var inputs: Matrix     // [T·B, inputSize]
        var valid: [Float]     // [T·B]
        var gates: Matrix      // [T·B, 4H], activated i, f, g, o
        var hidden: Matrix     // [(T+1)·B, H], block t = state before step t
        var cell: Matrix       // [(T+1)·B, H]
        var cellTanh: Matrix   // [T·B, H], tanh(c) after step t
    }
    private var cache: Cache?

    /// Creates a layer with Glorot-uniform `kernel`, orthogonal `recurrentKernel` and
    /// zero `bias` except 1 on the forget gate (Jozefowicz et al., 2015), drawn from
    /// `generator` in that order.
    public init(inputSize: Int, hiddenSize: Int, using generator: inout some RandomNumberGenerator) {
        precondition(inputSize > 0 && hiddenSize > 0,
                     "LSTMLayer: sizes must be positive, got \(inputSize) → \(hiddenSize)")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        kernel = Parameter(name: "kernel", value: Initializer.glorotUniform.matrix(
            rows: inputSize, columns: 4 * hiddenSize, using: &generator))
        recurrentKernel = Parameter(name: "recurrentKernel", value: Initializer.orthogonal().matrix(
            rows: hiddenSize, columns: 4 * hiddenSize, using: &generator))
        var b = Matrix(rows: 1, columns: 4 * hiddenSize)
        for j in hiddenSize..<(2 * hiddenSize) { b[0, j] = 1 }
        bias = Parameter(name: "bias", value: b)
    }

    /// `kernel`, `recurrentKernel`, `bias`.
    public var parameters: [Parameter] { [kernel, recurrentKernel, bias] }

    /// Zero `hidden` and `cell`, each `[batchSize, hiddenSize]`.
    public func zeroState(batchSize: Int) -> LSTMState {
        LSTMState(hidden: .zeros(batchSize, hiddenSize), cell: .zeros(batchSize, hiddenSize))
    }

    public func forward(
        _ inputs: Matrix, batchSize: Int, valid: [Float], initialState: LSTMState?, cache keep: Bool
    ) -> (outputs: Matrix, finalState: LSTMState) {
        let (batch, hiddenCount) = (batchSize, hiddenSize)
        precondition(batch > 0 && inputs.rows % batch == 0,
                     "LSTMLayer: \(inputs.rows) input rows do not split into batches of \(batch)")
        precondition(inputs.columns == inputSize,
                     "LSTMLayer: input has \(inputs.columns) features, expected \(inputSize)")
        precondition(valid.count == inputs.rows, "LSTMLayer: \(valid.count) validity flags for \(inputs.rows) rows")
        let length = inputs.rows / batch
        let state = initialState ?? zeroState(batchSize: batch)
        precondition(state.hidden.rows == batch && state.hidden.columns == hiddenCount,
                     "LSTMLayer: initial state is [\(state.hidden.rows), \(state.hidden.columns)], expected [\(batch), \(hiddenCount)]")
        let width = 4 * hiddenCount
        var gates = Matrix(rows: length * batch, columns: width)
        Matrix.gemm(inputs, kernel.value, into: &gates)
        gates.addRowVector(bias.value)
        var hidden = Matrix(rows: (length + 1) * batch, columns: hiddenCount)
        var cell = Matrix(rows: (length + 1) * batch, columns: hiddenCount)
        hidden.storage.replaceSubrange(0..<(batch * hiddenCount), with: state.hidden.storage)
        cell.storage.replaceSubrange(0..<(batch * hiddenCount), with: state.cell.storage)
        var outputs = Matrix(rows: length * batch, columns: hiddenCount)
        var cellTanh = Matrix(rows: length * batch, columns: hiddenCount)
        // One row's exponentials (of the units done in lanes): the gates', then the new cell's.
        let laned = hiddenCount - hiddenCount % Lanes.width
        let e = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer { e.deallocate() }

        recurrentKernel.value.storage.withUnsafeBufferPointer { wh in
        gates.storage.withUnsafeMutableBufferPointer { g in
        hidden.storage.withUnsafeMutableBufferPointer { h in
        cell.storage.withUnsafeMutableBufferPointer { c in
        outputs.storage.withUnsafeMutableBufferPointer { out in
        cellTanh.storage.withUnsafeMutableBufferPointer { ct in
            for t in 0..<length {
                rawGemm(transposeA: false, transposeB: false, m: batch, n: width, k: hiddenCount,
                        alpha: 1, a: h.baseAddress! + t * batch * hiddenCount, lda: hiddenCount,
                        b: wh.baseAddress!, ldb: width,
                        beta: 1, c: g.baseAddress! + t * batch * width, ldc: width)
                for b in 0..<batch {
                    let r = t * batch + b                 // this step; also row of the previous state
                    let (previous, next) = (r * hiddenCount, (r + batch) * hiddenCount)
                    if valid[r] == 0 {
                        for j in 0..<hiddenCount {
                            h[next + j] = h[previous + j]
                            c[next + j] = c[previous + j]
                        }
                        continue
                    }
                    let z = r * width
                    // The gates' exponentials (one libm call each), then the row in lanes.
                    for gate in 0..<4 {
                        let base = gate * hiddenCount
                        for k in base..<(base + laned) {
                            e[k] = gate == 2 ? tanhExponential(g[z + k]) : sigmoidExponential(g[z + k])
                        }
                    }
                    var j = 0
                    while j < laned {
                        let i = sigmoid(exponential: Lanes.load(e + j))
                        let f = sigmoid(exponential: Lanes.load(e + hiddenCount + j))
                        let candidate = fastTanh(Lanes.load(g.baseAddress! + z + 2 * hiddenCount + j),
                                                 exponential: Lanes.load(e + 2 * hiddenCount + j))
                        let o = sigmoid(exponential: Lanes.load(e + 3 * hiddenCount + j))
                        Lanes.store(i, g.baseAddress! + z + j)
                        Lanes.store(f, g.baseAddress! + z + hiddenCount + j)
                        Lanes.store(candidate, g.baseAddress! + z + 2 * hiddenCount + j)
                        Lanes.store(o, g.baseAddress! + z + 3 * hiddenCount + j)
                        Lanes.store(f * Lanes.load(c.baseAddress! + previous + j) + i * candidate, c.baseAddress! + next + j)
                        j += Lanes.width
                    }
                    for k in 0..<laned { e[k] = tanhExponential(c[next + k]) }
                    j = 0
                    while j < laned {
                        let squashed = fastTanh(Lanes.load(c.baseAddress! + next + j), exponential: Lanes.load(e + j))
                        let o = Lanes.load(g.baseAddress! + z + 3 * hiddenCount + j)
                        Lanes.store(o * squashed, h.baseAddress! + next + j)
                        Lanes.store(squashed, ct.baseAddress! + r * hiddenCount + j)
                        Lanes.store(o * squashed, out.baseAddress! + r * hiddenCount + j)
                        j += Lanes.width
                    }
                    // What is left of a width that is not a multiple of the lanes, one by one.
                    for j in laned..<hiddenCount {
                        let i = sigmoid(g[z + j])
                        let f = sigmoid(g[z + hiddenCount + j])
                        let candidate = fastTanh(g[z + 2 * hiddenCount + j])
                        let o = sigmoid(g[z + 3 * hiddenCount + j])
                        g[z + j] = i
                        g[z + hiddenCount + j] = f
                        g[z + 2 * hiddenCount + j] = candidate
                        g[z + 3 * hiddenCount + j] = o
                        let newCell = f * c[previous + j] + i * candidate
                        let squashed = fastTanh(newCell)
                        c[next + j] = newCell
                        h[next + j] = o * squashed
                        ct[r * hiddenCount + j] = squashed
                        out[r * hiddenCount + j] = o * squashed
                    }
                }
            }
        }}}}}}

        let tail = (length * batch * hiddenCount)..<((length + 1) * batch * hiddenCount)
        let finalState = LSTMState(
            hidden: Matrix(rows: batch, columns: hiddenCount, storage: Array(hidden.storage[tail])),
            cell: Matrix(rows: batch, columns: hiddenCount, storage: Array(cell.storage[tail])))
        if keep {
            cache = Cache(batchSize: batch, length: length, inputs: inputs, valid: valid, gates: gates,
                          hidden: hidden, cell: cell, cellTanh: cellTanh)
        }
        return (outputs, finalState)
    }

    public func backward(_ dOutputs: Matrix) -> (dInputs: Matrix, dInitialState: LSTMState) {
        backward(dOutputs, inputGradient: true)
    }

    public func backward(_ dOutputs: Matrix, inputGradient: Bool) -> (dInputs: Matrix, dInitialState: LSTMState) {
        guard let cache else { preconditionFailure("LSTMLayer.backward called before a forward pass") }
        let (batch, length, hiddenCount) = (cache.batchSize, cache.length, hiddenSize)
        precondition(dOutputs.rows == length * batch && dOutputs.columns == hiddenCount,
                     "LSTMLayer.backward: dOutputs is [\(dOutputs.rows), \(dOutputs.columns)], expected [\(length * batch), \(hiddenCount)]")
        if length == 0 {
            return (Matrix(rows: 0, columns: inputSize), zeroState(batchSize: batch))
        }
        let width = 4 * hiddenCount
        var dGates = Matrix(rows: length * batch, columns: width)
        var dHidden = Matrix(rows: batch, columns: hiddenCount)   // ∂loss/∂h carried to earlier steps
        var dCell = Matrix(rows: batch, columns: hiddenCount)     // ∂loss/∂c carried to earlier steps
        let valid = cache.valid

        recurrentKernel.value.storage.withUnsafeBufferPointer { wh in
        dOutputs.storage.withUnsafeBufferPointer { dOut in
        cache.gates.storage.withUnsafeBufferPointer { g in
        cache.cell.storage.withUnsafeBufferPointer { c in
        cache.cellTanh.storage.withUnsafeBufferPointer { ct in
        dGates.storage.withUnsafeMutableBufferPointer { dz in
        dHidden.storage.withUnsafeMutableBufferPointer { dh in
        dCell.storage.withUnsafeMutableBufferPointer { dc in
            for t in stride(from: length - 1, through: 0, by: -1) {
                for b in 0..<batch {
                    let r = t * batch + b
                    // Padded: dz stays 0; dh and dc pass through to the previous step.
                    if valid[r] == 0 { continue }
                    let z = r * width
                    for j in 0..<hiddenCount {
                        let (i, f) = (g[z + j], g[z + hiddenCount + j])
                        let (candidate, o) = (g[z + 2 * hiddenCount + j], g[z + 3 * hiddenCount + j])
                        let squashed = ct[r * hiddenCount + j]
                        let dhValue = dOut[r * hiddenCount + j] + dh[b * hiddenCount + j]
                        let dcValue = dc[b * hiddenCount + j] + dhValue * o * (1 - squashed * squashed)
                        dz[z + j] = dcValue * candidate * i * (1 - i)
                        dz[z + hiddenCount + j] = dcValue * c[r * hiddenCount + j] * f * (1 - f)
                        dz[z + 2 * hiddenCount + j] = dcValue * i * (1 - candidate * candidate)
                        dz[z + 3 * hiddenCount + j] = dhValue * squashed * o * (1 - o)
                        dc[b * hiddenCount + j] = dcValue * f
                        dh[b * hiddenCount + j] = 0   // refilled by dz·Whᵀ below
                    }
                }
                // dh₋₁ += dz_t · Whᵀ (rows of padded steps add zero).
                rawGemm(transposeA: false, transposeB: true, m: batch, n: hiddenCount, k: width,
                        alpha: 1, a: UnsafePointer(dz.baseAddress! + t * batch * width), lda: width,
                        b: wh.baseAddress!, ldb: width,
                        beta: 1, c: dh.baseAddress!, ldc: hiddenCount)
            }
        }}}}}}}}

        // Parameter gradients over all steps at once.
        Matrix.gemm(cache.inputs, transposeA: true, dGates, into: &kernel.grad, beta: 1)
        cache.hidden.storage.withUnsafeBufferPointer { h in
            dGates.storage.withUnsafeBufferPointer { dz in
                recurrentKernel.grad.storage.withUnsafeMutableBufferPointer { gradient in
                    rawGemm(transposeA: true, transposeB: false, m: hiddenCount, n: width, k: length * batch,
                            alpha: 1, a: h.baseAddress!, lda: hiddenCount, b: dz.baseAddress!, ldb: width,
                            beta: 1, c: gradient.baseAddress!, ldc: width)
                }
            }
        }
        dGates.accumulateColumnSums(into: &bias.grad)
        guard inputGradient else { return (Matrix(rows: 0, columns: inputSize), LSTMState(hidden: dHidden, cell: dCell)) }
        var dInputs = Matrix(rows: length * batch, columns: inputSize)
        Matrix.gemm(dGates, kernel.value, transposeB: true, into: &dInputs)
        return (dInputs, LSTMState(hidden: dHidden, cell: dCell))
    }
}
