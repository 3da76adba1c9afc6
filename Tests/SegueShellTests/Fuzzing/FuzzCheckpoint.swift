import Foundation
import SegueCore
import SegueComponents
import SegueTensor
import SegueAgents

/// Fuzz entry for the checkpoint reader (`resume`): the input is restored into
/// a fresh AH-DQN trainer and a fresh PPO trainer on a tiny environment, as
/// `resume AGENT FILE` does, and a restored trainer takes a few more steps.
enum FuzzCheckpoint {
    /// Eight tracks, four listeners, two features each.
    static let world: World = {
        let names = ["x0", "x1"]
        let catalog = Catalog(ids: (0..<8).map { "t\($0)" }, featureNames: names,
                              features: (0..<16).map { Float(($0 * 7) % 5) / 2 - 1 })
        let population = Population(featureNames: names, features: (0..<8).map { Float(($0 * 3) % 4) / 2 - 0.5 })
        return World(name: "fuzz", catalog: catalog, population: population, groundTruth: { FuzzTruth(catalog: catalog) })
    }()

    static let registry: Registry = {
        let registry = Registry.builtins()
        registry.registerAgents()
        return registry
    }()

    static func environment() throws -> Environment {
        let recipe = Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "4")]),
                            terminations: [ComponentSpec("max-length", [("length", "3")])], seed: 1)
        return try EnvironmentBuilder(registry: registry).build(recipe, world: world)
    }

    /// Small agents whose checkpoints stay a few kilobytes.
    static func agents(_ specs: EnvironmentSpecs) -> [any LearningAgent] {
        var q = QLearningConfig()
        q.hidden = 2
        q.layers = 1
        q.learningStarts = 4
        q.batchSize = 2
        q.replayCapacity = 6
        var ppo = PPOConfig()
        ppo.hidden = 2
        ppo.layers = 1
        ppo.rolloutSteps = 4
        ppo.minibatch = 2
        return [QLearningAgent.actionHead(specs: specs, config: q), PPOAgent(specs: specs, config: ppo)]
    }

    /// Whether any agent restored from the input.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Bool {
        let path = FuzzScratch.write(bytes, name: "checkpoint.safetensors")
        var restored = false
        guard let specs = try? environment().specs else { fatalError("fuzz: cannot build the environment") }
        for agent in agents(specs) {
            guard let env = try? environment() else { fatalError("fuzz: cannot build the environment") }
            let trainer = Trainer(agent: agent, environments: [env])
            do {
                try trainer.restore(from: path)
                _ = try trainer.run(steps: 3)
                restored = true
            } catch {
                _ = "\(error)"
            }
        }
        return restored
    }

    /// Checkpoints of each agent after 7 steps, for the seed corpus, each also as
    /// a version 1 file (no checksum), whose mutations reach past the checksum.
    static func seeds() throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for agent in agents(try environment().specs) {
            let trainer = Trainer(agent: agent, environments: [try environment()])
            _ = try trainer.run(steps: 7)
            let path = FuzzScratch.folder + "/seed-\(agent.name).safetensors"
            try trainer.saveCheckpoint(to: path)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            files[agent.name] = bytes
            var old = try SafeTensors(decoding: bytes)
            old.metadata["format"] = Checkpoint.formatWithoutChecksum
            files[agent.name + "-v1"] = try old.encoded(withChecksum: false)
        }
        return files
    }
}

/// The fuzz world's listeners: P(listen) = σ(2·x₀) of the track.
final class FuzzTruth: UserModel {
    let catalog: Catalog
    init(catalog: Catalog) { self.catalog = catalog }
    func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        1 / (1 + exp(-2 * Double(catalog.features(of: track).first!)))
    }
}
