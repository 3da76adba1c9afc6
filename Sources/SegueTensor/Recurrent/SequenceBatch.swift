/// A padded batch of sequences, stored flat and time-major, with a validity mask.
///
/// Logically `[batch, time, features]`. Stored as `values`, shape
/// `[length * batchSize, features]`, where step `t` of sequence `b` is row
/// `t * batchSize + b`, so each time step is one contiguous `[batchSize, features]`
/// block (what the recurrent kernels multiply). `mask` has shape `[batchSize, length]`:
/// 1 for a real step, 0 for padding. Recurrent layers do not update their state on a
/// padded step, output zeros there, and send no gradient to its input.
public struct SequenceBatch: Equatable, Sendable {
    /// Number of sequences.
    public let batchSize: Int
    /// Number of time steps (the padded length).
    public let length: Int
    /// Step features, shape `[length * batchSize, features]`, row `t * batchSize + b`.
    public var values: Matrix
    /// Validity, shape `[batchSize, length]`: 1 for a real step, 0 for padding.
    public var mask: Matrix

    /// Number of features per step.
    public var featureCount: Int { values.columns }

    /// Wraps flat time-major `values` and a `[batchSize, length]` mask (all ones when
    /// `nil`).
    ///
    /// - Precondition: `values.rows == length * batchSize`; the mask shape matches.
    public init(values: Matrix, batchSize: Int, length: Int, mask: Matrix? = nil) {
        precondition(
            values.rows == length * batchSize,
            "SequenceBatch: values have \(values.rows) rows, expected length \(length) × batch \(batchSize)")
        let mask = mask ?? Matrix(rows: batchSize, columns: length, repeating: 1)
        precondition(
            mask.rows == batchSize && mask.columns == length,
            "SequenceBatch: mask is [\(mask.rows), \(mask.columns)], expected [\(batchSize), \(length)]")
        self.batchSize = batchSize
        self.length = length
        self.values = values
        self.mask = mask
    }

    /// Pads `sequences` (each a list of steps, each step `featureCount` values) with
    /// zeros to `length` (default: the longest), masking the padding.
    ///
    /// - Precondition: every step has `featureCount` values; no sequence is longer than
    ///   `length`.
    public init(sequences: [[[Float]]], featureCount: Int, length: Int? = nil) {
        let longest = sequences.map(\.count).max() ?? 0
        let length = length ?? longest
        precondition(longest <= length, "SequenceBatch: a sequence of \(longest) steps exceeds length \(length)")
        let batchSize = sequences.count
        var values = Matrix(rows: length * batchSize, columns: featureCount)
        var mask = Matrix(rows: batchSize, columns: length)
        for (b, sequence) in sequences.enumerated() {
            for (t, step) in sequence.enumerated() {
                precondition(
                    step.count == featureCount,
                    "SequenceBatch: sequence \(b) step \(t) has \(step.count) features, expected \(featureCount)")
                values.setRow(t * batchSize + b, to: step)
                mask[b, t] = 1
            }
        }
        self.init(values: values, batchSize: batchSize, length: length, mask: mask)
    }

    /// The row of `values` holding step `time` of sequence `batch`.
    @inline(__always)
    public func rowIndex(batch: Int, time: Int) -> Int {
        time * batchSize + batch
    }

    /// Step `time` of every sequence, shape `[batchSize, features]`.
    public func step(_ time: Int) -> Matrix {
        precondition(time >= 0 && time < length, "SequenceBatch.step: time \(time) outside 0..<\(length)")
        let start = time * batchSize * featureCount
        let end = start + batchSize * featureCount
        return Matrix(rows: batchSize, columns: featureCount, storage: Array(values.storage[start..<end]))
    }

    /// The mask in time-major order, `valid[t * batchSize + b] = mask[b, t]` as 0 or 1.
    public var timeMajorValidity: [Float] {
        var valid = [Float](repeating: 0, count: length * batchSize)
        for b in 0..<batchSize {
            for t in 0..<length where mask[b, t] != 0 { valid[t * batchSize + b] = 1 }
        }
        return valid
    }

    /// The number of real steps in each sequence.
    public var lengths: [Int] {
        (0..<batchSize).map { b in (0..<length).reduce(0) { $0 + (mask[b, $1] != 0 ? 1 : 0) } }
    }

    /// For each sequence, the row of its last real step, or `nil` when it has none.
    public var lastValidRows: [Int?] {
        (0..<batchSize).map { b in
            (0..<length).last(where: { mask[b, $0] != 0 }).map { rowIndex(batch: b, time: $0) }
        }
    }

    /// Picks each sequence's last real step from `perStep` (`[length * batchSize, n]`,
    /// this batch's layout), giving `[batchSize, n]`; zeros for empty sequences.
    public func gatherLast(_ perStep: Matrix) -> Matrix {
        precondition(perStep.rows == length * batchSize,
                     "SequenceBatch.gatherLast: \(perStep.rows) rows, expected \(length * batchSize)")
        var result = Matrix(rows: batchSize, columns: perStep.columns)
        for (b, row) in lastValidRows.enumerated() {
            if let row { result.setRow(b, to: perStep.row(row)) }
        }
        return result
    }

    /// The backward pass of `gatherLast`: puts row `b` of `gradient` (`[batchSize, n]`)
    /// at sequence `b`'s last real step of a zero `[length * batchSize, n]` matrix.
    public func scatterLast(_ gradient: Matrix) -> Matrix {
        precondition(gradient.rows == batchSize,
                     "SequenceBatch.scatterLast: \(gradient.rows) rows, expected \(batchSize)")
        var result = Matrix(rows: length * batchSize, columns: gradient.columns)
        for (b, row) in lastValidRows.enumerated() {
            if let row { result.setRow(row, to: gradient.row(b)) }
        }
        return result
    }

    /// This batch with `values` replaced (same batch size, length and mask), e.g. the
    /// outputs of a recurrent layer.
    public func replacingValues(_ newValues: Matrix) -> SequenceBatch {
        SequenceBatch(values: newValues, batchSize: batchSize, length: length, mask: mask)
    }
}
