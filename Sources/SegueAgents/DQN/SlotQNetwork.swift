import SegueCore
import SegueTensor

/// The vanilla DQN head: one output per pool slot,
///
///     Q(s, ·) = MLP(context ‖ features(c₀) ‖ … ‖ features(c_{C−1}))   → [C]
///
/// The input is the context and every candidate's features flattened in pool
/// order (the candidates change from episode to episode, so a context-only input
/// could not tell slots apart). Slot `c` means "the `c`-th candidate", whatever
/// track that is, which is why it generalises poorly: the paper's point.
/// Glorot-uniform kernels, zero biases, ReLU between layers.
public final class SlotQNetwork: QNetwork {
    public let contextSize: Int
    public let featureSize: Int
    public let candidateCount: Int
    public let hidden: [Int]
    let mlp: Sequential
    private var lastOutput: (values: Matrix, actions: [Int])?

    /// A fresh network, weights drawn from `generator`.
    public init(contextSize: Int, featureSize: Int, candidateCount: Int, hidden: [Int],
                using generator: inout some RandomNumberGenerator) {
        self.contextSize = contextSize
        self.featureSize = featureSize
        self.candidateCount = candidateCount
        self.hidden = hidden
        let sizes = [contextSize + candidateCount * featureSize] + hidden + [candidateCount]
        var layers: [any Layer] = []
        for i in 0..<(sizes.count - 1) {
            if i > 0 { layers.append(ReLU()) }
            layers.append(Dense(inputSize: sizes[i], outputSize: sizes[i + 1], using: &generator))
        }
        mlp = Sequential(layers)
    }

    public func sameShape() -> SlotQNetwork {
        var unused = SeededGenerator(seed: 0)  // overwritten by the caller
        return SlotQNetwork(contextSize: contextSize, featureSize: featureSize, candidateCount: candidateCount,
                            hidden: hidden, using: &unused)
    }

    public var parameters: [Parameter] { mlp.parameters }
    public var namedParameters: [(name: String, parameter: Parameter)] { mlp.namedParameters }

    /// `[S, contextSize + C·F]`: each state's context then its pool.
    func inputs(contexts: Matrix, pools: [[Float]]) -> Matrix {
        let s = contexts.rows, width = contextSize + candidateCount * featureSize, pool = candidateCount * featureSize
        precondition(pools.count == s && pools.allSatisfy { $0.count == pool },
                     "SlotQNetwork: \(pools.count) pools for \(s) states, each must hold \(candidateCount) candidates")
        var x: [Float] = []
        x.reserveCapacity(s * width)
        for i in 0..<s {
            x += contexts.storage[i * contextSize ..< (i + 1) * contextSize]
            x += pools[i]
        }
        return Matrix(rows: s, columns: width, storage: x)
    }

    public func values(contexts: Matrix, pools: [[Float]]) -> Matrix {
        mlp(inputs(contexts: contexts, pools: pools))
    }

    public func chosenValues(_ batch: ReplayBatch) -> Matrix {
        let all = values(contexts: batch.contexts, pools: batch.pools)
        lastOutput = (all, batch.actions)
        return Matrix(columnVector: batch.actions.enumerated().map { all[$0.offset, $0.element] })
    }

    /// Spreads `dChosen` into the played slots' columns (zero elsewhere), then back through the MLP.
    public func backward(chosen dChosen: Matrix) {
        guard let (all, actions) = lastOutput else { preconditionFailure("SlotQNetwork.backward before chosenValues") }
        var d = Matrix.zeros(like: all)
        for (i, a) in actions.enumerated() { d[i, a] = dChosen[i, 0] }
        _ = mlp.backward(d)
    }
}
