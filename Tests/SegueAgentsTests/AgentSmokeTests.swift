import XCTest

import SegueCore
import SegueComponents
@testable import SegueAgents

/// Each agent learns on the easy world (`TestWorlds.small`) in seconds and beats random by a clear margin.
final class AgentSmokeTests: XCTestCase {
    /// Trains `agent` for `steps` on the easy world (seed 1), then compares it with
    /// random on 300 held-out episodes (seed 2); returns the paired difference.
    func trainAndCompare(_ agent: any LearningAgent, steps: Int, environments: Int = 1,
                         file: StaticString = #filePath, line: UInt = #line) throws -> MeanEstimate {
        let trainer = Trainer(agent: agent, environments: try (0..<environments).map { _ in try TestWorlds.easy(seed: 1) })
        let report = try trainer.run(steps: steps)
        XCTAssertEqual(report.steps, steps, file: file, line: line)
        XCTAssertFalse(agent.isTraining, "a finished run leaves the agent acting greedily", file: file, line: line)
        let evaluation = try TestWorlds.evaluate([(agent.name, agent), ("random", RandomAgent())], episodes: 300,
                                                 make: { try TestWorlds.easy(seed: 2) })
        let diff = evaluation.pairedDifference(agent.name, versus: "random")!
        print("\(agent.name): \(report.text)\n\(evaluation.table(baseline: "random"))")
        return diff
    }

    func fastQConfig() -> QLearningConfig {
        var config = QLearningConfig()
        config.learningStarts = 200
        config.epsilonSteps = 1_500
        config.batchSize = 32
        config.targetUpdateEvery = 100
        return config
    }

    func testActionHeadDQNBeatsRandom() throws {
        let env = try TestWorlds.easy(seed: 1)
        let diff = try trainAndCompare(QLearningAgent.actionHead(specs: env.specs, config: fastQConfig()), steps: 3_000)
        XCTAssertGreaterThan(diff.mean - diff.halfWidth, 2, "AH-DQN should beat random clearly: \(diff)")
    }

    /// Batched environments: four replicas stepped in turn.
    func testActionHeadDQNAndPPOLearnOnBatchedEnvironments() throws {
        let env = try TestWorlds.easy(seed: 1)
        let q = try trainAndCompare(QLearningAgent.actionHead(specs: env.specs, config: fastQConfig()), steps: 3_000, environments: 4)
        XCTAssertGreaterThan(q.mean - q.halfWidth, 2, "AH-DQN on 4 environments should beat random clearly: \(q)")
        var config = PPOConfig()
        config.rolloutSteps = 512
        config.minibatch = 128
        config.learningRate = 1e-3
        let p = try trainAndCompare(PPOAgent(specs: env.specs, config: config), steps: 4_096, environments: 4)
        XCTAssertGreaterThan(p.mean - p.halfWidth, 0.3, "PPO on 4 environments should beat random: \(p)")
    }

    func testDoubleDQNVariantBeatsRandom() throws {
        var config = fastQConfig()
        config.nextValue = .double
        config.targetRate = 0.1
        config.targetUpdateEvery = 10
        let env = try TestWorlds.easy(seed: 1)
        let diff = try trainAndCompare(QLearningAgent.actionHead(specs: env.specs, config: config), steps: 3_000)
        XCTAssertGreaterThan(diff.mean - diff.halfWidth, 2, "double AH-DQN with Polyak targets should beat random: \(diff)")
    }

    func testSlotDQNBeatsRandom() throws {
        let env = try TestWorlds.easy(seed: 1, pool: 20)
        let diff = try trainAndCompare(QLearningAgent.slots(specs: env.specs, config: fastQConfig()), steps: 3_000)
        XCTAssertGreaterThan(diff.mean - diff.halfWidth, 0.3, "DQN should beat random: \(diff)")
    }

    func testPPOBeatsRandom() throws {
        var config = PPOConfig()
        config.rolloutSteps = 512
        config.minibatch = 128
        config.learningRate = 1e-3
        let env = try TestWorlds.easy(seed: 1)
        let diff = try trainAndCompare(PPOAgent(specs: env.specs, config: config), steps: 4_096)
        XCTAssertGreaterThan(diff.mean - diff.halfWidth, 0.3, "PPO should beat random: \(diff)")
    }

    func testPhasicPolicyGradientBeatsRandom() throws {
        var config = PPOConfig.phasic
        config.rolloutSteps = 512
        config.minibatch = 128
        config.learningRate = 1e-3
        config.phases = 2
        config.auxiliaryEpochs = 3
        let env = try TestWorlds.easy(seed: 1)
        let agent = PPOAgent(specs: env.specs, config: config)
        let diff = try trainAndCompare(agent, steps: 4_096)
        XCTAssertEqual(agent.name, "ppg")
        XCTAssertGreaterThan(diff.mean - diff.halfWidth, 0.3, "PPG should beat random: \(diff)")
    }
}

