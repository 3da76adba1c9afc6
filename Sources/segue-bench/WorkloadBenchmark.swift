import Foundation
import SegueCore
import SegueComponents
import SegueTensor

/// bench-workload-v1 (../shared/specs): environment throughput (8A), the
/// reference policies' evaluation (8C), and the machine's sgemm rate, with
/// the spec's exact sums checked in the same run so speed is never bought
/// with different work.
enum WorkloadBenchmark {
    /// Runs the figures; returns the world and the sgemm rate for the benchmarks that follow.
    @discardableResult
    static func run(arguments: [String]) -> (world: World, sgemmGFLOPS: Double) {
        BLAS.setThreadCount(1)
        Measure.resetPeakResident()
        let registry = Registry.builtins()
        var world: World!
        let buildSeconds = Measure.seconds { world = BenchWorkload().makeWorld() }
        Figure(name: "world_build_s", value: buildSeconds, unit: "s", note: "not timed in the figures below").print()
        func environment(seed: UInt64, skips: Int = 3) -> Environment {
            try! EnvironmentBuilder(registry: registry).build(BenchWorkload.recipe(envSeed: seed, skips: skips), world: world)
        }

        // 8A: one environment, the portable random policy, 20,000 transitions.
        for skips in [3, 5] {
            let env = environment(seed: 1, skips: skips)
            let agent = RandomAgent()
            var episodes = 0, reward = 0.0
            let seconds = Measure.seconds {
                var step = env.reset()
                for _ in 0..<20_000 {
                    if step.isLast { step = env.reset() }
                    step = try! Driver.advance(env, agent, from: step).next
                    reward += Double(step.reward)
                    if step.isLast { episodes += 1 }
                }
            }
            let expected = skips == 3 ? (2_046, 9_829.0) : (1_267, 9_172.0)
            let exact = episodes == expected.0 && reward == expected.1
            if skips == 3 {
                Figure(name: "env_steps_per_s", value: 20_000 / seconds, unit: "steps/s", note: "random policy, one environment, K=3").print()
            }
            Figure(name: "env_exact_K\(skips)", value: exact ? 1 : 0, unit: "bool",
                   note: "\(episodes) episodes, \(Int(reward)) listens; spec \(expected.0), \(Int(expected.1))").print()
        }

        // Parallel rollouts: episodes split by number across threads; the
        // per-episode results do not depend on the thread count.
        let threads = Processors.usable
        let episodeCount = 2_000
        for count in [1, threads] {
            var totals = [Double](repeating: 0, count: episodeCount)
            var steps = [Int](repeating: 0, count: episodeCount)
            let seconds = Measure.seconds {
                totals.withUnsafeMutableBufferPointer { totalBuffer in
                    steps.withUnsafeMutableBufferPointer { stepBuffer in
                        let totalsBase = totalBuffer.baseAddress!, stepsBase = stepBuffer.baseAddress!
                        DispatchQueue.concurrentPerform(iterations: count) { worker in
                            let driver = Driver(environment: environment(seed: 1), agent: RandomAgent())
                            for j in stride(from: worker, to: episodeCount, by: count) {
                                let result = try! driver.play(episode: j)
                                totalsBase[j] = result.totalReward
                                stepsBase[j] = result.length
                            }
                        }
                    }
                }
            }
            let name = count == 1 ? "env_steps_per_s_episodes_1_thread" : "env_steps_per_s_parallel"
            Figure(name: name, value: Double(steps.reduce(0, +)) / seconds, unit: "steps/s",
                   note: "\(count) thread(s), \(episodeCount) episodes, listens \(Int(totals.reduce(0, +)))").print()
        }

        // 8C: the reference policies on the 500 evaluation episodes.
        for (name, agent, expected) in [("random", RandomAgent() as any Agent, 2_489.0),
                                         ("oracle", GreedyAgent(model: world.groundTruth!()), 7_433.0)] {
            let results = try! Driver(environment: environment(seed: 2), agent: agent).run(episodes: 500, startingAt: 0)
            let sum = results.map(\.totalReward).reduce(0, +)
            Figure(name: "eval_return_\(name)", value: sum / 500, unit: "listens/episode",
                   note: "sum \(Int(sum)); spec \(Int(expected))\(sum == expected ? ", exact" : ", MISMATCH")").print()
        }

        let gflops = Measure.sgemmGFLOPS()
        Figure(name: "sgemm_gflops", value: gflops, unit: "GFLOP/s",
               note: "512^3, 1 thread, OpenBLAS core \(BLAS.coreName), OPENBLAS_CORETYPE=\(ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset")").print()
        Figure(name: "peak_rss_mb", value: Measure.peakResidentMB(), unit: "MB").print()
        return (world, gflops)
    }
}
