import SegueCore
import SegueTensor

extension QLearningAgent {
    /// One TD update (Mnih et al., 2015; the paper's section 4.2): a minibatch from
    /// replay, the TD target from the target network over every unused candidate of
    /// each next state (one batched pass over those rows), a Huber loss on the
    /// played candidates' values, one Adam step; every `targetUpdateEvery` updates
    /// the target network moves toward the online one.
    /// - Throws: `SegueError` when the loss is not finite; the weights are then
    ///   left as they were before the update.
    func update() throws {
        let indices = replay.sampleIndices(config.batchSize, key: draws.replay, stream: counters.updates)
        let batch = replay.batch(indices)
        let nextQ = nextValues(batch)
        let tdTarget = Matrix(columnVector: (0..<batch.size).map { i in
            batch.rewards.storage[i] + config.gamma * batch.discounts[i] * nextQ[i]
        })

        let q = network.chosenValues(batch)
        let loss = Loss.huber(predictions: q, targets: tdTarget, delta: config.huberDelta)
        guard loss.value.isFinite else {
            throw SegueError("\(name): the loss became \(loss.value) at update \(counters.updates + 1) (step \(counters.steps))",
                             hint: "training diverged; lower learning-rate or set clip-norm, then start again from the last checkpoint")
        }
        network.zeroGradients()
        network.backward(chosen: loss.gradient)
        if config.clipNorm > 0 { network.parameters.clipGradients(maxGlobalNorm: config.clipNorm) }
        optimizer.step()

        counters.updates += 1
        counters.loss = Double(loss.value)
        if counters.updates % config.targetUpdateEvery == 0 {
            target.softUpdate(from: network, rate: config.targetRate)
        }
    }

    /// The value of each next state: the best unused candidate by the target
    /// network (`max`), or the online network's choice valued by the target
    /// (`double`). 0 where no candidate is left, and where the episode terminated
    /// (the discount is 0 there, so those states are not scored at all).
    func nextValues(_ batch: ReplayBatch) -> [Float] {
        let live = batch.discounts.map { $0 != 0 }
        guard config.nextValue == .double else {
            return target.maxValues(contexts: batch.nextContexts, pools: batch.pools, masks: batch.nextMasks, wanted: live)
        }
        let c = candidateCount
        let targetQ = target.values(contexts: batch.nextContexts, pools: batch.pools)
        let chooser = network.values(contexts: batch.nextContexts, pools: batch.pools)
        return (0..<batch.size).map { i in
            var best = -1
            for j in i * c ..< (i + 1) * c where live[i] && batch.nextMasks[j] {
                if best < 0 || chooser.storage[j] > chooser.storage[best] { best = j }
            }
            return best < 0 ? 0 : targetQ.storage[best]
        }
    }
}
