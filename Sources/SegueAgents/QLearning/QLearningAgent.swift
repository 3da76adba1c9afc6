import SegueCore
import SegueTensor

/// A value agent: ε-greedy over a `QNetwork`, uniform replay, a target network,
/// one TD update per `trainEvery` steps (`QLearningAgent+Update.swift`).
///
/// With a `CandidateScorer` it is the paper's action-head DQN (`ahdqn`); with a
/// `SlotQNetwork` the vanilla DQN (`dqn`). Acting greedily it masks used
/// candidates; exploring it plays a uniformly random unused one.
public final class QLearningAgent: LearningAgent {
    public let name: String
    public let config: QLearningConfig
    /// The online network, trained by every update.
    public let network: any QNetwork
    /// The target network, refreshed every `targetUpdateEvery` updates.
    public let target: any QNetwork
    let optimizer: Adam
    public private(set) var replay: ReplayBuffer
    let draws: AgentDraws
    let contextSize: Int, featureSize: Int, candidateCount: Int
    let slotHead: Bool
    public var isTraining = false
    public internal(set) var counters = LearnerCounters()
    /// Threads AH-DQN's inference passes (acting, target values) spread over. The
    /// numbers do not depend on it (`CandidateScorer+Pass.swift`); DQN ignores it.
    public var workerCount = 1 {
        didSet {
            for case let scorer as CandidateScorer in [network, target] as [any QNetwork] { scorer.workerCount = workerCount }
        }
    }

    /// The paper's AH-DQN for environments with `specs`.
    public static func actionHead(specs: EnvironmentSpecs, config: QLearningConfig = .init()) -> QLearningAgent {
        let o = specs.observation
        var generator = AgentDraws(seed: config.seed).weights.generator()
        let network = CandidateScorer(contextSize: o.context.elementCount, featureSize: o.featureCount,
                                      hidden: config.hiddenWidths, using: &generator)
        return QLearningAgent(name: "ahdqn", specs: specs, config: config, network: network, slotHead: false)
    }

    /// Vanilla DQN with one output per pool slot, for environments with `specs`.
    public static func slots(specs: EnvironmentSpecs, config: QLearningConfig = .init()) -> QLearningAgent {
        let o = specs.observation
        var generator = AgentDraws(seed: config.seed).weights.generator()
        let network = SlotQNetwork(contextSize: o.context.elementCount, featureSize: o.featureCount,
                                   candidateCount: o.candidateCount, hidden: config.hiddenWidths, using: &generator)
        return QLearningAgent(name: "dqn", specs: specs, config: config, network: network, slotHead: true)
    }

    init(name: String, specs: EnvironmentSpecs, config: QLearningConfig, network: any QNetwork, slotHead: Bool) {
        self.name = name
        self.config = config
        self.network = network
        self.slotHead = slotHead
        let target = network.sameShape()
        target.copyParameters(from: network)
        self.target = target
        optimizer = Adam(parameters: network.parameters, learningRate: config.learningRate,
                                  beta1: config.beta1, beta2: config.beta2, epsilon: config.adamEpsilon)
        let o = specs.observation
        contextSize = o.context.elementCount
        featureSize = o.featureCount
        candidateCount = o.candidateCount
        replay = ReplayBuffer(capacity: config.replayCapacity, contextSize: contextSize,
                              candidateCount: candidateCount, featureSize: featureSize)
        draws = AgentDraws(seed: config.seed)
    }

    public var isLearning: Bool { isTraining }
    public var configurationText: [(String, String)] { config.parameterText }

    /// Q values of every candidate of the current observation.
    public func values(_ o: Observation) -> [Float] {
        network.values(contexts: Matrix(rows: 1, columns: contextSize, storage: o.context), pools: [o.candidates]).storage
    }

    /// Training: with probability ε(n) a uniformly random unused candidate,
    /// else the masked argmax of Q. Not training: the masked argmax.
    ///
    /// Q is computed on every step, exploring or not, as bench-workload-v1 8B
    /// counts the work (one forward of C rows per env step).
    /// - Throws: `SegueError` when the observation does not fit the network.
    public func act(_ timeStep: TimeStep) throws -> Action {
        let o = timeStep.observation
        try checkObservation(o, agent: name, contextSize: contextSize, featureSize: featureSize,
                             candidateCount: slotHead ? candidateCount : nil)
        let q = values(o)
        if isTraining {
            let n = UInt64(counters.steps)
            if Float(draws.exploration.uniform(2 * n)) < config.epsilon(atStep: counters.steps),
               let c = AgentDraws.randomUnused(o.mask, key: draws.exploration, index: 2 * n + 1) {
                return .candidate(c)
            }
        }
        switch config.action {
        case .scores: return .scores(q)
        case .candidate: return .candidate(CandidateChoice.maskedArgmax(q, mask: o.mask)!)
        }
    }

    /// Stores the transition and, from `learningStarts` on, updates every `trainEvery` steps.
    /// - Throws: `SegueError` when the loss is not finite (weights are left as they were).
    public func observe(_ transition: Transition) throws {
        guard isTraining else { return }
        replay.add(transition)
        counters.steps += 1
        if counters.steps >= config.learningStarts && counters.steps % config.trainEvery == 0 {
            try update()
        }
    }

    // MARK: - Checkpoints

    public func save(into checkpoint: inout Checkpoint) throws {
        try saveHeader(into: &checkpoint)
        checkpoint.save(network, prefix: "online.")
        checkpoint.save(target, prefix: "target.")
        optimizer.save(into: &checkpoint, prefix: "adam.")
        replay.save(into: &checkpoint, prefix: "replay.")
    }

    public func restore(from checkpoint: Checkpoint) throws {
        try checkCompatible(checkpoint)
        try checkpoint.load(network, prefix: "online.")
        try checkpoint.load(target, prefix: "target.")
        try optimizer.restore(from: checkpoint, prefix: "adam.")
        try replay.restore(from: checkpoint, prefix: "replay.")
        counters = try LearnerCounters.restored(from: checkpoint)
    }
}
