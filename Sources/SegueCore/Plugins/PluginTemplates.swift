/// The sources `plugin new` writes, one per component kind. `__TYPE__` is the
/// plugin's name (module and class), `__COMPONENT__` its registry name.
///
/// Each template is a small, working component, not a stub: it compiles
/// against SegueCore alone, declares its parameters, and passes
/// `plugin check` unchanged, so a researcher edits from something that works.
enum PluginTemplates {
    static func template(for kind: ComponentKind) -> String? {
        let body: String
        switch kind {
        case .userModel: body = userModel
        case .trackSampler: body = trackSampler
        case .episodeSampler: body = episodeSampler
        case .terminationRule: body = termination
        case .tracker: body = tracker
        case .agent: body = agent
        case .world: return nil
        }
        return header + body + entryPoints
    }

    static let header = #"""
    // __TYPE__: a __KIND__ plugin for Segue, made by `plugin new __TYPE__ --kind __KIND__`.
    //
    //   plugin load Plugins/__TYPE__     build (cached by content) and load it; again after each edit
    //   plugin check __TYPE__            contract tests of every component it registers
    //   describe __COMPONENT__           its parameters
    //
    // docs/plugins.md explains the protocols, the parameter schema and the entry points.
    import Foundation
    import SegueCore


    """#

    static let entryPoints = #"""

    /// The plugin API version this plugin is built for (checked when it is loaded).
    @_cdecl("segue_plugin_api_version")
    public func segueAPIVersion() -> Int32 { PluginAPI.version }

    /// Registers the plugin's components with the host's registry.
    @_cdecl("segue_plugin_register")
    public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
        PluginRegistrar.from(pointer).register(__TYPE__.descriptor)
    }

    """#

    static let userModel = #"""
    /// P(listen) = sigmoid(bias + affinity · cos(user, track) + popularity · pop(track)),
    /// over the features users and tracks share. Replace `listenProbability` with your model;
    /// keep it a pure function of its inputs (or of state reset in `beginEpisode`).
    final class __TYPE__: UserModel {
        let catalog: Catalog
        let population: Population
        let bias: Double
        let affinity: Double
        let popularity: Double
        let popularityColumn: Int?

        init(world: World, bias: Double, affinity: Double, popularity: Double) {
            catalog = world.catalog
            population = world.population
            self.bias = bias
            self.affinity = affinity
            self.popularity = popularity
            popularityColumn = world.catalog.featureIndex(named: "popularity")
        }

        func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
            let t = catalog.features(of: track)
            let u = population.features(of: episode.user)
            var dot = 0.0, tt = 0.0, uu = 0.0
            for (a, b) in zip(t, u) {
                dot += Double(a) * Double(b)
                tt += Double(a) * Double(a)
                uu += Double(b) * Double(b)
            }
            let cosine = dot / max((tt * uu).squareRoot(), 1e-12)
            let pop = popularityColumn.map { Double(t[t.startIndex + $0]) } ?? 0
            return 1 / (1 + exp(-(bias + affinity * cosine + popularity * pop)))
        }

        static let descriptor = ComponentDescriptor(
            kind: .userModel, name: "__COMPONENT__",
            summary: "listens by cosine between user and track features (a template to edit)",
            parameters: [
                .double("bias", -0.5, range: -10...10, "base log-odds of a listen"),
                .double("affinity", 2, range: -20...20, "weight of cos(user, track)"),
                .double("popularity", 0.2, range: -5...5, "weight of the track's standardised popularity"),
            ],
            make: { p, context in
                __TYPE__(world: try context.requireWorld(for: "__COMPONENT__"), bias: p.double("bias"),
                         affinity: p.double("affinity"), popularity: p.double("popularity"))
            })
    }

    """#

    static let trackSampler = #"""
    /// Turns an action into an unused candidate, never a repeat:
    /// `.candidate(c)` plays c if unused; `.scores` the best-scored unused one;
    /// `.point` the nearest unused one. A repeat falls back to the lowest unused
    /// candidate, or a random one drawn from the episode's own stream.
    final class __TYPE__: TrackSampler {
        let randomFallback: Bool

        init(randomFallback: Bool) { self.randomFallback = randomFallback }

        func candidate(for action: Action, observation: Observation) throws -> Int {
            let mask = observation.mask
            switch action {
            case .candidate(let c):
                guard mask.indices.contains(c) else {
                    throw SegueError("__COMPONENT__: candidate \(c) is outside the pool 0...\(mask.count - 1)")
                }
                return mask[c] ? c : try fallback(observation)
            case .scores(let scores):
                guard scores.count == mask.count else {
                    throw SegueError("__COMPONENT__: \(scores.count) scores for a pool of \(mask.count)")
                }
                return try unused(CandidateChoice.maskedArgmax(scores, mask: mask))
            case .point(let point):
                guard point.count == observation.featureCount else {
                    throw SegueError("__COMPONENT__: a point of \(point.count) features; tracks have \(observation.featureCount)")
                }
                var best: Int?
                var bestDistance = Float.infinity
                for c in observation.unusedCandidates {
                    var d: Float = 0
                    for (a, b) in zip(observation.features(ofCandidate: c), point) { d += (a - b) * (a - b) }
                    if best == nil || d < bestDistance { best = c; bestDistance = d }
                }
                return try unused(best)
            }
        }

        /// Where a repeated pick goes instead.
        func fallback(_ observation: Observation) throws -> Int {
            let free = observation.unusedCandidates
            guard randomFallback, !free.isEmpty else { return try unused(free.first) }
            // Stream 6 of the episode key is free for components: reproducible draws.
            let key = observation.episode.key.derive(6)
            return free[key.index(UInt64(observation.session.length), below: free.count)]
        }

        func unused(_ choice: Int?) throws -> Int {
            guard let choice else { throw SegueError("__COMPONENT__: no unused candidate is left in the pool") }
            return choice
        }

        static let descriptor = ComponentDescriptor(
            kind: .trackSampler, name: "__COMPONENT__",
            summary: "plays the picked, best-scored or nearest unused candidate (a template to edit)",
            parameters: [.choice("fallback", ["lowest", "random"], "lowest", "where a repeated pick goes: the lowest or a random unused candidate")],
            make: { p, _ in __TYPE__(randomFallback: p.string("fallback") == "random") })
    }

    """#

    static let episodeSampler = #"""
    /// Episode `number` depends only on its key: a random listener and a pool of
    /// `size` distinct tracks, drawn from the key's user and pool streams, so any
    /// episode can be replayed. Change how users and pools are drawn here.
    final class __TYPE__: EpisodeSampler {
        let poolSize: Int
        let trackCount: Int
        let userCount: Int

        init(poolSize: Int, trackCount: Int, userCount: Int) {
            self.poolSize = poolSize
            self.trackCount = trackCount
            self.userCount = userCount
        }

        func episode(number: Int, key: SeedKey) -> Episode {
            let user = key.derive(EpisodeStream.user).index(0, below: userCount)
            let poolKey = key.derive(EpisodeStream.pool)
            var pool: [Int] = []
            var seen = Set<Int>()
            var i: UInt64 = 0
            while pool.count < poolSize {
                let track = poolKey.index(i, below: trackCount)
                if seen.insert(track).inserted { pool.append(track) }
                i += 1
            }
            return Episode(number: number, key: key, user: user, pool: pool)
        }

        static let descriptor = ComponentDescriptor(
            kind: .episodeSampler, name: "__COMPONENT__",
            summary: "a random listener and a pool of distinct random tracks (a template to edit)",
            parameters: [.int("size", 50, range: 1...100_000, "candidates per pool (C)")],
            make: { p, context in
                let world = try context.requireWorld(for: "__COMPONENT__")
                let size = p.int("size")
                guard size <= world.catalog.count else {
                    throw SegueError("__COMPONENT__: size=\(size) exceeds the catalog's \(world.catalog.count) tracks",
                                     hint: "choose size ≤ \(world.catalog.count)")
                }
                return __TYPE__(poolSize: size, trackCount: world.catalog.count, userCount: world.population.count)
            })
    }

    """#

    static let termination = #"""
    /// Ends the session once the listener has skipped `limit` tracks in all
    /// (not necessarily in a row). A stochastic rule would compare `uniform`,
    /// a fresh draw from the episode's stream, with its probability of ending.
    final class __TYPE__: TerminationRule {
        let limit: Int

        init(limit: Int) { self.limit = limit }

        func end(after session: SessionState, uniform: Double) -> EpisodeEnd? {
            session.skips >= limit ? .terminated : nil
        }

        static let descriptor = ComponentDescriptor(
            kind: .terminationRule, name: "__COMPONENT__",
            summary: "ends the session after N skips in all (a template to edit)",
            parameters: [.int("limit", 5, range: 1...1_000, "skips in all that end the session")],
            make: { p, _ in __TYPE__(limit: p.int("limit")) })
    }

    """#

    static let tracker = #"""
    /// Counts plays and listens by position in the session: an observer the
    /// environment calls after every play. Agents never see it.
    final class __TYPE__: EpisodeTracker {
        let positions: Int
        private(set) var plays: [Int]
        private(set) var listens: [Int]
        private(set) var episodes = 0

        init(positions: Int) {
            self.positions = positions
            plays = Array(repeating: 0, count: positions)
            listens = Array(repeating: 0, count: positions)
        }

        func record(_ step: StepRecord) {
            guard step.position < positions else { return }
            plays[step.position] += 1
            if step.listened { listens[step.position] += 1 }
        }

        func episodeEnded(_ episode: Episode, session: SessionState) { episodes += 1 }

        /// The listen rate at `position`, or nil before any play there.
        func listenRate(at position: Int) -> Double? {
            plays[position] == 0 ? nil : Double(listens[position]) / Double(plays[position])
        }

        static let descriptor = ComponentDescriptor(
            kind: .tracker, name: "__COMPONENT__",
            summary: "counts plays and listens by position in the session (a template to edit)",
            parameters: [.int("positions", 20, range: 1...10_000, "positions counted from the start of a session")],
            make: { p, _ in __TYPE__(positions: p.int("positions")) })
    }

    """#

    static let agent = #"""
    /// Epsilon-greedy on one catalog feature: with probability `epsilon` a random
    /// unused candidate, else the unused candidate with the highest `feature`.
    /// Random draws come from the episode's policy stream, so the agent is
    /// deterministic given the episode.
    final class __TYPE__: Agent {
        let column: Int
        let epsilon: Double

        init(column: Int, epsilon: Double) {
            self.column = column
            self.epsilon = epsilon
        }

        func act(_ timeStep: TimeStep) throws -> Action {
            let o = timeStep.observation
            let free = o.unusedCandidates
            guard !free.isEmpty else { throw SegueError("__COMPONENT__: no unused candidate left") }
            let key = o.episode.key.derive(EpisodeStream.policy)
            let t = UInt64(o.session.length)
            if key.uniform(2 * t) < epsilon {
                return .candidate(free[key.index(2 * t + 1, below: free.count)])
            }
            let f = o.featureCount
            return .scores((0..<o.candidateCount).map { o.candidates[$0 * f + column] })
        }

        static let descriptor = ComponentDescriptor(
            kind: .agent, name: "__COMPONENT__",
            summary: "epsilon-greedy on one track feature (a template to edit)",
            parameters: [
                .string("feature", "popularity", "the catalog feature to maximise"),
                .double("epsilon", 0.1, range: 0...1, "probability of a random unused candidate"),
            ],
            make: { p, context in
                let world = try context.requireWorld(for: "__COMPONENT__")
                guard let column = world.catalog.featureIndex(named: p.string("feature")) else {
                    throw SegueError("__COMPONENT__: world '\(world.name)' has no feature '\(p.string("feature"))'",
                                     hint: "its features: \(world.catalog.featureNames.joined(separator: ", "))")
                }
                return __TYPE__(column: column, epsilon: p.double("epsilon"))
            })
    }

    """#
}
