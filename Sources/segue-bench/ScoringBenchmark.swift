import Foundation
import SegueAgents
import SegueCore
import SegueTensor

/// How close AH-DQN's inference passes come to the machine's peak, on a trained
/// agent's replay buffer:
///
/// - the target pass of an update (`maxValues` over a minibatch of 64 next
///   states, the call `update()` makes): executed FLOPs / seconds, divided by the
///   single-thread sgemm rate (512³) of the same run, with one worker, is
///   `scoring_fraction_of_peak`; with `threads` workers, the speed-up;
/// - the acting pass (one state's 200 candidates) the same way, `acting_fraction_of_peak`.
///
/// Executed FLOPs count the multiply-adds (×2) of every dense layer on the rows
/// actually scored: `rows · 2·(F·H₁ + H₁·H₂ + H₂) + states · 2·contextSize·H₁`.
/// The target pass scores only the unused candidates of next states that did
/// not terminate, so its rows are fewer than the nominal 64 × 200 = 12,800.
enum ScoringBenchmark {
    static func run(agent: QLearningAgent, sgemmGFLOPS: Double, threads: Int) {
        guard let target = agent.target as? CandidateScorer, agent.replay.count > 0 else { return }
        let key = SeedKey(0x5C0E)
        let batches = (0..<50).map { agent.replay.batch(agent.replay.sampleIndices(64, key: key, stream: $0)) }
        let widths = target.hidden
        var rowFlops = 2 * target.featureSize * widths[0] + 2 * widths[widths.count - 1]
        for i in 1..<widths.count { rowFlops += 2 * widths[i - 1] * widths[i] }
        let stateFlops = 2 * target.contextSize * widths[0]

        // The target pass.
        var flops = 0.0, rows = 0
        for batch in batches {
            let c = batch.nextMasks.count / batch.size
            for i in 0..<batch.size where batch.discounts[i] != 0 {
                let unused = batch.nextMasks[i * c ..< (i + 1) * c].filter { $0 }.count
                rows += unused
                flops += Double(unused * rowFlops + stateFlops)
            }
        }
        func targetSeconds(workers: Int) -> Double {
            target.workerCount = workers
            defer { target.workerCount = agent.workerCount }
            var best = Double.infinity
            for _ in 0..<3 {
                best = min(best, Measure.seconds {
                    for batch in batches {
                        _ = target.maxValues(contexts: batch.nextContexts, pools: batch.pools, masks: batch.nextMasks,
                                             wanted: batch.discounts.map { $0 != 0 })
                    }
                })
            }
            return best
        }
        let one = targetSeconds(workers: 1)
        let gflops = flops / one / 1e9
        Figure(name: "scoring_gflops", value: gflops, unit: "GFLOP/s",
               note: "target pass, 1 thread, \(rows / batches.count) rows/update scored (nominal 12800)").print()
        Figure(name: "scoring_fraction_of_peak", value: gflops / sgemmGFLOPS, unit: "ratio",
               note: "target pass GFLOP/s / sgemm 512^3 GFLOP/s, both 1 thread, same run").print()
        if threads > 1 {
            Figure(name: "scoring_speedup_threads", value: one / targetSeconds(workers: threads), unit: "ratio",
                   note: "target pass, \(threads) threads vs 1").print()
        }

        // The acting pass: one state's pool.
        let c = batches[0].nextMasks.count / batches[0].size
        let context = Array(batches[0].nextContexts.storage[0 ..< target.contextSize])
        let pools = batches.flatMap(\.pools)
        let actingFlops = Double(pools.count * (c * rowFlops + stateFlops))
        let acting = (0..<3).map { _ in
            Measure.seconds { for pool in pools { _ = target.scores(context: context, candidates: pool) } }
        }.min()!
        Figure(name: "acting_fraction_of_peak", value: actingFlops / acting / 1e9 / sgemmGFLOPS, unit: "ratio",
               note: String(format: "one state's %d candidates, %.1f us a pass, 1 thread", c, acting / Double(pools.count) * 1e6)).print()
    }
}
