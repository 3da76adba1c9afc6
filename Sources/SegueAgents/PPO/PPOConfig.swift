import SegueCore
/// Hyperparameters of PPO with an action-head policy (`ppo`), and of phasic
/// policy gradient (`ppg`: the same with `phases` > 0). Defaults follow
/// CleanRL's PPO with a discount matching the value agents (γ 0.9); PPG's
/// auxiliary-phase defaults follow Cobbe et al. (2021), scaled to one environment.
public struct PPOConfig: AgentConfig, Equatable {
    /// Width of each hidden layer (policy and value networks).
    public var hidden = 64
    /// Number of hidden ReLU layers.
    public var layers = 2
    /// Adam's step size.
    public var learningRate: Float = 3e-4
    /// Adam's epsilon.
    public var adamEpsilon: Float = 1e-5
    /// Environment steps per rollout (then one update phase).
    public var rolloutSteps = 1_024
    /// Passes over each rollout.
    public var epochs = 4
    /// Transitions per minibatch.
    public var minibatch = 256
    /// Discount of future listens.
    public var gamma: Float = 0.9
    /// GAE's λ.
    public var lambda: Float = 0.95
    /// Clip range ε of the probability ratio.
    public var clip: Float = 0.2
    /// Weight β of the entropy bonus.
    public var entropy: Float = 0.01
    /// Weight of the value loss.
    public var valueCoefficient: Float = 0.5
    /// Global gradient-norm clip (0: none).
    public var clipNorm: Float = 0.5
    /// Normalise advantages within each minibatch.
    public var normalizeAdvantages = true
    /// PPG: rollouts (policy phases) between auxiliary phases; 0 is plain PPO.
    public var phases = 0
    /// PPG: passes over the stored states in each auxiliary phase.
    public var auxiliaryEpochs = 6
    /// PPG: weight β_clone of `KL(π_old ‖ π)`, which keeps the policy while its
    /// network fits the auxiliary value.
    public var cloneWeight: Float = 1
    /// Seed of the initial weights, action sampling and minibatch order.
    public var seed: UInt64 = 1

    public init() {}

    /// The defaults of `ppg`: an auxiliary phase after every 4 rollouts.
    public static var phasic: PPOConfig {
        var config = PPOConfig()
        config.phases = 4
        return config
    }

    public static let fields: [ConfigField<PPOConfig>] = [
        .int("hidden", \.hidden, range: 1...4096, "width of each hidden layer (policy and value networks)"),
        .int("layers", \.layers, range: 1...8, "number of hidden ReLU layers"),
        .float("learning-rate", \.learningRate, range: 0...1, "Adam's step size"),
        .float("adam-epsilon", \.adamEpsilon, range: 1e-12...1, "Adam's epsilon"),
        .int("rollout", \.rolloutSteps, range: 1...1e7, "environment steps per rollout (then one update phase)"),
        .int("epochs", \.epochs, range: 1...1000, "passes over each rollout"),
        .int("minibatch", \.minibatch, range: 1...1e7, "transitions per minibatch"),
        .float("gamma", \.gamma, range: 0...1, "discount of future listens"),
        .float("lambda", \.lambda, range: 0...1, "GAE's lambda"),
        .float("clip", \.clip, range: 0...10, "clip range of the probability ratio"),
        .float("entropy", \.entropy, range: 0...10, "weight of the entropy bonus"),
        .float("value-coefficient", \.valueCoefficient, range: 0...100, "weight of the value loss"),
        .float("clip-norm", \.clipNorm, range: 0...1e6, "global gradient-norm clip (0: none)"),
        .bool("normalize-advantages", \.normalizeAdvantages, "normalise advantages within each minibatch"),
        .int("phases", \.phases, range: 0...1e6, "PPG: rollouts between auxiliary phases (0: plain PPO)"),
        .int("aux-epochs", \.auxiliaryEpochs, range: 1...1000, "PPG: passes over the stored states in each auxiliary phase"),
        .float("clone", \.cloneWeight, range: 0...1000, "PPG: weight of KL(old policy ‖ policy) in the auxiliary phase"),
        .seed("seed", \.seed, "seed of the initial weights, action sampling and minibatch order"),
    ]

    /// The hidden widths, `[hidden] × layers`.
    public var hiddenWidths: [Int] { Array(repeating: hidden, count: layers) }
}
