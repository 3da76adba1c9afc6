import SegueCore
import SegueTensor

/// One network applied to every candidate with shared weights: the action head of
/// the paper's AH-DQN, and the policy of PPO.
///
///     score(s, c) = MLP([context(s) ‖ features(c)])
///
/// with ReLU between layers and a linear output of width 1. The first layer is a
/// `SplitDense`, so scoring a pool of `C` candidates costs one `[C, F]·[F, H]` sgemm
/// plus one context row; inference over many states runs as one blocked pass
/// (`CandidateScorer+Pass.swift`).
/// Kernels are Glorot-uniform (the first with fan-in `contextSize + featureSize`),
/// biases 0, as bench-workload-v1 section 8B fixes.
public final class CandidateScorer: Trainable {
    public let contextSize: Int
    public let featureSize: Int
    /// Hidden widths, e.g. `[64, 64]`.
    public let hidden: [Int]
    let first: SplitDense
    /// ReLU, Dense, ReLU, ..., Dense(→ 1).
    let tail: Sequential
    /// The dense layers of `tail`, for the cache-free inference pass.
    let denses: [Dense]
    /// Threads an inference pass spreads its blocks over (`CandidateScorer+Pass.swift`);
    /// the scores are the same for any count.
    public var workerCount = 1
    /// One set of block buffers per worker, made on first use.
    var workspaces: [ScoringWorkspace] = []
    /// The rows of the last pass, kept for their capacity.
    var sparePlan = ScoringPlan()

    /// A fresh network, its weights drawn from `generator`.
    /// - Precondition: at least one hidden layer, all widths positive.
    public init(contextSize: Int, featureSize: Int, hidden: [Int], using generator: inout some RandomNumberGenerator) {
        precondition(!hidden.isEmpty && hidden.allSatisfy { $0 > 0 }, "CandidateScorer: hidden widths \(hidden) must be positive")
        self.contextSize = contextSize
        self.featureSize = featureSize
        self.hidden = hidden
        first = SplitDense(contextSize: contextSize, featureSize: featureSize, outputSize: hidden[0], using: &generator)
        var layers: [any Layer] = []
        for (i, width) in hidden.enumerated() {
            layers.append(ReLU())
            layers.append(Dense(inputSize: width, outputSize: i + 1 < hidden.count ? hidden[i + 1] : 1, using: &generator))
        }
        tail = Sequential(layers)
        denses = layers.compactMap { $0 as? Dense }
    }

    /// A network of the same shape (weights to be copied in), e.g. a target network.
    public func sameShape() -> CandidateScorer {
        var unused = SeededGenerator(seed: 0)  // overwritten by the caller
        return CandidateScorer(contextSize: contextSize, featureSize: featureSize, hidden: hidden, using: &unused)
    }

    public var parameters: [Parameter] { first.parameters + tail.parameters }

    /// `first.context_weight`, `first.feature_weight`, `first.bias`, then `tail.1.weight`, ...
    public var namedParameters: [(name: String, parameter: Parameter)] {
        first.namedParameters.map { ("first." + $0.name, $0.parameter) }
            + tail.namedParameters.map { ("tail." + $0.name, $0.parameter) }
    }

    /// Scores `[S, k]` of the `k` candidate rows of each of `S` states
    /// (`contexts` `[S, contextSize]`, `features` `[S·k, featureSize]`). Caches for `backward`.
    public func callAsFunction(contexts: Matrix, features: Matrix) -> Matrix {
        let h = first(contexts: contexts, features: features)
        return tail(h).reshaped(contexts.rows, features.rows / contexts.rows)
    }

    /// Accumulates parameter gradients for `dScores`, the shape of the last output `[S, k]`.
    public func backward(_ dScores: Matrix) {
        first.backward(tail.backward(dScores.reshaped(dScores.count, 1)))
    }
}

extension Matrix {
    /// Runs `body` on the elements in place. Writing through `storage` from outside
    /// SegueTensor goes through its `didSet` and copies the whole array first; moving
    /// the array out, writing it, and moving it back does not.
    mutating func withElements(_ body: (inout UnsafeMutableBufferPointer<Float>) -> Void) {
        let (r, c) = (rows, columns)
        var elements = storage
        self = Matrix(rows: 0, columns: 0)
        elements.withUnsafeMutableBufferPointer(body)
        self = Matrix(rows: r, columns: c, storage: elements)
    }

    /// Adds row `r / rowsPerRow` of `rows` to each row `r`, then applies ReLU when
    /// asked: `x[r, c] = max(x[r, c] + rows[r / rowsPerRow, c], 0)`. One fused pass.
    mutating func addRows(_ source: Matrix, rowsPerRow: Int, relu: Bool) {
        precondition(source.columns == columns && source.rows * rowsPerRow == rows,
                     "addRows: [\(source.rows), \(source.columns)] × \(rowsPerRow) for [\(rows), \(columns)]")
        let width = columns, n = rows
        withElements { out in
            source.storage.withUnsafeBufferPointer { add in
                for r in 0..<n {
                    let x = out.baseAddress! + r * width, b = add.baseAddress! + (r / rowsPerRow) * width
                    if relu {
                        for c in 0..<width { x[c] = max(x[c] + b[c], 0) }
                    } else {
                        for c in 0..<width { x[c] += b[c] }
                    }
                }
            }
        }
    }
}
