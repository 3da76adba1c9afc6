// SoftmaxAgent: a Boltzmann policy over a user model's predictions.
//
//   plugin load Plugins/SoftmaxAgent
//   soft = agent softmax temperature=0.3
//   compare random greedy soft
//
// Imports only SegueCore (and Foundation for exp and log); see docs/plugins.md.
import Foundation
import SegueCore

/// Plays unused candidate c with probability
///
/// ```
/// π(c) = exp(logit(p_c) / T) / Σ_{c' unused} exp(logit(p_c') / T),   p_c = P(listen c | session)
/// ```
///
/// by a user model (`truth` by default). T → 0 is the greedy policy; T → ∞
/// is uniformly random. The draw comes from the episode's policy stream, so
/// the agent is deterministic given the episode, and comparisons replay it.
/// Some exploration can beat greedy on a world that rewards novelty.
final class SoftmaxAgent: Agent {
    let model: any UserModel
    let temperature: Double

    init(model: any UserModel, temperature: Double) {
        self.model = model
        self.temperature = temperature
    }

    func act(_ timeStep: TimeStep) throws -> Action {
        let o = timeStep.observation
        let free = o.unusedCandidates
        guard !free.isEmpty else { throw SegueError("softmax: no unused candidate left") }
        let p = model.listenProbabilities(of: free.map { o.episode.pool[$0] }, episode: o.episode, session: o.session)
        let logits = p.map { q -> Double in
            let clipped = min(max(q, 1e-9), 1 - 1e-9)
            return log(clipped / (1 - clipped)) / temperature
        }
        let top = logits.max()!
        let weights = logits.map { exp($0 - top) }
        // Stream 3 of the episode key is the policy's: one uniform per position.
        let u = o.episode.key.derive(EpisodeStream.policy).uniform(UInt64(o.session.length)) * weights.reduce(0, +)
        var acc = 0.0
        for (i, w) in weights.enumerated() {
            acc += w
            if u < acc { return .candidate(free[i]) }
        }
        return .candidate(free[free.count - 1])
    }

    static let descriptor = ComponentDescriptor(
        kind: .agent, name: "softmax",
        summary: "a Boltzmann policy over a user model's P(listen) logits (greedy as T → 0)",
        parameters: [
            .component("model", .userModel, "truth", "the user model whose predictions are softened"),
            .double("temperature", 0.3, range: 0.001...100, "T: lower is greedier"),
        ],
        make: { p, context in
            SoftmaxAgent(model: try context.userModel(named: p.string("model")), temperature: p.double("temperature"))
        })
}

/// The plugin API version this plugin is built for (checked when it is loaded).
@_cdecl("segue_plugin_api_version")
public func segueAPIVersion() -> Int32 { PluginAPI.version }

/// Registers the plugin's components with the host's registry.
@_cdecl("segue_plugin_register")
public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
    PluginRegistrar.from(pointer).register(SoftmaxAgent.descriptor)
}
