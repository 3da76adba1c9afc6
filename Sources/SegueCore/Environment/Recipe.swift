/// What an environment is made of, by registry name and parameters.
///
/// A recipe is plain data (Codable), so it can be written in a session file,
/// saved beside a trained agent, and rebuilt in a new process.
public struct Recipe: Codable, Equatable, Sendable, CustomStringConvertible {
    /// The user model: a registered name, `truth` for the world's ground
    /// truth, or the name of a model value the caller holds.
    public var userModel: ComponentSpec
    public var trackSampler: ComponentSpec
    public var episodeSampler: ComponentSpec
    /// Rules asked in order after each step; the first to end the episode wins.
    public var terminations: [ComponentSpec]
    public var trackers: [ComponentSpec]
    /// The seed every episode derives from.
    public var seed: UInt64
    /// How many of the latest plays the observation's context carries (each
    /// the track's features and its outcome); 0 keeps the context to user ‖
    /// listened mean ‖ summary, as bench-workload-v1 fixes.
    public var history: Int

    /// The default recipe: the world's ground truth, pools of 50 random
    /// tracks, playlists of up to 20, and leaving after 3 skips in a row.
    public init(userModel: ComponentSpec = ComponentSpec("truth"),
                trackSampler: ComponentSpec = ComponentSpec("no-repeat"),
                episodeSampler: ComponentSpec = ComponentSpec("random-pool"),
                terminations: [ComponentSpec] = [ComponentSpec("max-length"), ComponentSpec("consecutive-skips")],
                trackers: [ComponentSpec] = [],
                seed: UInt64 = 1, history: Int = 0) {
        self.userModel = userModel
        self.trackSampler = trackSampler
        self.episodeSampler = episodeSampler
        self.terminations = terminations
        self.trackers = trackers
        self.seed = seed
        self.history = history
    }

    enum CodingKeys: String, CodingKey { case userModel, trackSampler, episodeSampler, terminations, trackers, seed, history }

    /// Decodes a recipe; one written before `history` existed reads as history 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(userModel: try c.decode(ComponentSpec.self, forKey: .userModel),
                  trackSampler: try c.decode(ComponentSpec.self, forKey: .trackSampler),
                  episodeSampler: try c.decode(ComponentSpec.self, forKey: .episodeSampler),
                  terminations: try c.decode([ComponentSpec].self, forKey: .terminations),
                  trackers: try c.decode([ComponentSpec].self, forKey: .trackers),
                  seed: try c.decode(UInt64.self, forKey: .seed),
                  history: try c.decodeIfPresent(Int.self, forKey: .history) ?? 0)
    }

    public var description: String {
        var parts = [
            "user=\(userModel)", "sampler=\(trackSampler)", "episodes=\(episodeSampler)",
            "end=\(terminations.map(\.description).joined(separator: ","))",
        ]
        if !trackers.isEmpty { parts.append("trackers=\(trackers.map(\.description).joined(separator: ","))") }
        if history > 0 { parts.append("history=\(history)") }
        parts.append("seed=\(seed)")
        return parts.joined(separator: " ")
    }
}
