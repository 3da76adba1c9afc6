import SegueCore
import SegueTensor

/// A minibatch of transitions, laid out for batched network passes.
public struct ReplayBatch {
    /// `[B, contextSize]`, the states acted in.
    public var contexts: Matrix
    /// `[B, contextSize]`, the states reached.
    public var nextContexts: Matrix
    /// Each transition's pool, `[C·F]` (shared by its state and next state, and with
    /// the buffer: not copied).
    public var pools: [[Float]]
    /// `[B, F]`: the features of each transition's played candidate.
    public var playedFeatures: Matrix
    /// `[B·C]`: candidates still unused in the next state.
    public var nextMasks: [Bool]
    /// The candidate played in each transition.
    public var actions: [Int]
    /// `[B, 1]`.
    public var rewards: Matrix
    /// 0 where the episode terminated, else 1.
    public var discounts: [Float]

    public var size: Int { actions.count }
}

/// Uniform experience replay: a ring of the last `capacity` transitions,
/// sampled uniformly with replacement.
///
/// Each row keeps the state's context, the played candidate, the reward and
/// discount, the next context and its mask; candidate features are kept once
/// per episode in a `PoolStore`.
/// - Complexity: `add` O(C + contextSize); `batch` O(B·(C + contextSize + F)).
public struct ReplayBuffer {
    public let capacity: Int
    public let contextSize: Int
    public let candidateCount: Int
    public let featureSize: Int
    /// Transitions held (at most `capacity`).
    public private(set) var count = 0
    /// The row the next transition overwrites once the buffer is full.
    private var nextRow = 0
    private var contexts: [Float] = []
    private var nextContexts: [Float] = []
    private var nextMasks: [Bool] = []
    private var actions: [Int] = []
    private var rewards: [Float] = []
    private var discounts: [Float] = []
    private var poolKeys: [UInt64] = []
    private var pools: PoolStore

    /// An empty buffer for observations of the given sizes.
    public init(capacity: Int, contextSize: Int, candidateCount: Int, featureSize: Int) {
        precondition(capacity > 0, "ReplayBuffer: capacity must be positive, got \(capacity)")
        self.capacity = capacity
        self.contextSize = contextSize
        self.candidateCount = candidateCount
        self.featureSize = featureSize
        pools = PoolStore(width: candidateCount * featureSize)
    }

    /// Number of episode pools held.
    public var poolCount: Int { pools.count }

    /// Stores `transition`, overwriting the oldest one when full.
    public mutating func add(_ transition: Transition) {
        let o = transition.observation, next = transition.next.observation
        let key = o.episode.key.rawValue
        pools.retain(key, features: o.candidates)
        if count < capacity {
            contexts += o.context
            nextContexts += next.context
            nextMasks += next.mask
            actions.append(transition.candidate)
            rewards.append(transition.next.reward)
            discounts.append(transition.next.discount)
            poolKeys.append(key)
            count += 1
            return
        }
        let r = nextRow
        pools.release(poolKeys[r])
        contexts.replaceSubrange(r * contextSize ..< (r + 1) * contextSize, with: o.context)
        nextContexts.replaceSubrange(r * contextSize ..< (r + 1) * contextSize, with: next.context)
        nextMasks.replaceSubrange(r * candidateCount ..< (r + 1) * candidateCount, with: next.mask)
        actions[r] = transition.candidate
        rewards[r] = transition.next.reward
        discounts[r] = transition.next.discount
        poolKeys[r] = key
        nextRow = (r + 1) % capacity
    }

    /// `size` row indices drawn uniformly with replacement: draws
    /// `stream·size ..< (stream+1)·size` of `key`.
    public func sampleIndices(_ size: Int, key: SeedKey, stream: Int) -> [Int] {
        precondition(count > 0, "ReplayBuffer: sampling from an empty buffer")
        let base = UInt64(stream) &* UInt64(size)
        return (0..<size).map { key.index(base &+ UInt64($0), below: count) }
    }

    /// The rows `indices` as a batch. Pools are shared with the buffer, not copied.
    public func batch(_ indices: [Int]) -> ReplayBatch {
        let b = indices.count, h = contextSize, c = candidateCount, f = featureSize
        // Filled as plain arrays, then wrapped: writing through `Matrix.storage` row by row copies it each time.
        var batchContexts: [Float] = [], batchNext: [Float] = [], played: [Float] = [], masks: [Bool] = []
        var batchPools: [[Float]] = []
        batchContexts.reserveCapacity(b * h)
        batchNext.reserveCapacity(b * h)
        played.reserveCapacity(b * f)
        masks.reserveCapacity(b * c)
        batchPools.reserveCapacity(b)
        for r in indices {
            let pool = pools.features(poolKeys[r])
            batchContexts += contexts[r * h ..< (r + 1) * h]
            batchNext += nextContexts[r * h ..< (r + 1) * h]
            played += pool[actions[r] * f ..< (actions[r] + 1) * f]
            masks += nextMasks[r * c ..< (r + 1) * c]
            batchPools.append(pool)
        }
        return ReplayBatch(
            contexts: Matrix(rows: b, columns: h, storage: batchContexts),
            nextContexts: Matrix(rows: b, columns: h, storage: batchNext),
            pools: batchPools, playedFeatures: Matrix(rows: b, columns: f, storage: played), nextMasks: masks,
            actions: indices.map { actions[$0] }, rewards: Matrix(columnVector: indices.map { rewards[$0] }),
            discounts: indices.map { discounts[$0] })
    }

    // MARK: - Checkpoints

    /// Puts every row, the ring position and the pools under `prefix`.
    public func save(into checkpoint: inout Checkpoint, prefix: String) {
        let rowOfPool = pools.save(into: &checkpoint, prefix: prefix)
        checkpoint.put(prefix + "contexts", values: contexts, columns: contextSize)
        checkpoint.put(prefix + "next_contexts", values: nextContexts, columns: contextSize)
        checkpoint.put(prefix + "next_masks", values: nextMasks.map { $0 ? 1 : 0 }, columns: candidateCount)
        checkpoint.put(prefix + "rows", values: (0..<count).flatMap {
            [Float(actions[$0]), rewards[$0], discounts[$0], Float(rowOfPool[poolKeys[$0]]!)]
        }, columns: 4)
        checkpoint.metadata[prefix + "next_row"] = String(nextRow)
    }

    /// Restores the rows saved under `prefix`, replacing this buffer's contents.
    /// - Throws: `SegueError` when they are missing or sized for other observations.
    public mutating func restore(from checkpoint: Checkpoint, prefix: String) throws {
        let saved = try PoolStore.load(from: checkpoint, prefix: prefix, width: candidateCount * featureSize)
        let rows = try checkpoint.finiteMatrix(prefix + "rows", columns: 4)
        let c = try checkpoint.finiteMatrix(prefix + "contexts", columns: contextSize)
        let n = try checkpoint.finiteMatrix(prefix + "next_contexts", columns: contextSize)
        let m = try checkpoint.matrix(prefix + "next_masks", columns: candidateCount)
        guard c.rows == rows.rows, n.rows == rows.rows, m.rows == rows.rows, rows.rows <= capacity,
              let next = checkpoint.metadata[prefix + "next_row"].flatMap(Int.init), (0..<capacity).contains(next) else {
            throw SegueError("checkpoint '\(checkpoint.source)': the replay buffer's parts disagree in size",
                             hint: "the file is damaged or was written for another capacity")
        }
        var restored = ReplayBuffer(capacity: capacity, contextSize: contextSize,
                                    candidateCount: candidateCount, featureSize: featureSize)
        restored.contexts = c.storage
        restored.nextContexts = n.storage
        restored.nextMasks = m.storage.map { $0 != 0 }
        for i in 0..<rows.rows {
            let pool = try checkpoint.index(rows[i, 3], below: saved.keys.count, tensor: prefix + "rows", row: i)
            restored.actions.append(try checkpoint.index(rows[i, 0], below: candidateCount, tensor: prefix + "rows", row: i))
            restored.rewards.append(rows[i, 1])
            restored.discounts.append(rows[i, 2])
            restored.poolKeys.append(saved.keys[pool])
            restored.pools.retain(saved.keys[pool], features: saved.features.row(pool))
        }
        restored.count = rows.rows
        restored.nextRow = next
        self = restored
    }
}
