import SegueCore

extension Registry {
    /// Registers the learning agents: `ahdqn` (the paper's action-head DQN),
    /// `dqn` (one output per pool slot), `ppo` (clipped policy gradient over
    /// an action-head policy) and `ppg` (PPO with auxiliary phases, as the paper
    /// trained). Their parameters are generated from the config structs.
    public func registerAgents() {
        for descriptor in AgentDescriptors.all {
            // Built-in names are distinct by construction.
            try! register(descriptor)
        }
    }
}

/// The learning agents' registry names, for help and error messages.
public enum LearningAgents {
    public static var names: [String] { AgentDescriptors.all.map(\.name) }
}

/// Registry entries of the learning agents.
enum AgentDescriptors {
    static var all: [ComponentDescriptor] { [ahdqn, dqn, ppo, ppg] }

    static let ahdqn = ComponentDescriptor(
        kind: .agent, name: "ahdqn",
        summary: "action-head DQN (the paper's agent): one shared network scores every candidate; replay, target network",
        parameters: QLearningConfig.parameterSpecs,
        make: { p, context in
            QLearningAgent.actionHead(specs: try specs(context, "ahdqn"), config: QLearningConfig(p))
        })

    static let dqn = ComponentDescriptor(
        kind: .agent, name: "dqn",
        summary: "vanilla DQN: one output per pool slot over context and every candidate's features",
        parameters: QLearningConfig.parameterSpecs,
        make: { p, context in
            QLearningAgent.slots(specs: try specs(context, "dqn"), config: QLearningConfig(p))
        })

    static let ppo = ComponentDescriptor(
        kind: .agent, name: "ppo",
        summary: "PPO: masked softmax over per-candidate scores of a shared network, a value head, clipped objective, GAE",
        parameters: PPOConfig.parameterSpecs,
        make: { p, context in
            PPOAgent(specs: try specs(context, "ppo"), config: PPOConfig(p))
        })

    static let ppg = ComponentDescriptor(
        kind: .agent, name: "ppg",
        summary: "phasic policy gradient: PPO, plus auxiliary phases that distil the value into the policy network",
        parameters: PPOConfig.parameterSpecs(defaults: .phasic),
        make: { p, context in
            PPOAgent(specs: try specs(context, "ppg"), config: PPOConfig(p))
        })

    /// The environment specs an agent is sized for.
    static func specs(_ context: ComponentContext, _ name: String) throws -> EnvironmentSpecs {
        guard let specs = context.specs else {
            throw SegueError("\(name) needs an environment to size its networks", hint: "make one first, e.g. `env episodes=random-pool(size=50)`")
        }
        return specs
    }
}
