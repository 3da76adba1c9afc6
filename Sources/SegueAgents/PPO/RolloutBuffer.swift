import SegueCore
import SegueTensor

/// One rollout of on-policy experience, in order, with what the policy and
/// value networks said when acting: the input of GAE and PPO's update.
public struct RolloutBuffer {
    public let contextSize: Int
    public let candidateCount: Int
    public let featureSize: Int
    var contexts: [Float] = []
    var masks: [Bool] = []
    var poolKeys: [UInt64] = []
    var actions: [Int] = []
    var logProbs: [Float] = []
    var values: [Float] = []
    var rewards: [Float] = []
    /// 0 where the episode terminated, else 1.
    var discounts: [Float] = []
    /// Whether the episode ended at this step (terminated or truncated).
    var lasts: [Bool] = []
    /// `V(s')`, for bootstrapping at rollout ends and truncations.
    var nextValues: [Float] = []
    private var pools: PoolStore

    public init(contextSize: Int, candidateCount: Int, featureSize: Int) {
        self.contextSize = contextSize
        self.candidateCount = candidateCount
        self.featureSize = featureSize
        pools = PoolStore(width: candidateCount * featureSize)
    }

    /// Transitions held.
    public var count: Int { actions.count }

    /// Appends one transition with the behaviour policy's log-probability and the values.
    mutating func add(_ t: Transition, logProb: Float, value: Float, nextValue: Float) {
        let o = t.observation
        pools.retain(o.episode.key.rawValue, features: o.candidates)
        contexts += o.context
        masks += o.mask
        poolKeys.append(o.episode.key.rawValue)
        actions.append(t.candidate)
        logProbs.append(logProb)
        values.append(value)
        rewards.append(t.next.reward)
        discounts.append(t.next.discount)
        lasts.append(t.next.isLast)
        nextValues.append(nextValue)
    }

    /// Appends every row of `other` (its pools retained here too).
    mutating func append(_ other: RolloutBuffer) {
        precondition(other.contextSize == contextSize && other.candidateCount == candidateCount && other.featureSize == featureSize,
                     "RolloutBuffer.append: buffers for different observations")
        for key in other.poolKeys { pools.retain(key, features: other.pools.features(key)) }
        contexts += other.contexts; masks += other.masks; poolKeys += other.poolKeys; actions += other.actions
        logProbs += other.logProbs; values += other.values; rewards += other.rewards; discounts += other.discounts
        lasts += other.lasts; nextValues += other.nextValues
    }

    /// Empties the buffer.
    mutating func clear() {
        self = RolloutBuffer(contextSize: contextSize, candidateCount: candidateCount, featureSize: featureSize)
    }

    /// Generalised advantage estimates (Schulman et al., 2016) and returns:
    /// `δ_t = r_t + γ·d_t·V(s'_t) − V(s_t)`, `A_t = δ_t + γλ·d_t·(1 − last_t)·A_{t+1}`,
    /// `R_t = A_t + V(s_t)`, where `t + 1` is the next row *of the same
    /// episode*: rows of several environments stepped in turn interleave, and
    /// each episode's advantages flow back along its own rows.
    func advantages(gamma: Float, lambda: Float) -> (advantages: [Float], returns: [Float]) {
        var advantages = [Float](repeating: 0, count: count)
        var carry: [UInt64: Float] = [:]
        for t in stride(from: count - 1, through: 0, by: -1) {
            let delta = rewards[t] + gamma * discounts[t] * nextValues[t] - values[t]
            let a = delta + gamma * lambda * discounts[t] * (lasts[t] ? 0 : 1) * (carry[poolKeys[t]] ?? 0)
            carry[poolKeys[t]] = a
            advantages[t] = a
        }
        return (advantages, zip(advantages, values).map { $0 + $1 })
    }

    /// Rows `indices` as network inputs: contexts `[M, ctx]`, pools `[M·C, F]`, masks `M·C`.
    func inputs(_ indices: [Int]) -> (contexts: Matrix, pools: Matrix, masks: [Bool]) {
        let h = contextSize, c = candidateCount
        var batchContexts: [Float] = [], batchPools: [Float] = [], batchMasks: [Bool] = []
        batchContexts.reserveCapacity(indices.count * h)
        batchPools.reserveCapacity(indices.count * c * featureSize)
        batchMasks.reserveCapacity(indices.count * c)
        for r in indices {
            batchContexts += contexts[r * h ..< (r + 1) * h]
            batchPools += pools.features(poolKeys[r])
            batchMasks += masks[r * c ..< (r + 1) * c]
        }
        return (Matrix(rows: indices.count, columns: h, storage: batchContexts),
                Matrix(rows: indices.count * c, columns: featureSize, storage: batchPools), batchMasks)
    }

    // MARK: - Checkpoints

    /// Puts every row and the pools under `prefix`.
    func save(into checkpoint: inout Checkpoint, prefix: String) {
        let rowOfPool = pools.save(into: &checkpoint, prefix: prefix)
        checkpoint.put(prefix + "contexts", values: contexts, columns: contextSize)
        checkpoint.put(prefix + "masks", values: masks.map { $0 ? 1 : 0 }, columns: candidateCount)
        var table: [Float] = []
        table.reserveCapacity(count * 8)
        for i in 0..<count {
            let last: Float = lasts[i] ? 1 : 0
            let pool = Float(rowOfPool[poolKeys[i]]!)
            table += [Float(actions[i]), logProbs[i], values[i], rewards[i], discounts[i], last, nextValues[i], pool]
        }
        checkpoint.put(prefix + "rows", values: table, columns: 8)
    }

    /// Restores the rows saved under `prefix`.
    /// - Throws: `SegueError` when they are missing or sized for other observations.
    mutating func restore(from checkpoint: Checkpoint, prefix: String) throws {
        let saved = try PoolStore.load(from: checkpoint, prefix: prefix, width: candidateCount * featureSize)
        let rows = try checkpoint.finiteMatrix(prefix + "rows", columns: 8)
        let c = try checkpoint.finiteMatrix(prefix + "contexts", columns: contextSize)
        let m = try checkpoint.matrix(prefix + "masks", columns: candidateCount)
        guard c.rows == rows.rows, m.rows == rows.rows else {
            throw SegueError("checkpoint '\(checkpoint.source)': the rollout buffer's parts disagree in size")
        }
        clear()
        contexts = c.storage
        masks = m.storage.map { $0 != 0 }
        for i in 0..<rows.rows {
            let pool = try checkpoint.index(rows[i, 7], below: saved.keys.count, tensor: prefix + "rows", row: i)
            let action = try checkpoint.index(rows[i, 0], below: candidateCount, tensor: prefix + "rows", row: i)
            guard m[i, action] != 0 else {   // the action was open, so the row's softmax has a candidate
                throw SegueError("checkpoint '\(checkpoint.source)': tensor '\(prefix)masks' row \(i) closes the action the step took",
                                 hint: "the file is damaged; resume from another checkpoint")
            }
            actions.append(action)
            logProbs.append(rows[i, 1]); values.append(rows[i, 2])
            rewards.append(rows[i, 3]); discounts.append(rows[i, 4]); lasts.append(rows[i, 5] != 0)
            nextValues.append(rows[i, 6])
            poolKeys.append(saved.keys[pool])
            pools.retain(saved.keys[pool], features: saved.features.row(pool))
        }
    }
}
