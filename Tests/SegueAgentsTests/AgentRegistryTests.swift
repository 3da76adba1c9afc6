import XCTest
import SegueCore
import SegueComponents
@testable import SegueAgents

/// Registration, generated schemas, and the errors a user can meet.
final class AgentRegistryTests: XCTestCase {
    func testAgentsAreRegisteredWithSchemasFromTheirConfigs() throws {
        let registry = TestWorlds.registry
        for name in ["ahdqn", "dqn", "ppo", "ppg"] {
            XCTAssertEqual(try registry.descriptor(.agent, name).kind, .agent)
        }
        let ahdqn = try registry.descriptor(.agent, "ahdqn")
        XCTAssertEqual(ahdqn.parameters.map(\.name), QLearningConfig.fields.map(\.name))
        XCTAssertEqual(try registry.descriptor(.agent, "ppo").parameters.map(\.name), PPOConfig.fields.map(\.name))
        XCTAssertTrue(ahdqn.parameters.allSatisfy { !$0.help.isEmpty })
        let defaults = Dictionary(ahdqn.parameters.map { ($0.name, $0.defaultValue.description) }, uniquingKeysWith: { $1 })
        // bench-workload-v1 section 8B.
        XCTAssertEqual(defaults["learning-rate"], "0.001")
        XCTAssertEqual(defaults["batch"], "64")
        XCTAssertEqual(defaults["gamma"], "0.9")
        XCTAssertEqual(defaults["learning-starts"], "1000")
        XCTAssertEqual(defaults["target-every"], "200")
        XCTAssertEqual(defaults["replay"], "20000")
        XCTAssertEqual(defaults["epsilon-end"], "0.05")
        XCTAssertEqual(defaults["epsilon-steps"], "10000")
        XCTAssertEqual(defaults["next-value"], "max")
        // ppg shares ppo's schema and starts with auxiliary phases on.
        let phases = { (name: String) in try registry.descriptor(.agent, name).parameters.first { $0.name == "phases" }?.defaultValue.description }
        XCTAssertEqual(try phases("ppo"), "0")
        XCTAssertEqual(try phases("ppg"), "4")
    }

    func testRegistryMakesConfiguredAgents() throws {
        let env = try TestWorlds.easy(seed: 1)
        let context = ComponentContext(registry: TestWorlds.registry, world: env.world, specs: env.specs, seed: 1)
        let agent: any Agent = try TestWorlds.registry.make(
            .agent, ComponentSpec("ahdqn", [("next-value", "double"), ("batch", "32"), ("learning-rate", "0.0005")]), context: context)
        let q = try XCTUnwrap(agent as? QLearningAgent)
        XCTAssertEqual(q.config.nextValue, .double)
        XCTAssertEqual(q.config.batchSize, 32)
        XCTAssertEqual(q.config.learningRate, 0.0005)
        XCTAssertTrue(try TestWorlds.registry.make(.agent, ComponentSpec("ppo"), context: context) as any Agent is PPOAgent)
        XCTAssertThrowsError(try TestWorlds.registry.make(.agent, ComponentSpec("ahdqn", [("bach", "3")]), context: context) as any Agent) {
            XCTAssertTrue("\($0)".contains("did you mean 'batch'"), "\($0)")
        }
        XCTAssertThrowsError(try TestWorlds.registry.make(.agent, ComponentSpec("ahdqn"),
                                                          context: ComponentContext(registry: TestWorlds.registry)) as any Agent) {
            XCTAssertTrue("\($0)".contains("needs an environment"), "\($0)")
        }
    }

    func testObservationOfAnotherShapeIsAClearError() throws {
        let agent = QLearningAgent.slots(specs: try TestWorlds.easy(seed: 1, pool: 20).specs)
        let other = try TestWorlds.easy(seed: 1, pool: 30)
        XCTAssertThrowsError(try agent.act(other.reset())) { XCTAssertTrue("\($0)".contains("30 candidates"), "\($0)") }
    }

    func testNonFiniteLossIsAClearErrorAndLeavesWeightsAlone() throws {
        let env = try TestWorlds.easy(seed: 1)
        var config = QLearningConfig()
        config.learningStarts = 1
        config.batchSize = 1
        let agent = QLearningAgent.actionHead(specs: env.specs, config: config)
        agent.isTraining = true
        let first = env.reset()
        var next = try env.step(.candidate(0))
        next.reward = .nan
        let before = agent.network.parameters.map(\.value)
        XCTAssertThrowsError(try agent.observe(Transition(observation: first.observation, action: .candidate(0), candidate: 0, next: next))) {
            guard let error = $0 as? SegueError else { return XCTFail("\($0) is not a SegueError") }
            XCTAssertTrue(error.message.contains("loss became nan"), error.message)
            XCTAssertNotNil(error.hint)
        }
        XCTAssertEqual(agent.network.parameters.map(\.value), before)
    }

    /// Weights that diverge between acting and the update phase (as a restored
    /// file with exploding Adam moments makes them) stop the update with a
    /// named error: the masked softmax is never handed an infinite logit.
    func testDivergedPPOPolicyIsAClearErrorNotACrash() throws {
        let env = try TestWorlds.easy(seed: 1)
        var config = PPOConfig()
        config.rolloutSteps = 4
        config.minibatch = 2
        let agent = PPOAgent(specs: env.specs, config: config)
        agent.isTraining = true
        var step = env.reset()
        for i in 0..<config.rolloutSteps {
            let action = try agent.act(step)
            let next = try env.step(action)
            let transition = Transition(observation: step.observation, action: action, candidate: next.played ?? -1, next: next)
            guard i == config.rolloutSteps - 1 else {
                try agent.observe(transition)
                step = next.isLast ? env.reset() : next
                continue
            }
            for p in agent.policy.parameters { p.value = p.value.map { $0 >= 0 ? 1e30 : -1e30 } }
            XCTAssertThrowsError(try agent.observe(transition)) {
                guard let error = $0 as? SegueError else { return XCTFail("\($0) is not a SegueError") }
                XCTAssertTrue(error.message.contains("NaN or infinite at update 1"), error.message)
                XCTAssertNotNil(error.hint)
            }
        }
    }

    func testGreedyActingMasksPlayedCandidates() throws {
        let env = try TestWorlds.easy(seed: 1)
        for agent in [QLearningAgent.actionHead(specs: env.specs), PPOAgent(specs: env.specs)] as [any LearningAgent] {
            var step = env.reset()
            var played = Set<Int>()
            while !step.isLast {
                step = try env.step(try agent.act(step))
                XCTAssertTrue(played.insert(step.observation.session.candidates.last!).inserted)
            }
        }
    }
}
