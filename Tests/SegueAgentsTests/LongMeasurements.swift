import XCTest
import Foundation
import SegueCore
import SegueComponents
import SegueTensor
@testable import SegueAgents

/// The must-show measurements, skipped unless `SEGUE_LONG=1`:
///
///     SEGUE_LONG=1 swift test --scratch-path .build-agents -c release -Xswiftc -enable-testing \
///         --filter SegueAgentsTests.LongMeasurements
///
/// `SEGUE_MILESTONES` (default `10000,20000,40000,80000`) sets where the bench
/// curve is evaluated; `SEGUE_DEMO_STEPS` (default 30000) the demo world's training.
final class LongMeasurements: XCTestCase {
    static let bench = BenchWorkload().makeWorld()

    func benchEnvironment(seed: UInt64) throws -> Environment {
        try EnvironmentBuilder(registry: TestWorlds.registry).build(BenchWorkload.recipe(envSeed: seed), world: Self.bench)
    }

    func milestones(_ name: String, default text: String) -> [Int] {
        (ProcessInfo.processInfo.environment[name] ?? text).split(separator: ",").compactMap { Int($0) }
    }

    /// bench-workload-v1 section 8B/8C: AH-DQN with its defaults on env_seed 1,
    /// greedy evaluation on env_seed 2, episodes 0..499.
    func testBenchWorkloadActionHeadDQN() throws {
        try XCTSkipUnless(TestWorlds.long, "set SEGUE_LONG=1 to run the bench-workload-v1 training curve")
        BLAS.setThreadCount(1)
        let env = try benchEnvironment(seed: 1)
        let agent = QLearningAgent.actionHead(specs: env.specs)
        let trainer = Trainer(agent: agent, environment: env)
        print("BLAS kernel \(BLAS.coreName), threads \(BLAS.threadCount)")
        var done = 0, trainingSeconds = 0.0, steadyStart: Double?
        var stamps: [(step: Int, seconds: Double)] = []
        for milestone in milestones("SEGUE_MILESTONES", default: "10000,20000,40000,80000") {
            let base = trainingSeconds
            let t0 = DispatchTime.now().uptimeNanoseconds
            let report = try trainer.run(steps: milestone - done, progress: { p in
                let now = base + Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                stamps.append((p.steps, now))
                if p.updates >= 1_000 && steadyStart == nil { steadyStart = now }
            })
            trainingSeconds += report.seconds
            done = milestone
            let evaluation = try TestWorlds.evaluate([("ahdqn", agent)], episodes: 500) { try self.benchEnvironment(seed: 2) }
            let entry = evaluation.entries[0]
            print(String(format: "bench ahdqn steps %d: eval return %@ (sum %.0f), train recent %.3f, updates %d, %.1f s training so far",
                         milestone, entry.estimate.description, entry.returns.reduce(0, +), trainer.recentReturn() ?? 0,
                         agent.counters.updates, trainingSeconds))
            if milestone == 20_000 {
                XCTAssertGreaterThanOrEqual(entry.estimate.mean, 8.0, "bench-workload-v1: AH-DQN at 20,000 steps")
                let updates = agent.counters.updates
                let steady = stamps.last!.seconds - (steadyStart ?? 0)
                let steadySteps = Double(stamps.last!.step - 2_000)
                print(String(format: "bench 20k: %.0f env steps/s, %.0f updates/s over the loop (%.1f s); steady from update 1,000: %.0f steps/s, %.0f updates/s",
                             20_000 / trainingSeconds, Double(updates) / trainingSeconds, trainingSeconds,
                             steadySteps / steady, steadySteps / steady))
            }
        }
    }

    /// The demo world rewards planning: AH-DQN against greedy by the ground truth,
    /// PPO and DQN beside them, paired on the same 500 episodes.
    func testDemoWorldPlanning() throws {
        try XCTSkipUnless(TestWorlds.long, "set SEGUE_LONG=1 to run the demo-world comparison")
        BLAS.setThreadCount(1)
        let world = DemoWorld().makeWorld()
        let recipe = { (seed: UInt64) in
            Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "50")]),
                   terminations: [ComponentSpec("max-length", [("length", "20")]), ComponentSpec("consecutive-skips", [("limit", "3")])],
                   seed: seed)
        }
        let builder = EnvironmentBuilder(registry: TestWorlds.registry)
        let steps = Int(ProcessInfo.processInfo.environment["SEGUE_DEMO_STEPS"] ?? "") ?? 30_000
        let specs = try builder.build(recipe(1), world: world).specs
        var agents: [(String, any LearningAgent)] = [("ahdqn", QLearningAgent.actionHead(specs: specs)),
                                                     ("ppo", PPOAgent(specs: specs)), ("dqn", QLearningAgent.slots(specs: specs))]
        if let only = ProcessInfo.processInfo.environment["SEGUE_DEMO_AGENTS"] {
            agents = agents.filter { only.split(separator: ",").map(String.init).contains($0.0) }
        }
        for (name, agent) in agents {
            let report = try Trainer(agent: agent, environment: try builder.build(recipe(1), world: world)).run(steps: steps)
            print("demo \(name): \(report.text)")
        }
        let policies: [(String, any Agent)] = [("greedy-truth", GreedyAgent(model: world.groundTruth!())), ("random", RandomAgent())]
            + agents.map { ($0.0, $0.1 as any Agent) }
        let evaluation = try TestWorlds.evaluate(policies, episodes: 500) { try builder.build(recipe(2), world: world) }
        print(evaluation.table(baseline: "greedy-truth"))
        if let ahdqn = evaluation.pairedDifference("ahdqn", versus: "greedy-truth") {
            print("ahdqn − greedy-truth: \(ahdqn) (excludes 0: \(ahdqn.excludesZero))")
            XCTAssertTrue(ahdqn.mean > 0 && ahdqn.excludesZero, "AH-DQN should beat greedy by the ground truth")
        }
        if let ppo = evaluation.pairedDifference("ppo", versus: "random") {
            XCTAssertTrue(ppo.mean > 0 && ppo.excludesZero, "PPO should beat random")
        }
    }
}
