import SegueCore

/// How the value of the next state is estimated in the TD target.
public enum NextValueRule: String, CaseIterable, Sendable {
    /// `max_a' Q_target(s', a')` (DQN, Mnih et al. 2015).
    case max
    /// `Q_target(s', argmax_a' Q_online(s', a'))` (double DQN, van Hasselt et al. 2016).
    case double
}

/// What a value agent hands the track sampler.
public enum QActionForm: String, CaseIterable, Sendable {
    /// A Q value per candidate; the sampler plays the best unused one.
    case scores
    /// The masked argmax itself.
    case candidate
}

/// Hyperparameters of the value agents (`ahdqn`, `dqn`). The defaults are
/// bench-workload-v1 section 8B exactly: network 56→64→64→1, Adam 1e-3
/// (β 0.9/0.999, ε 1e-7), batch 64, γ 0.9, Huber δ 1, learning from step 1,000,
/// one update per step, a hard target copy every 200 updates, replay 20,000,
/// ε = 1 − 0.95·min(1, n/10,000).
public struct QLearningConfig: AgentConfig, Equatable {
    /// Width of each hidden layer.
    public var hidden = 64
    /// Number of hidden layers (ReLU).
    public var layers = 2
    /// Adam's step size.
    public var learningRate: Float = 1e-3
    /// Adam's first-moment decay.
    public var beta1: Float = 0.9
    /// Adam's second-moment decay.
    public var beta2: Float = 0.999
    /// Adam's epsilon.
    public var adamEpsilon: Float = 1e-7
    /// Transitions per update, sampled uniformly with replacement.
    public var batchSize = 64
    /// Discount of future listens.
    public var gamma: Float = 0.9
    /// Threshold of the Huber loss.
    public var huberDelta: Float = 1
    /// Environment steps before the first update.
    public var learningStarts = 1_000
    /// Environment steps per update.
    public var trainEvery = 1
    /// Updates between target-network refreshes.
    public var targetUpdateEvery = 200
    /// Polyak rate of each refresh: θ′ ← (1−τ)θ′ + τθ (1: hard copy).
    public var targetRate: Float = 1
    /// Transitions the replay buffer keeps.
    public var replayCapacity = 20_000
    /// Exploration rate at step 0.
    public var epsilonStart: Float = 1
    /// Exploration rate after `epsilonSteps`.
    public var epsilonEnd: Float = 0.05
    /// Steps of the linear exploration ramp.
    public var epsilonSteps = 10_000
    /// Next-state value: plain max or double DQN.
    public var nextValue = NextValueRule.max
    /// Hand the sampler all scores or the chosen candidate.
    public var action = QActionForm.scores
    /// Global gradient-norm clip (0: none).
    public var clipNorm: Float = 0
    /// Seed of the initial weights, exploration and replay sampling.
    public var seed: UInt64 = 1

    public init() {}

    public static let fields: [ConfigField<QLearningConfig>] = [
        .int("hidden", \.hidden, range: 1...4096, "width of each hidden layer"),
        .int("layers", \.layers, range: 1...8, "number of hidden ReLU layers"),
        .float("learning-rate", \.learningRate, range: 0...1, "Adam's step size"),
        .float("beta1", \.beta1, range: 0...0.999999, "Adam's first-moment decay"),
        .float("beta2", \.beta2, range: 0...0.999999, "Adam's second-moment decay"),
        .float("adam-epsilon", \.adamEpsilon, range: 1e-12...1, "Adam's epsilon"),
        .int("batch", \.batchSize, range: 1...65_536, "transitions per update, sampled uniformly with replacement"),
        .float("gamma", \.gamma, range: 0...1, "discount of future listens"),
        .float("huber-delta", \.huberDelta, range: 1e-6...1e6, "threshold of the Huber loss"),
        .int("learning-starts", \.learningStarts, range: 1...1e9, "environment steps before the first update"),
        .int("train-every", \.trainEvery, range: 1...1e6, "environment steps per update"),
        .int("target-every", \.targetUpdateEvery, range: 1...1e9, "updates between target-network refreshes"),
        .float("target-rate", \.targetRate, range: 0...1, "Polyak rate of each refresh (1: hard copy)"),
        .int("replay", \.replayCapacity, range: 1...1e8, "transitions the replay buffer keeps"),
        .float("epsilon-start", \.epsilonStart, range: 0...1, "exploration rate at step 0"),
        .float("epsilon-end", \.epsilonEnd, range: 0...1, "exploration rate after epsilon-steps"),
        .int("epsilon-steps", \.epsilonSteps, range: 0...1e9, "steps of the linear exploration ramp"),
        .choice("next-value", \.nextValue, "next-state value: max (DQN) or double (double DQN)"),
        .choice("action", \.action, "hand the sampler every score or the chosen candidate"),
        .float("clip-norm", \.clipNorm, range: 0...1e6, "global gradient-norm clip (0: none)"),
        .seed("seed", \.seed, "seed of the initial weights, exploration and replay sampling"),
    ]

    /// The exploration rate after `n` environment steps.
    public func epsilon(atStep n: Int) -> Float {
        Schedule.linear(step: n, start: epsilonStart, end: epsilonEnd, steps: epsilonSteps)
    }

    /// The hidden widths, `[hidden] × layers`.
    public var hiddenWidths: [Int] { Array(repeating: hidden, count: layers) }
}
