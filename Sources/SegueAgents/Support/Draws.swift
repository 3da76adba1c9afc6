import SegueCore

/// Counter-based random draws for agents: every draw is a pure function of the
/// agent's seed, a stream number and a counter the agent already keeps (env
/// steps taken, updates done), so a checkpoint needs no generator state and a
/// resumed run draws exactly the numbers an uninterrupted one would.
public struct AgentDraws: Sendable, Equatable {
    /// Exploration: two draws per env step (explore?, which candidate).
    public let exploration: SeedKey
    /// Replay sampling: `batchSize` draws per update.
    public let replay: SeedKey
    /// Policy sampling and minibatch shuffles (policy-gradient agents).
    public let policy: SeedKey
    /// Initial weights (walked once, by a `SeededGenerator`).
    public let weights: SeedKey

    /// The streams of agent seed `seed`.
    public init(seed: UInt64) {
        let root = SeedKey(seed).derive(0xA6E7)
        exploration = root.derive(1)
        replay = root.derive(2)
        policy = root.derive(3)
        weights = root.derive(4)
    }

    /// A uniformly random unused candidate: the `index`-th draw of `key` over the
    /// unused indices, ascending.
    public static func randomUnused(_ mask: [Bool], key: SeedKey, index: UInt64) -> Int? {
        let free = mask.indices.filter { mask[$0] }
        guard !free.isEmpty else { return nil }
        return free[key.index(index, below: free.count)]
    }
}
