import SegueTensor

/// A Q function over a pool of candidates: one value per candidate, for a batch
/// of states. The value agents differ only here: AH-DQN scores each candidate
/// with shared weights, DQN has one output per pool slot.
public protocol QNetwork: Trainable {
    /// `Q` of every candidate of `S` states, `[S, C]`: `contexts` `[S, contextSize]`,
    /// `pools` `[S·C, F]` state-major. One batched pass.
    func values(contexts: Matrix, pools: Matrix) -> Matrix

    /// `Q(s, a)` `[B, 1]` of the played candidates `actions`; caches for `backward`.
    func chosenValues(contexts: Matrix, pools: Matrix, actions: [Int]) -> Matrix

    /// Accumulates parameter gradients for `dChosen` (`[B, 1]`), the gradient of
    /// the last `chosenValues`.
    func backward(chosen dChosen: Matrix)

    /// A network of the same shape, to hold copied weights (the target network).
    func sameShape() -> Self
}

/// The paper's action head: `Q(s, c) = MLP([context ‖ features(c)])` with shared
/// weights, so it scores pools of any size and generalises across tracks.
extension CandidateScorer: QNetwork {
    public func values(contexts: Matrix, pools: Matrix) -> Matrix {
        infer(contexts: contexts, features: pools)
    }

    /// Only the played candidates' rows go through the network: `[B, F]`.
    public func chosenValues(contexts: Matrix, pools: Matrix, actions: [Int]) -> Matrix {
        let c = pools.rows / contexts.rows
        let rows = actions.enumerated().map { $0.offset * c + $0.element }
        return self(contexts: contexts, features: pools.gatherRows(rows))
    }

    public func backward(chosen dChosen: Matrix) {
        backward(dChosen)
    }
}
