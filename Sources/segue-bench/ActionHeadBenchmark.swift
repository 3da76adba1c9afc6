import Foundation
import SegueAgents
import SegueComponents
import SegueCore
import SegueTensor

/// bench-workload-v1 sections 8B and 8C: AH-DQN with the spec's hyperparameters
/// trained on env_seed 1, then evaluated greedily on env_seed 2, episodes 0..499.
///
/// Rates are over the whole training loop and *steady*, from the 1,000th update
/// (after env step 1,999) to the end, as 8B defines them; the steady rate is also
/// given per CPU-second, which other processes on a shared machine disturb less.
/// The training loop stops at `steps` env steps or after 300 s (`--time-limit`). Evaluations at
/// `evalAt` milestones are outside the timed loop.
enum ActionHeadBenchmark {
    static let learningStarts = 1_000

    static func run(_ options: BenchOptions, world: World, sgemmGFLOPS: Double) {
        Measure.resetPeakResident()
        let registry = Registry.builtins()
        func environment(seed: UInt64) -> Environment {
            try! EnvironmentBuilder(registry: registry).build(BenchWorkload.recipe(envSeed: seed), world: world)
        }
        var config = QLearningConfig()
        config.seed = options.seed
        let env = environment(seed: 1)
        let agent = QLearningAgent.actionHead(specs: env.specs, config: config)
        agent.workerCount = options.threads
        let trainer = Trainer(agent: agent, environment: env)

        // One loop in segments: to the 1,000th update (after step 1,999), then steady to each milestone.
        let warmUpEnd = learningStarts + 999
        let milestones = Set(options.evalAt.filter { $0 < options.steps } + [options.steps]).sorted()
        var seconds = 0.0, interrupted = false
        var steady = (seconds: 0.0, cpu: 0.0, steps: 0, updates: 0)
        for milestone in milestones {
            while trainer.steps < milestone && !interrupted {
                let isSteady = trainer.steps >= warmUpEnd
                let (steps0, updates0, cpu0) = (trainer.steps, agent.counters.updates, Measure.cpuSeconds())
                let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(options.timeLimit - seconds, 0) * 1e9)
                let report = try! trainer.run(steps: (isSteady ? milestone : min(warmUpEnd, milestone)) - steps0,
                                              shouldStop: { DispatchTime.now().uptimeNanoseconds >= deadline })
                seconds += report.seconds
                interrupted = report.interrupted
                if isSteady {
                    steady.seconds += report.seconds
                    steady.cpu += Measure.cpuSeconds() - cpu0
                    steady.steps += trainer.steps - steps0
                    steady.updates += agent.counters.updates - updates0
                }
            }
            evaluate(agent, steps: trainer.steps, seed: options.seed, environment: environment(seed: 2))
            if interrupted { break }
        }

        let updates = agent.counters.updates
        let note = "seed \(options.seed), \(options.threads) thread(s), \(trainer.steps) env steps, \(updates) updates, "
            + String(format: "%.1f s", seconds) + (interrupted ? String(format: ", stopped at the %.0f s limit", options.timeLimit) : "")
        Figure(name: "ahdqn_env_steps_per_s", value: Double(trainer.steps) / seconds, unit: "steps/s", note: note).print()
        Figure(name: "ahdqn_updates_per_s", value: Double(updates) / seconds, unit: "updates/s", note: note).print()
        if steady.seconds > 0 {
            let steadyNote = "updates \(updates - steady.updates)...\(updates), "
                + String(format: "%.1f s, %.1f CPU-s", steady.seconds, steady.cpu)
            Figure(name: "ahdqn_env_steps_per_s_steady", value: Double(steady.steps) / steady.seconds, unit: "steps/s",
                   note: steadyNote).print()
            Figure(name: "ahdqn_updates_per_s_steady", value: Double(steady.updates) / steady.seconds, unit: "updates/s",
                   note: steadyNote).print()
            Figure(name: "ahdqn_updates_per_cpu_s_steady", value: Double(steady.updates) / steady.cpu, unit: "updates/CPU-s",
                   note: "process CPU time, all threads").print()
        }
        Figure(name: "ahdqn_peak_rss_mb", value: Measure.peakResidentMB(), unit: "MB",
               note: "training and evaluation (VmHWM reset at the start)").print()
        ScoringBenchmark.run(agent: agent, sgemmGFLOPS: sgemmGFLOPS, threads: options.threads)
    }

    /// 8C: the greedy policy on env_seed 2, episodes 0..499.
    static func evaluate(_ agent: QLearningAgent, steps: Int, seed: UInt64, environment: Environment) {
        agent.isTraining = false
        let results = try! Driver(environment: environment, agent: agent).run(episodes: 500, startingAt: 0)
        let sum = results.map(\.totalReward).reduce(0, +)
        Figure(name: steps == 20_000 ? "eval_return_ahdqn" : "eval_return_ahdqn_\(steps)", value: sum / 500,
               unit: "listens/episode",
               note: "greedy, env_seed 2 episodes 0..499, sum \(Int(sum)), after \(steps) steps, agent seed \(seed)").print()
    }
}
