import SegueTensor

/// A Q function over a pool of candidates: one value per candidate, for a batch
/// of states. The value agents differ only here: AH-DQN scores each candidate
/// with shared weights, DQN has one output per pool slot.
public protocol QNetwork: Trainable {
    /// `Q` of every candidate of `S` states, `[S, C]`: `contexts` `[S, contextSize]`,
    /// `pools[s]` state `s`'s `[C·F]` features. One batched pass.
    func values(contexts: Matrix, pools: [[Float]]) -> Matrix

    /// `max_{c unused} Q(s, c)` of each state with `wanted[s]`, 0 for the others and
    /// where no candidate is unused; `masks` is `[S·C]`, true where unused.
    func maxValues(contexts: Matrix, pools: [[Float]], masks: [Bool], wanted: [Bool]) -> [Float]

    /// `Q(s, a)` `[B, 1]` of the played candidates of `batch`; caches for `backward`.
    func chosenValues(_ batch: ReplayBatch) -> Matrix

    /// Accumulates parameter gradients for `dChosen` (`[B, 1]`), the gradient of
    /// the last `chosenValues`.
    func backward(chosen dChosen: Matrix)

    /// A network of the same shape, to hold copied weights (the target network).
    func sameShape() -> Self
}

extension QNetwork {
    /// The masked maximum of `values` over every candidate of the wanted states.
    public func maxValues(contexts: Matrix, pools: [[Float]], masks: [Bool], wanted: [Bool]) -> [Float] {
        let all = values(contexts: contexts, pools: pools)
        let c = all.columns
        return (0..<all.rows).map { s in
            guard wanted[s] else { return 0 }
            var best: Float?
            for j in 0..<c where masks[s * c + j] { best = max(best ?? -.infinity, all[s, j]) }
            return best ?? 0
        }
    }
}

/// The paper's action head: `Q(s, c) = MLP([context ‖ features(c)])` with shared
/// weights, so it scores pools of any size and generalises across tracks. Values
/// and maxima run as one blocked, cache-free pass over the rows they need (only
/// the unused candidates of the wanted states for `maxValues`).
extension CandidateScorer: QNetwork {
    public func values(contexts: Matrix, pools: [[Float]]) -> Matrix {
        scores(contexts: contexts, pools: pools)
    }

    public func maxValues(contexts: Matrix, pools: [[Float]], masks: [Bool], wanted: [Bool]) -> [Float] {
        maxScores(contexts: contexts, pools: pools, masks: masks, wanted: wanted)
    }

    /// Only the played candidates' rows go through the network: `[B, F]`.
    public func chosenValues(_ batch: ReplayBatch) -> Matrix {
        self(contexts: batch.contexts, features: batch.playedFeatures)
    }

    public func backward(chosen dChosen: Matrix) {
        backward(dChosen)
    }
}
