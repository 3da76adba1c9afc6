import SegueCore
import SegueTensor

extension PPOAgent {
    /// Keeps the finished rollout's states and value targets (`returns`, its GAE
    /// returns from the values seen while acting) and, after every `phases`
    /// rollouts, runs the auxiliary phase and starts over.
    /// - Throws: `SegueError` when a loss is not finite.
    func keepForAuxiliaryPhase(returns: [Float]) throws {
        phase.append(rollout)
        phaseTargets += returns
        guard phase.count >= config.phases * config.rolloutSteps else { return }
        try auxiliaryPhase()
        phase.clear()
        phaseTargets = []
    }

    /// PPG's auxiliary phase: `aux-epochs` passes over the stored states in
    /// shuffled minibatches, each one Adam step on
    ///
    ///     ½·mean((V_aux − R)²) + β_clone·mean KL(π_old ‖ π) + ½·mean((V − R)²)
    ///
    /// where `π_old` is the policy as the phase began: the policy network
    /// learns the value without forgetting how it acts, and the value network
    /// gets extra passes.
    func auxiliaryPhase() throws {
        guard let auxiliary else { return }
        let n = phase.count, c = phase.candidateCount
        var oldLogits = [Float]()
        oldLogits.reserveCapacity(n * c)
        for start in stride(from: 0, to: n, by: config.minibatch) {
            let (contexts, pools, masks) = phase.inputs(Array(start ..< min(n, start + config.minibatch)))
            let logits = policy(contexts: contexts, features: pools).storage
            try checkFinite(logits, mask: masks)
            oldLogits += logits
        }
        let phaseKey = shuffleKey.derive(UInt64(counters.updates)).derive(1)
        for epoch in 0..<config.auxiliaryEpochs {
            var order = Array(0..<n)
            var generator = phaseKey.derive(UInt64(epoch)).generator()
            order.shuffle(using: &generator)
            for start in stride(from: 0, to: n, by: config.minibatch) {
                let rows = Array(order[start ..< min(n, start + config.minibatch)])
                var old = [Float]()
                old.reserveCapacity(rows.count * c)
                for r in rows { old += oldLogits[r * c ..< (r + 1) * c] }
                try auxiliaryStep(rows, head: auxiliary, oldLogits: Matrix(rows: rows.count, columns: c, storage: old),
                                  targets: Matrix(columnVector: rows.map { phaseTargets[$0] }))
            }
        }
    }

    /// One Adam step of the auxiliary phase on the stored states `rows`.
    func auxiliaryStep(_ rows: [Int], head: AuxiliaryValueHead, oldLogits: Matrix, targets: Matrix) throws {
        let (contexts, pools, masks) = phase.inputs(rows)
        let logits = policy(contexts: contexts, features: pools)
        try checkFinite(logits.storage, mask: masks)
        let cloning = PolicyLoss.cloning(logits: logits, oldLogits: oldLogits, masks: masks)
        let auxiliaryLoss = Loss.meanSquaredError(predictions: head(contexts), targets: targets)
        let valueLoss = Loss.meanSquaredError(predictions: value(contexts), targets: targets)
        let loss = 0.5 * auxiliaryLoss.value + config.cloneWeight * cloning.loss + 0.5 * valueLoss.value
        guard loss.isFinite else {
            throw SegueError("ppg: the auxiliary loss became \(loss) after update \(counters.updates) (step \(counters.steps))",
                             hint: "training diverged; lower learning-rate or clip-norm, then start again from the last checkpoint")
        }
        policy.zeroGradients()
        value.zeroGradients()
        head.zeroGradients()
        policy.backward(config.cloneWeight * cloning.dLogits)
        head.backward(0.5 * auxiliaryLoss.gradient)
        _ = value.backward(0.5 * valueLoss.gradient)
        if config.clipNorm > 0 { optimizer.parameters.clipGradients(maxGlobalNorm: config.clipNorm) }
        optimizer.step()
        counters.loss = Double(loss)
    }
}
