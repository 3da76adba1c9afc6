import SegueCore
import SegueTensor

extension PPOAgent {
    /// The update phase after a rollout: GAE advantages and returns, then
    /// `epochs` passes over the rollout in shuffled minibatches, each one Adam
    /// step on `L_clip − β·H + c_v·½·mean((V − R)²)`.
    /// - Returns: the rollout's returns (PPG's value targets).
    /// - Throws: `SegueError` when a loss is not finite.
    func update() throws -> [Float] {
        let (advantages, returns) = rollout.advantages(gamma: config.gamma, lambda: config.lambda)
        let n = rollout.count
        for _ in 0..<config.epochs {
            var order = Array(0..<n)
            var generator = shuffleKey.derive(UInt64(counters.updates)).generator()
            order.shuffle(using: &generator)
            for start in stride(from: 0, to: n, by: config.minibatch) {
                let rows = Array(order[start ..< min(n, start + config.minibatch)])
                try minibatchStep(rows, advantages: rows.map { advantages[$0] }, returns: rows.map { returns[$0] })
            }
        }
        return returns
    }

    /// One Adam step on the minibatch `rows`.
    func minibatchStep(_ rows: [Int], advantages raw: [Float], returns: [Float]) throws {
        let (contexts, pools, masks) = rollout.inputs(rows)
        var advantages = raw
        if config.normalizeAdvantages && rows.count > 1 {
            let mean = advantages.reduce(0, +) / Float(rows.count)
            let variance = advantages.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(rows.count - 1)
            let scale = 1 / (variance.squareRoot() + 1e-8)
            advantages = advantages.map { ($0 - mean) * scale }
        }
        let logits = policy(contexts: contexts, features: pools)
        try checkFinite(logits.storage, mask: masks)
        let surrogate = PolicyLoss.clipped(logits: logits, masks: masks, actions: rows.map { rollout.actions[$0] },
                                           oldLogProbs: rows.map { rollout.logProbs[$0] }, advantages: advantages,
                                           clip: config.clip, entropyCoefficient: config.entropy)
        let valueLoss = Loss.meanSquaredError(predictions: value(contexts), targets: Matrix(columnVector: returns))
        let loss = surrogate.loss + config.valueCoefficient * 0.5 * valueLoss.value
        guard loss.isFinite else {
            throw SegueError("ppo: the loss became \(loss) at update \(counters.updates + 1) (step \(counters.steps))",
                             hint: "training diverged; lower learning-rate or clip-norm, then start again from the last checkpoint")
        }
        policy.zeroGradients()
        value.zeroGradients()
        auxiliary?.zeroGradients()  // PPG's head learns only in auxiliary phases
        policy.backward(surrogate.dLogits)
        _ = value.backward(config.valueCoefficient * 0.5 * valueLoss.gradient)
        if config.clipNorm > 0 { optimizer.parameters.clipGradients(maxGlobalNorm: config.clipNorm) }
        optimizer.step()
        counters.updates += 1
        counters.loss = Double(loss)
        lastStatistics = (surrogate.entropy, surrogate.approximateKL, surrogate.clipFraction)
    }
}
