import SegueCore

/// Counters every learning agent keeps; exploration and sampling draws are
/// indexed by them, so they are all a checkpoint needs of the random streams.
public struct LearnerCounters: Codable, Sendable, Equatable {
    /// Environment steps observed while training.
    public var steps = 0
    /// Gradient updates applied (for PPO: minibatch steps).
    public var updates = 0
    /// The loss of the last update, if any.
    public var loss: Double?

    public init() {}

    /// The counters stored under `key` in `checkpoint`, checked: negative
    /// counts (a damaged file) would trap where steps key random draws.
    /// - Throws: `SegueError` naming the file when they are missing, malformed or negative.
    public static func restored(from checkpoint: Checkpoint, key: String = "agent.counters") throws -> LearnerCounters {
        let counters: LearnerCounters = try checkpoint.record(key)
        guard counters.steps >= 0, counters.updates >= 0 else {
            throw SegueError("checkpoint '\(checkpoint.source)': record '\(key)' holds a negative count",
                             hint: "the file is damaged; resume from another checkpoint")
        }
        return counters
    }
}

/// An agent that learns from the transitions it observes while `isTraining`,
/// and whose whole state (weights, optimizer, buffers, counters) goes into a
/// checkpoint.
///
/// Every update runs to its end inside `observe`, so between two calls the agent
/// is consistent: a trainer may stop (Ctrl-C) or save there.
public protocol LearningAgent: Agent {
    /// The registry name (`ahdqn`, `dqn`, `ppo`).
    var name: String { get }
    /// Whether `act` explores and `observe` learns. False: act greedily, learn nothing.
    var isTraining: Bool { get set }
    /// Steps, updates and the last loss.
    var counters: LearnerCounters { get }
    /// The configuration as `name=value` pairs (for reports and checkpoints).
    var configurationText: [(String, String)] { get }
    /// Puts the whole learning state into `checkpoint`.
    /// - Throws: `SegueError` when part of it cannot be encoded.
    func save(into checkpoint: inout Checkpoint) throws
    /// Restores the state `save` wrote.
    /// - Throws: `SegueError` when the checkpoint is for another agent or shape.
    func restore(from checkpoint: Checkpoint) throws
}

extension LearningAgent {
    /// Checks that `checkpoint` was written by an agent of this name and configuration.
    /// - Throws: `SegueError` naming the first difference.
    func checkCompatible(_ checkpoint: Checkpoint) throws {
        guard checkpoint.metadata["agent"] == name else {
            throw SegueError("checkpoint '\(checkpoint.source)' holds a '\(checkpoint.metadata["agent"] ?? "?")' agent, not '\(name)'",
                             hint: "resume with the kind of agent that wrote it")
        }
        let saved: [String: String] = try checkpoint.record("agent.config")
        for (key, value) in configurationText where saved[key] != value {
            throw SegueError("checkpoint '\(checkpoint.source)' was written with \(name) \(key)=\(saved[key] ?? "?"), this agent has \(key)=\(value)",
                             hint: "make the agent with the checkpoint's configuration to resume")
        }
    }

    /// Writes the name, configuration and counters every learning agent saves.
    func saveHeader(into checkpoint: inout Checkpoint) throws {
        checkpoint.metadata["agent"] = name
        try checkpoint.putRecord("agent.config", Dictionary(configurationText, uniquingKeysWith: { $1 }))
        try checkpoint.putRecord("agent.counters", counters)
    }
}

/// Throws when an observation does not fit the sizes an agent was built for.
func checkObservation(_ o: Observation, agent: String, contextSize: Int, featureSize: Int, candidateCount: Int? = nil) throws {
    let hint = "make the agent for this environment (`agent \(agent) env=NAME`)"
    guard o.context.count == contextSize else {
        throw SegueError("\(agent): the observation's context has \(o.context.count) values, the agent was built for \(contextSize)", hint: hint)
    }
    guard o.featureCount == featureSize else {
        throw SegueError("\(agent): candidates have \(o.featureCount) features, the agent was built for \(featureSize)", hint: hint)
    }
    if let candidateCount, o.candidateCount != candidateCount {
        throw SegueError("\(agent): the pool has \(o.candidateCount) candidates, the agent's head has \(candidateCount)", hint: hint)
    }
    guard o.mask.contains(true) else {
        throw SegueError("\(agent): no unused candidate is left to play", hint: "the environment should have ended the episode")
    }
}
