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

    /// `count` replicas of the easy world (seed 1).
    func environments(_ count: Int) throws -> [Environment] {
        try (0..<count).map { _ in try TestWorlds.easy(seed: 1) }
    }

    /// Trains `total` steps straight; then `stopAt` steps, a checkpoint, and the rest in new objects.
    func assertResumesExactly(total: Int, stopAt: Int, environments count: Int = 1, make: (EnvironmentSpecs) -> any LearningAgent,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let straight = make(try TestWorlds.easy(seed: 1).specs)
        let straightTrainer = Trainer(agent: straight, environments: try environments(count))
        let full = try straightTrainer.run(steps: total)

        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let first = make(try TestWorlds.easy(seed: 1).specs)
        let firstTrainer = Trainer(agent: first, environments: try environments(count))
        let stopped = try firstTrainer.run(steps: total, shouldStop: { firstTrainer.steps >= stopAt })
        XCTAssertTrue(stopped.interrupted, file: file, line: line)
        XCTAssertEqual(stopped.steps, stopAt, file: file, line: line)
        try firstTrainer.saveCheckpoint(to: path)

        let resumed = make(try TestWorlds.easy(seed: 1).specs)
        let resumedTrainer = Trainer(agent: resumed, environments: try environments(count))
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

    /// Batched environments: three replicas stepped in turn, stopped mid-episode in each.
    func testBatchedTrainingResumesExactly() throws {
        var q = QLearningConfig()
        q.learningStarts = 100
        q.batchSize = 16
        q.epsilonSteps = 500
        try assertResumesExactly(total: 900, stopAt: 502, environments: 3) { QLearningAgent.actionHead(specs: $0, config: q) }
        var ppo = PPOConfig()
        ppo.rolloutSteps = 128
        ppo.minibatch = 64
        try assertResumesExactly(total: 700, stopAt: 301, environments: 3) { PPOAgent(specs: $0, config: ppo) }
    }

    /// Replicas play distinct episodes, numbered in the order they start, and
    /// a checkpoint from one count of environments is refused by another.
    func testBatchedEnvironmentsPlayDistinctEpisodes() throws {
        let env = try TestWorlds.easy(seed: 1)
        let trainer = Trainer(agent: QLearningAgent.actionHead(specs: env.specs), environments: try environments(4))
        let report = try trainer.run(steps: 2_000)
        let numbers = report.history.map(\.episode)
        XCTAssertEqual(Set(numbers).count, numbers.count, "no episode twice")
        let started = trainer.environment.nextEpisode
        XCTAssertTrue(numbers.allSatisfy { (0..<started).contains($0) }, "numbers come from the shared counter")
        XCTAssertLessThanOrEqual(started - numbers.count, 4, "at most one unfinished episode per replica")
        XCTAssertNotEqual(numbers, numbers.sorted(), "episodes of different replicas end interleaved")
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try trainer.saveCheckpoint(to: path)
        let single = Trainer(agent: QLearningAgent.actionHead(specs: env.specs), environment: env)
        XCTAssertThrowsError(try single.restore(from: path)) { error in
            XCTAssertTrue("\(error)".contains("resume with envs=4"), "\(error)")
        }
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
