import XCTest
import Foundation
import SegueCore
import SegueComponents
@testable import SegueAgents

/// A run stopped, checkpointed and resumed in fresh objects ends exactly where
/// an uninterrupted run with the same seed does.
final class CheckpointTests: XCTestCase {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "segue-agents-\(UUID().uuidString)/run.safetensors"
    }

    func parameters(_ agent: any LearningAgent) -> [String: [Float]] {
        var checkpoint = Checkpoint()
        try! agent.save(into: &checkpoint)
        return Dictionary(checkpoint.tensors.map { ($0.name, $0.matrix.storage) }, uniquingKeysWith: { $1 })
    }

    /// Trains `total` steps straight; then `stopAt` steps, a checkpoint, and the rest in new objects.
    func assertResumesExactly(total: Int, stopAt: Int, make: (EnvironmentSpecs) -> any LearningAgent,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let straight = make(try TestWorlds.easy(seed: 1).specs)
        let straightTrainer = Trainer(agent: straight, environment: try TestWorlds.easy(seed: 1))
        let full = try straightTrainer.run(steps: total)

        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let first = make(try TestWorlds.easy(seed: 1).specs)
        let firstTrainer = Trainer(agent: first, environment: try TestWorlds.easy(seed: 1))
        let stopped = try firstTrainer.run(steps: total, shouldStop: { firstTrainer.steps >= stopAt })
        XCTAssertTrue(stopped.interrupted, file: file, line: line)
        XCTAssertEqual(stopped.steps, stopAt, file: file, line: line)
        try firstTrainer.saveCheckpoint(to: path)

        let resumed = make(try TestWorlds.easy(seed: 1).specs)
        let resumedTrainer = Trainer(agent: resumed, environment: try TestWorlds.easy(seed: 1))
        try resumedTrainer.restore(from: path)
        let rest = try resumedTrainer.run(steps: total - stopAt)

        XCTAssertEqual(rest.totalSteps, full.totalSteps, file: file, line: line)
        XCTAssertEqual(rest.history, full.history, "episode returns", file: file, line: line)
        XCTAssertEqual(rest.metrics, full.metrics, "metrics", file: file, line: line)
        XCTAssertEqual(resumed.counters, straight.counters, "counters", file: file, line: line)
        XCTAssertEqual(parameters(resumed), parameters(straight), "weights, optimizer state and buffers", file: file, line: line)
        XCTAssertGreaterThan(straight.counters.updates, 0, file: file, line: line)
    }

    func testActionHeadDQNResumesExactly() throws {
        var config = QLearningConfig()
        config.learningStarts = 100
        config.replayCapacity = 500   // the ring wraps before and after the stop
        config.batchSize = 16
        config.targetUpdateEvery = 50
        config.epsilonSteps = 800
        try assertResumesExactly(total: 1_300, stopAt: 703) { QLearningAgent.actionHead(specs: $0, config: config) }
    }

    func testSlotDQNResumesExactly() throws {
        var config = QLearningConfig()
        config.learningStarts = 100
        config.batchSize = 16
        config.nextValue = .double
        try assertResumesExactly(total: 600, stopAt: 351) { QLearningAgent.slots(specs: $0, config: config) }
    }

    func testPPOResumesExactlyMidRollout() throws {
        var config = PPOConfig()
        config.rolloutSteps = 256
        config.minibatch = 64
        try assertResumesExactly(total: 900, stopAt: 401) { PPOAgent(specs: $0, config: config) }
    }

    /// Stops between two auxiliary phases, with stored states to carry over.
    func testPhasicPolicyGradientResumesExactlyAcrossAuxiliaryPhases() throws {
        var config = PPOConfig.phasic
        config.rolloutSteps = 128
        config.minibatch = 64
        config.phases = 2
        config.auxiliaryEpochs = 2
        try assertResumesExactly(total: 900, stopAt: 401) { PPOAgent(specs: $0, config: config) }
    }

    func testCheckpointForAnotherAgentIsRefused() throws {
        let env = try TestWorlds.easy(seed: 1)
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var config = PPOConfig()
        config.rolloutSteps = 64
        let ppo = Trainer(agent: PPOAgent(specs: env.specs, config: config), environment: env)
        try ppo.run(steps: 10)
        try ppo.saveCheckpoint(to: path)
        let trainer = Trainer(agent: QLearningAgent.actionHead(specs: env.specs), environment: try TestWorlds.easy(seed: 1))
        XCTAssertThrowsError(try trainer.restore(from: path)) { error in
            XCTAssertTrue("\(error)".contains("'ppo' agent"), "\(error)")
        }
        var other = QLearningConfig()
        other.hidden = 32
        try Trainer(agent: QLearningAgent.actionHead(specs: env.specs), environment: env,
                    config: { var c = TrainerConfig(); c.checkpointPath = path; return c }()).run(steps: 10)
        XCTAssertThrowsError(try Trainer(agent: QLearningAgent.actionHead(specs: env.specs, config: other),
                                         environment: try TestWorlds.easy(seed: 1)).restore(from: path)) { error in
            XCTAssertTrue("\(error)".contains("hidden=64"), "\(error)")
        }
        XCTAssertThrowsError(try trainer.restore(from: path + ".missing"))
    }
}
