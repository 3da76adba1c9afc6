/// Where a time step stands in its episode (TF-Agents' `StepType`).
public enum StepType: Int, Sendable, CustomStringConvertible {
    /// The step `reset()` returns: no reward yet.
    case first = 0
    /// Any step after the first that does not end the episode.
    case mid = 1
    /// The step that ends the episode; `discount` is 0 when it terminated.
    case last = 2

    public var description: String { ["first", "mid", "last"][rawValue] }
}

/// Why an episode ended, telling a true end from a cut-off (Gymnasium's
/// `terminated` and `truncated`).
public enum EpisodeEnd: String, Sendable, Equatable {
    /// The session really ended (the listener left, the playlist is full):
    /// no future reward, discount 0.
    case terminated
    /// The episode was cut off from outside; value beyond it still exists,
    /// so learners should bootstrap (discount stays 1).
    case truncated
}

/// What `reset()` and `step(_:)` return: TF-Agents' `TimeStep`, with the
/// terminated / truncated distinction kept explicit.
public struct TimeStep: Sendable {
    /// Position in the episode.
    public var stepType: StepType
    /// Reward for the action that led here (0 on `.first`).
    public var reward: Float
    /// Discount for the value after this step: 0 on termination, else 1.
    public var discount: Float
    /// What the agent sees now.
    public var observation: Observation
    /// Why the episode ended, on `.last` steps.
    public var end: EpisodeEnd?
    /// The pool index of the candidate this step played (the track sampler's
    /// choice, which may differ from the action); nil on `.first`.
    public var played: Int?

    public init(stepType: StepType, reward: Float, discount: Float, observation: Observation, end: EpisodeEnd? = nil,
                played: Int? = nil) {
        self.stepType = stepType
        self.reward = reward
        self.discount = discount
        self.observation = observation
        self.end = end
        self.played = played
    }

    /// Whether this is the first step of an episode.
    public var isFirst: Bool { stepType == .first }
    /// Whether this step ends the episode.
    public var isLast: Bool { stepType == .last }
    /// Whether the episode really ended here (`end == .terminated`).
    public var terminated: Bool { end == .terminated }
    /// Whether the episode was cut off here (`end == .truncated`).
    public var truncated: Bool { end == .truncated }
}

/// A time step without its observation: what `Environment.play(_:)` returns
/// to callers that read the observation into buffers of their own
/// (`Environment.writeContext(into:)`, `mask`, `candidates`), as the C ABI does.
public struct StepOutcome: Sendable {
    /// Position in the episode.
    public var stepType: StepType
    /// Reward for the action that led here (0 on `.first`).
    public var reward: Float
    /// Discount for the value after this step: 0 on termination, else 1.
    public var discount: Float
    /// Why the episode ended, on `.last` steps.
    public var end: EpisodeEnd?
    /// The pool index of the candidate this step played; nil on `.first`.
    public var played: Int?

    public init(stepType: StepType, reward: Float, discount: Float, end: EpisodeEnd? = nil, played: Int? = nil) {
        self.stepType = stepType
        self.reward = reward
        self.discount = discount
        self.end = end
        self.played = played
    }

    /// The start of an episode: no reward yet, discount 1.
    public static let first = StepOutcome(stepType: .first, reward: 0, discount: 1)

    /// Whether this is the first step of an episode.
    public var isFirst: Bool { stepType == .first }
    /// Whether the episode really ended here (`end == .terminated`).
    public var terminated: Bool { end == .terminated }
    /// Whether the episode was cut off here (`end == .truncated`).
    public var truncated: Bool { end == .truncated }
}

extension TimeStep {
    /// An outcome with its observation.
    public init(_ outcome: StepOutcome, observation: Observation) {
        self.init(stepType: outcome.stepType, reward: outcome.reward, discount: outcome.discount,
                  observation: observation, end: outcome.end, played: outcome.played)
    }
}

/// What an agent sees: dense tensors for learners, and the structured episode
/// and session for heuristics and model-driven policies.
///
/// Tensors (shapes in `ObservationSpec`):
/// - `context`: user features ‖ mean features of listened tracks (zeros before
///   a listen) ‖ the session summary `S` (8 values);
/// - `candidates`: the features of every pool track, row-major `[C][F]`,
///   constant within an episode;
/// - `mask`: true for candidates not yet played.
public struct Observation: Sendable {
    public var context: [Float]
    public var candidates: [Float]
    public var mask: [Bool]
    /// The episode being played (user, pool, context, random key).
    public var episode: Episode
    /// The session so far.
    public var session: SessionState

    public init(context: [Float], candidates: [Float], mask: [Bool], episode: Episode, session: SessionState) {
        self.context = context
        self.candidates = candidates
        self.mask = mask
        self.episode = episode
        self.session = session
    }

    /// Number of candidates in the pool.
    public var candidateCount: Int { mask.count }
    /// Features per candidate.
    public var featureCount: Int { mask.isEmpty ? 0 : candidates.count / mask.count }
    /// Candidate indices not played yet, ascending.
    public var unusedCandidates: [Int] { mask.indices.filter { mask[$0] } }
    /// Features of candidate `c`.
    public func features(ofCandidate c: Int) -> ArraySlice<Float> {
        let f = featureCount
        return candidates[c * f ..< (c + 1) * f]
    }
}
