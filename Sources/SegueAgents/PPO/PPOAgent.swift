import SegueCore
import SegueTensor

/// Proximal policy optimisation (Schulman et al., 2017) with an action-head
/// policy: a shared network scores every candidate, and the policy is the
/// softmax of those scores over the unused candidates; a separate value network
/// reads the context. Collects `rolloutSteps` transitions, then runs
/// `epochs` passes of clipped-objective minibatch updates with GAE advantages
/// (`PPOAgent+Update.swift`). Acting outside training it plays the masked argmax.
///
/// With `phases` > 0 it is phasic policy gradient (Cobbe et al., 2021): the
/// rollouts' states are kept, and after every `phases` rollouts an auxiliary
/// phase fits a value head on the policy network to the returns while holding
/// the policy in place (`PPOAgent+Phasic.swift`).
public final class PPOAgent: LearningAgent {
    /// `ppg` when the config has auxiliary phases, else `ppo`.
    public var name: String { config.phases > 0 ? "ppg" : "ppo" }
    public let config: PPOConfig
    /// Logits per candidate, `MLP([context ‖ features])`.
    public let policy: CandidateScorer
    /// `V(s) = MLP(context)`.
    public let value: Sequential
    /// PPG's value head on the policy's state encoding (nil for plain PPO).
    let auxiliary: AuxiliaryValueHead?
    /// PPG: the rollouts since the last auxiliary phase, and their value targets.
    var phase: RolloutBuffer
    var phaseTargets: [Float] = []
    let optimizer: Adam
    var rollout: RolloutBuffer
    /// Action sampling: draw `n` at env step `n`.
    let actionKey: SeedKey
    /// Minibatch order: one stream per epoch, numbered by the update count.
    let shuffleKey: SeedKey
    let contextSize: Int, featureSize: Int
    /// What the policy said about the last action, for `observe`.
    private var pending: (logProb: Float, value: Float)?
    public var isTraining = false
    public internal(set) var counters = LearnerCounters()
    /// The last minibatch's policy statistics.
    public internal(set) var lastStatistics: (entropy: Float, approximateKL: Float, clipFraction: Float)?

    /// PPO for environments with `specs`.
    public init(specs: EnvironmentSpecs, config: PPOConfig = .init()) {
        self.config = config
        let o = specs.observation
        contextSize = o.context.elementCount
        featureSize = o.featureCount
        let draws = AgentDraws(seed: config.seed)
        var generator = draws.weights.generator()
        policy = CandidateScorer(contextSize: contextSize, featureSize: featureSize, hidden: config.hiddenWidths, using: &generator)
        var layers: [any Layer] = []
        let sizes = [contextSize] + config.hiddenWidths + [1]
        for i in 0..<(sizes.count - 1) {
            if i > 0 { layers.append(ReLU()) }
            layers.append(Dense(inputSize: sizes[i], outputSize: sizes[i + 1], using: &generator))
        }
        value = Sequential(layers)
        auxiliary = config.phases > 0 ? AuxiliaryValueHead(encoder: policy.first, using: &generator) : nil
        optimizer = Adam(parameters: policy.parameters + value.parameters + (auxiliary?.parameters ?? []),
                         learningRate: config.learningRate, epsilon: config.adamEpsilon)
        rollout = RolloutBuffer(contextSize: contextSize, candidateCount: o.candidateCount, featureSize: featureSize)
        phase = rollout
        actionKey = draws.policy.derive(0)
        shuffleKey = draws.policy.derive(1)
    }

    public var isLearning: Bool { isTraining }
    public var configurationText: [(String, String)] { config.parameterText }

    /// `V(s)` of one context.
    func stateValue(_ context: [Float]) -> Float {
        value(Matrix(rows: 1, columns: contextSize, storage: context)).storage[0]
    }

    /// Training: a candidate sampled from the masked softmax (draw `n` of the
    /// action stream). Otherwise: the scores, so the sampler plays the masked argmax.
    /// - Throws: `SegueError` when the observation does not fit the networks, or
    ///   the policy scores an open candidate NaN or infinite.
    public func act(_ timeStep: TimeStep) throws -> Action {
        let o = timeStep.observation
        try checkObservation(o, agent: name, contextSize: contextSize, featureSize: featureSize)
        let logits = policy.scores(context: o.context, candidates: o.candidates)
        guard isTraining else { return .scores(logits) }
        try checkFinite(logits, mask: o.mask)
        let pi = MaskedSoftmax(logits: logits, mask: o.mask)
        let a = pi.sample(uniform: actionKey.uniform(UInt64(counters.steps)))
        pending = (pi.logProbabilities[a], stateValue(o.context))
        return .candidate(a)
    }

    /// Stores the transition; a full rollout triggers the update phase.
    /// - Throws: `SegueError` when a loss is not finite (weights are left as
    ///   they were before that minibatch step).
    public func observe(_ transition: Transition) throws {
        guard isTraining else { return }
        let o = transition.observation
        let (logProb, v) = try pending ?? {
            let logits = policy.scores(context: o.context, candidates: o.candidates)
            try checkFinite(logits, mask: o.mask)
            let pi = MaskedSoftmax(logits: logits, mask: o.mask)
            return (pi.logProbabilities[transition.candidate], stateValue(o.context))
        }()
        pending = nil
        rollout.add(transition, logProb: logProb, value: v, nextValue: stateValue(transition.next.observation.context))
        counters.steps += 1
        if rollout.count >= config.rolloutSteps {
            let returns = try update()
            if auxiliary != nil { try keepForAuxiliaryPhase(returns: returns) }
            rollout.clear()
        }
    }

    /// Throws unless every open candidate's logit is finite: the masked
    /// softmax is defined only then, and a NaN or infinite logit means the
    /// weights diverged (or a restored file holds moments that drive them out
    /// of range on the next step).
    func checkFinite<L: Collection, M: Collection>(_ logits: L, mask: M) throws where L.Element == Float, M.Element == Bool {
        guard zip(logits, mask).allSatisfy({ $0.isFinite || !$1 }) else {
            throw SegueError("\(name): the policy scores a candidate NaN or infinite at update \(counters.updates + 1) (step \(counters.steps)): training diverged, or restored weights are out of range",
                             hint: "lower learning-rate= or clip-norm=, or resume from an earlier checkpoint")
        }
    }

    // MARK: - Checkpoints

    public func save(into checkpoint: inout Checkpoint) throws {
        try saveHeader(into: &checkpoint)
        checkpoint.save(policy, prefix: "policy.")
        checkpoint.save(value, prefix: "value.")
        optimizer.save(into: &checkpoint, prefix: "adam.")
        rollout.save(into: &checkpoint, prefix: "rollout.")
        if let auxiliary {
            checkpoint.save(auxiliary.head, prefix: "auxiliary.")
            phase.save(into: &checkpoint, prefix: "phase.")
            checkpoint.put("phase.targets", values: phaseTargets, columns: 1)
        }
    }

    public func restore(from checkpoint: Checkpoint) throws {
        try checkCompatible(checkpoint)
        try checkpoint.load(policy, prefix: "policy.")
        try checkpoint.load(value, prefix: "value.")
        try optimizer.restore(from: checkpoint, prefix: "adam.")
        try rollout.restore(from: checkpoint, prefix: "rollout.")
        if let auxiliary {
            try checkpoint.load(auxiliary.head, prefix: "auxiliary.")
            try phase.restore(from: checkpoint, prefix: "phase.")
            phaseTargets = try checkpoint.matrix("phase.targets", columns: 1).storage
        }
        counters = try LearnerCounters.restored(from: checkpoint)
        pending = nil
    }
}
