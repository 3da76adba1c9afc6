import SegueCore

/// Contract tests for one registered component, whatever its origin: the
/// checks `plugin check` runs on every component a plugin registers, and that
/// tests run on built-ins.
///
/// Each component is made with its default parameters and put into an
/// environment over a small demo world (300 tracks, 30 users), which
/// `EnvironmentChecker` checks; then come the checks of its kind:
///
/// | kind | checks |
/// | --- | --- |
/// | user model | probabilities finite and in [0, 1], batch = one by one; same inputs, same outputs |
/// | track sampler | never an unused candidate missed, `.candidate`/`.scores`/`.point` all answered, unreadable actions refused, deterministic |
/// | episode sampler | pools of the declared size, distinct tracks of the catalog, random access deterministic |
/// | termination rule | deterministic decisions; how often it ends sessions |
/// | tracker | an observer only: episodes identical with and without it |
/// | agent | actions the no-repeat sampler accepts; deterministic given the episode |
///
/// Nothing here throws: a failure (a factory that throws, a step that
/// throws) becomes a failed finding, so every check reports.
public struct ComponentContract {
    /// The outcome of one check, printed like `check-env`'s findings.
    public struct Finding: Sendable, CustomStringConvertible {
        public var check: String
        public var passed: Bool
        public var detail: String

        public init(_ check: String, passed: Bool, _ detail: String) {
            self.check = check
            self.passed = passed
            self.detail = detail
        }

        public var description: String { "\(passed ? "ok  " : "FAIL") \(check): \(detail)" }
    }

    public let registry: Registry
    /// The world components are checked in.
    public let world: World
    /// Values the caller holds by name (trained models), for `.component` parameters.
    public var values: [String: AnyObject]
    /// Episodes played per check.
    public var episodes: Int
    /// Candidates per pool in the environments built for checks.
    public var poolSize: Int
    /// The environments' seed.
    public var seed: UInt64
    /// What factories keep between the contract's builds (a model a recipe names trains once).
    let cache = ComponentCache(capacity: 4)

    /// A contract over `world` (default: `ComponentContract.demoWorld()`).
    public init(registry: Registry, world: World? = nil, values: [String: AnyObject] = [:],
                episodes: Int = 10, poolSize: Int = 20, seed: UInt64 = 1) {
        self.registry = registry
        self.world = world ?? ComponentContract.demoWorld()
        self.values = values
        self.episodes = max(episodes, 1)
        self.poolSize = poolSize
        self.seed = seed
    }

    /// The small demo world checks run in: `world demo tracks=300 users=30 sessions=0`.
    public static func demoWorld() -> World {
        var demo = DemoWorld()
        demo.tracks = 300
        demo.users = 30
        return demo.makeWorld()
    }

    /// Runs the contract of component `name` (bare or versioned) of `kind`,
    /// made with its default parameters.
    public func check(_ kind: ComponentKind, _ name: String) -> [Finding] {
        check(kind, spec: ComponentSpec(name))
    }

    /// Runs the contract of the component `spec` names, made with the
    /// parameters it gives (defaults for the rest).
    public func check(_ kind: ComponentKind, spec: ComponentSpec) -> [Finding] {
        do {
            _ = try registry.descriptor(kind, spec.name)
        } catch {
            return [Finding("registered", passed: false, "\(error)")]
        }
        switch kind {
        case .userModel: return checkUserModel(spec)
        case .trackSampler: return checkTrackSampler(spec)
        case .episodeSampler: return checkEpisodeSampler(spec)
        case .terminationRule: return checkTerminationRule(spec)
        case .tracker: return checkTracker(spec)
        case .agent: return checkAgent(spec)
        case .world: return checkWorld(spec)
        }
    }

    // MARK: - Shared steps

    /// The recipe checks start from: truth, no-repeat, random pools of
    /// `poolSize`, playlists of up to 20, three skips in a row end a session.
    var baseRecipe: Recipe {
        Recipe(episodeSampler: ComponentSpec("random-pool", [("size", String(poolSize))]),
               terminations: [ComponentSpec("max-length", [("length", "20")]), ComponentSpec("consecutive-skips", [("limit", "3")])],
               seed: seed)
    }

    var context: ComponentContext {
        ComponentContext(registry: registry, world: world, seed: seed, values: values)
    }

    /// Builds an environment from `recipe` over the contract's world.
    func environment(_ recipe: Recipe) throws -> Environment {
        try EnvironmentBuilder(registry: registry, values: values, cache: cache).build(recipe, world: world)
    }

    /// Makes the component with its defaults, as a `T`, and says so in a finding.
    func make<T>(_ kind: ComponentKind, _ spec: ComponentSpec, as protocolName: String) -> (T?, Finding) {
        do {
            let made: T = try registry.make(kind, spec, context: context)
            return (made, Finding("builds", passed: true, "\(article(protocolName)) \(protocolName)\(parameterText(kind, spec))"))
        } catch {
            return (nil, Finding("builds", passed: false, "\(error)"))
        }
    }

    /// " with NAME=VALUE ..." for the parameters `spec` resolves to, or "".
    func parameterText(_ kind: ComponentKind, _ spec: ComponentSpec) -> String {
        guard let descriptor = try? registry.descriptor(kind, spec.name), !descriptor.parameters.isEmpty,
              let parameters = try? Parameters(specs: descriptor.parameters, given: spec.orderedParameters,
                                               component: descriptor.versionedName) else { return "" }
        return " with \(spec.parameters.isEmpty ? "defaults " : "")\(parameters.description)"
    }

    /// `EnvironmentChecker` on environments built from `recipe`.
    func environmentFindings(_ recipe: Recipe) -> [Finding] {
        do {
            let checked = try EnvironmentChecker(episodes: episodes).check { try environment(recipe) }
            return checked.map { Finding($0.check, passed: $0.passed, $0.detail) }
        } catch {
            return [Finding("environment", passed: false, "\(error)")]
        }
    }

    /// Plays episodes `0..<episodes` of `env` with `agent`, calling `probe`
    /// before each action; returns the candidates played, in order.
    @discardableResult
    func play(_ env: Environment, agent: any Agent, probe: (TimeStep) throws -> Void = { _ in }) throws -> [Int] {
        var played: [Int] = []
        for e in 0..<episodes {
            var step = env.reset(episode: e)
            while !step.isLast {
                try probe(step)
                step = try Driver.advance(env, agent, from: step).next
                played.append(step.played ?? -1)
            }
        }
        return played
    }

    /// A finding from a closure that may throw: a throw fails the check.
    func attempt(_ check: String, _ body: () throws -> Finding) -> Finding {
        do { return try body() } catch { return Finding(check, passed: false, "\(error)") }
    }
}

/// "an" before a vowel, else "a".
func article(_ word: String) -> String {
    "AEIO".contains(word.first ?? "x") ? "an" : "a"
}
