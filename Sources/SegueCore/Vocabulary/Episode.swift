/// What a listening session starts from: who listens, in what context, and
/// which candidate tracks the agent may play.
public struct Episode: Sendable {
    /// The episode's number within its environment (0, 1, 2, ...).
    public var number: Int
    /// The stream every draw of this episode comes from. Sub-streams:
    /// 0 user, 1 pool, 2 listen outcomes, 3 random policies, 4 termination
    /// rules, 5 context, 6 and above free for components.
    public var key: SeedKey
    /// The listener, an index into the world's population.
    public var user: Int
    /// Candidate tracks as catalog indices; candidate `c` is `pool[c]`.
    public var pool: [Int]
    /// The session's context (subscription, hour, where it was started).
    public var context: SessionContext

    public init(number: Int, key: SeedKey, user: Int, pool: [Int], context: SessionContext = .init()) {
        self.number = number
        self.key = key
        self.user = user
        self.pool = pool
        self.context = context
    }
}

/// Sub-stream numbers of an episode key, fixed so that components drawing
/// from one never disturb another's numbers.
public enum EpisodeStream {
    public static let user: UInt64 = 0
    public static let pool: UInt64 = 1
    public static let listens: UInt64 = 2
    public static let policy: UInt64 = 3
    public static let termination: UInt64 = 4
    public static let context: UInt64 = 5
}

/// The context a session is played in, as the MSSD logs record it.
public struct SessionContext: Sendable, Equatable {
    /// Whether the listener has a premium subscription.
    public var premium: Bool
    /// Hour of the day, 0–23.
    public var hourOfDay: Int
    /// Where the session started (MSSD `context_type`: editorial_playlist,
    /// user_collection, catalog, radio, charts, personalized_playlist).
    public var contextType: String

    public init(premium: Bool = false, hourOfDay: Int = 12, contextType: String = "user_collection") {
        self.premium = premium
        self.hourOfDay = hourOfDay
        self.contextType = contextType
    }

    /// The MSSD context types, in a fixed order for one-hot encodings.
    public static let contextTypes = [
        "editorial_playlist", "user_collection", "catalog", "radio", "charts", "personalized_playlist",
    ]
}
