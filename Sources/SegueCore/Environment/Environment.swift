/// A simulated listening session with TF-Agents semantics.
///
/// `reset()` starts the next episode and returns a `.first` time step;
/// `step(_:)` plays the track the action asks for (made unused-only by the
/// track sampler), samples listen-or-skip from the user model with the
/// episode's own random stream, asks the termination rules, tells the
/// trackers, and returns the next time step. Calling `step` after a `.last`
/// step (or before any reset) resets, as TF-Agents environments do.
///
/// Episode `j` of an environment with seed `s` uses the key
/// `derive(derive(s, 100), j)`, so `reset(episode:)` replays any episode
/// exactly, and two environments with the same recipe and seed agree bit for bit.
public final class Environment {
    public let world: World
    public let userModel: any UserModel
    public let trackSampler: any TrackSampler
    public let episodeSampler: any EpisodeSampler
    public let terminations: [any TerminationRule]
    public private(set) var trackers: [any EpisodeTracker]
    /// The seed every episode key derives from.
    public let seed: UInt64
    /// What the environment declares it emits and accepts.
    public let specs: EnvironmentSpecs
    /// The recipe it was built from, when built by `EnvironmentBuilder`.
    public internal(set) var recipe: Recipe?

    /// The number the next `reset()` plays.
    public private(set) var nextEpisode = 0
    /// The episode being played, if any.
    public private(set) var episode: Episode?
    /// The session so far.
    public private(set) var session: SessionState
    /// Candidates not played yet in this episode (the observation's `mask`).
    public private(set) var mask: [Bool] = []
    /// The pool's features, C×F row-major (the observation's `candidates`).
    public private(set) var candidates: [Float] = []
    private var finished = true
    private let lengthScale: Int
    private let skipScale: Int
    private let episodeRoot: SeedKey
    /// Whether the track sampler plays an unused `.candidate(c)` as it is (asked once:
    /// a protocol cast per step costs more than the rest of the step's bookkeeping).
    private let passesCandidatesThrough: Bool
    /// Plays of recent history in the context (see `Recipe.history`).
    public let history: Int

    /// Assembles an environment from components; `EnvironmentBuilder` does
    /// this from a recipe.
    public init(world: World, userModel: any UserModel, trackSampler: any TrackSampler,
                episodeSampler: any EpisodeSampler, terminations: [any TerminationRule],
                trackers: [any EpisodeTracker] = [], seed: UInt64, history: Int = 0) {
        precondition(history >= 0, "Environment: history \(history) must be ≥ 0")
        self.world = world
        self.userModel = userModel
        self.trackSampler = trackSampler
        self.episodeSampler = episodeSampler
        self.terminations = terminations
        self.trackers = trackers
        self.seed = seed
        self.history = history
        self.episodeRoot = SeedKey(seed).derive(100)
        passesCandidatesThrough = trackSampler is PassThroughCandidates
        let c = episodeSampler.poolSize
        lengthScale = terminations.compactMap(\.lengthLimit).min() ?? c
        skipScale = terminations.compactMap(\.skipLimit).min() ?? 3
        let f = world.catalog.featureCount
        let u = world.population.featureCount
        session = SessionState(featureCount: f, lengthScale: lengthScale, skipScale: skipScale)
        specs = EnvironmentSpecs(
            observation: ObservationSpec(
                context: ArraySpec(name: "context", shape: [u + f + SessionState.summaryCount + history * (f + 1)],
                                   dtype: .float32),
                candidates: ArraySpec(name: "candidates", shape: [c, f], dtype: .float32),
                mask: ArraySpec(name: "mask", shape: [c], dtype: .bool, minimum: 0, maximum: 1)),
            action: ArraySpec(name: "action", shape: [], dtype: .int32, minimum: 0, maximum: Double(c - 1)),
            reward: ArraySpec(name: "reward", shape: [], dtype: .float32, minimum: 0, maximum: 1))
    }

    /// The longest episode this environment plays.
    public var maxLength: Int { min(lengthScale, episodeSampler.poolSize) }

    /// Tells every tracker that a run over this environment ended, so they can flush.
    public func endRun() { for tracker in trackers { tracker.runEnded() } }

    /// Adds an observer of every play.
    public func addTracker(_ tracker: any EpisodeTracker) { trackers.append(tracker) }

    /// Starts the next episode.
    @discardableResult
    public func reset() -> TimeStep {
        reset(episode: nextEpisode)
    }

    /// Makes `number` the episode `reset()` starts next.
    public func continueAt(episode number: Int) { nextEpisode = number }

    /// Starts episode `number` (and makes `number + 1` the next one).
    @discardableResult
    public func reset(episode number: Int) -> TimeStep {
        begin(episode: number)
        return TimeStep(.first, observation: observation())
    }

    /// Starts episode `number`, as `reset(episode:)`, without building the observation.
    private func begin(episode number: Int) {
        let key = episodeRoot.derive(UInt64(number))
        let drawn = episodeSampler.episode(number: number, key: key)
        precondition(drawn.pool.count == episodeSampler.poolSize,
                     "episode sampler returned \(drawn.pool.count) candidates, declared \(episodeSampler.poolSize)")
        episode = drawn
        nextEpisode = number + 1
        session = SessionState(featureCount: world.catalog.featureCount, lengthScale: lengthScale, skipScale: skipScale)
        session.refreshSummary(user: world.population.features(of: drawn.user))
        mask = Array(repeating: true, count: drawn.pool.count)
        let f = world.catalog.featureCount
        candidates = [Float](unsafeUninitializedCapacity: drawn.pool.count * f) { rows, count in
            world.catalog.features.withUnsafeBufferPointer { catalog in
                // A row is a few floats: copied inline, where a memmove call a row costs more than the copy.
                for (c, track) in drawn.pool.enumerated() {
                    let row = rows.baseAddress! + c * f, features = catalog.baseAddress! + track * f
                    for j in 0..<f { (row + j).initialize(to: features[j]) }
                }
            }
            count = drawn.pool.count * f
        }
        finished = false
        userModel.beginEpisode(drawn)
        for tracker in trackers { tracker.episodeBegan(drawn) }
    }

    /// Plays the track `action` asks for and returns what happened.
    /// - Throws: `SegueError` when the track sampler cannot read the action.
    public func step(_ action: Action) throws -> TimeStep {
        TimeStep(try play(action), observation: observation())
    }

    /// Plays the track `action` asks for, as `step(_:)`, and returns what
    /// happened without building the observation: for callers that read it
    /// into buffers of their own (`writeContext(into:)`, `mask`, `candidates`).
    /// After a last step (or before any reset) it starts the next episode
    /// and returns `.first`.
    /// - Throws: `SegueError` when the track sampler cannot read the action.
    public func play(_ action: Action) throws -> StepOutcome {
        if finished || episode == nil {
            begin(episode: nextEpisode)
            return .first
        }
        let episode = self.episode!
        let candidate: Int
        if case .candidate(let c) = action, passesCandidatesThrough, mask.indices.contains(c), mask[c] {
            candidate = c   // an unused pick needs no observation built for the sampler
        } else {
            candidate = try trackSampler.candidate(for: action, observation: observation())
        }
        guard mask.indices.contains(candidate), mask[candidate] else {
            throw SegueError("the track sampler chose candidate \(candidate), which is \(mask.indices.contains(candidate) ? "already played" : "outside the pool")",
                             hint: "a track sampler must return an unused candidate (see CandidateChoice)")
        }
        let track = episode.pool[candidate]
        let t = session.length
        let probability = userModel.listenProbability(of: track, episode: episode, session: session)
        let draw = episode.key.derive(EpisodeStream.listens).uniform(UInt64(t))
        let listened = draw < probability
        mask[candidate] = false
        session.record(candidate: candidate, track: track, features: world.catalog.features(of: track),
                       listened: listened, user: world.population.features(of: episode.user))
        userModel.observe(track: track, listened: listened, episode: episode, session: session)

        var end: EpisodeEnd?
        let ruleKey = episode.key.derive(EpisodeStream.termination)
        for (i, rule) in terminations.enumerated() {
            let decision = rule.end(after: session, uniform: ruleKey.uniform(UInt64(t * 16 + i)))
            if decision == .terminated { end = .terminated; break }
            if decision == .truncated { end = .truncated }
        }
        if end == nil && session.length == mask.count { end = .terminated }   // every candidate played
        let reward: Float = listened ? 1 : 0
        finished = end != nil
        for tracker in trackers {
            tracker.record(StepRecord(episode: episode.number, user: episode.user, position: t, candidate: candidate,
                                      track: track, probability: probability, draw: draw, listened: listened,
                                      reward: reward, end: end?.rawValue))
        }
        if finished { for tracker in trackers { tracker.episodeEnded(episode, session: session) } }
        return StepOutcome(stepType: finished ? .last : .mid, reward: reward,
                          discount: end == .terminated ? 0 : 1, end: end, played: candidate)
    }

    /// The current observation.
    public func observation() -> Observation {
        guard let episode else {
            preconditionFailure("observation() before reset()")
        }
        let n = specs.observation.context.elementCount
        let context = [Float](unsafeUninitializedCapacity: n) { buffer, count in
            writeContext(into: buffer)
            count = n
        }
        return Observation(context: context, candidates: candidates, mask: mask, episode: episode, session: session)
    }

    /// Writes the current observation's `context` into `context` (its first
    /// `specs.observation.context.elementCount` values, the rest untouched).
    public func writeContext(into context: UnsafeMutableBufferPointer<Float>) {
        guard let episode else {
            preconditionFailure("writeContext(into:) before reset()")
        }
        let user = world.population.features(of: episode.user)
        let f = world.catalog.featureCount
        let width = specs.observation.context.elementCount
        precondition(context.count >= width, "writeContext(into:): \(context.count) floats, the context has \(width)")
        for j in 0..<width { context[j] = 0 }
        var i = 0
        for v in user { context[i] = v; i += 1 }
        if session.listens > 0 {
            let n = Double(session.listens)
            for j in 0..<f { context[i + j] = Float(session.listenedSum[j] / n) }
        }
        i += f
        for s in session.summary { context[i] = Float(s); i += 1 }
        // The latest plays, newest first: features, then +1 listened / −1 skipped; zeros before the start.
        let played = session.played
        for k in 0..<min(history, played.count) {
            let t = played.count - 1 - k
            let base = i + k * (f + 1)
            var j = base
            for v in world.catalog.features(of: played[t]) { context[j] = v; j += 1 }
            context[base + f] = session.outcomes[t] ? 1 : -1
        }
    }
}
