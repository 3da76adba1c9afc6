import Foundation
import SegueCore
import SegueComponents
import SegueAgents

/// Worlds, environments and evaluations shared by the agent tests.
enum TestWorlds {
    /// An easy world: 400 tracks and 20 listeners with 4 features each, and
    /// listeners who like tracks with a high first feature, P = σ(3·x₀ − 1),
    /// whatever else happened (built once).
    static let small: World = {
        let key = SeedKey(11)
        let tracks = (0..<400 * 4).map { Float(key.derive(0).normal(UInt64($0))) }
        let users = (0..<20 * 4).map { Float(key.derive(1).normal(UInt64($0))) }
        let names = ["x0", "x1", "x2", "x3"]
        let catalog = Catalog(ids: (0..<400).map { "t\($0)" }, featureNames: names, features: tracks)
        let population = Population(featureNames: names, features: users)
        return World(name: "easy", catalog: catalog, population: population, groundTruth: { EasyTruth(catalog: catalog) })
    }()

    static let registry: Registry = {
        let registry = Registry.builtins()
        registry.registerAgents()
        return registry
    }()

    /// An easy environment: pools of `pool`, playlists of 10, 3 skips end a session.
    static func easy(seed: UInt64, pool: Int = 20, length: Int = 10) throws -> Environment {
        try EnvironmentBuilder(registry: registry).build(recipe(seed: seed, pool: pool, length: length), world: small)
    }

    static func recipe(seed: UInt64, pool: Int, length: Int) -> Recipe {
        Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "\(pool)")]),
               terminations: [ComponentSpec("max-length", [("length", "\(length)")]),
                              ComponentSpec("consecutive-skips", [("limit", "3")])],
               seed: seed)
    }

    /// Plays `policies` on the same `episodes` episodes of fresh environments from `make`.
    static func evaluate(_ policies: [(String, any Agent)], episodes: Int,
                         make: () throws -> Environment) throws -> Evaluation {
        for case let (_, agent as any LearningAgent) in policies { agent.isTraining = false }
        return try Evaluation(policies: policies, episodes: episodes, makeEnvironment: make)
    }

    /// Whether long measurements were asked for (`SEGUE_LONG=1`).
    static var long: Bool { ProcessInfo.processInfo.environment["SEGUE_LONG"] == "1" }
}

/// The easy world's listeners: P(listen) = σ(3·x₀ − 1) of the track.
final class EasyTruth: UserModel {
    let catalog: Catalog
    init(catalog: Catalog) { self.catalog = catalog }
    func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        1 / (1 + exp(-(3 * Double(catalog.features(of: track).first!) - 1)))
    }
}
