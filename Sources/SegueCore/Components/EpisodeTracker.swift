/// One simulated play, with what a plain replay buffer drops: the user
/// model's prediction, the random draw that decided the outcome, and the
/// user/content pair.
public struct StepRecord: Sendable, Equatable, Codable {
    public var episode: Int
    public var user: Int
    /// Position in the session (0 for the first play).
    public var position: Int
    public var candidate: Int
    public var track: Int
    /// The user model's P(listen).
    public var probability: Double
    /// The uniform draw compared with `probability`.
    public var draw: Double
    public var listened: Bool
    public var reward: Float
    /// "terminated", "truncated", or nil mid-episode.
    public var end: String?

    public init(episode: Int, user: Int, position: Int, candidate: Int, track: Int, probability: Double,
                draw: Double, listened: Bool, reward: Float, end: String?) {
        self.episode = episode
        self.user = user
        self.position = position
        self.candidate = candidate
        self.track = track
        self.probability = probability
        self.draw = draw
        self.listened = listened
        self.reward = reward
        self.end = end
    }
}

/// Observes an environment's episodes as they are played.
///
/// Trackers are observers: the environment calls them, agents never see them.
public protocol EpisodeTracker: AnyObject {
    /// An episode began. Default: nothing.
    func episodeBegan(_ episode: Episode)
    /// One play happened.
    func record(_ step: StepRecord)
    /// An episode ended. Default: nothing.
    func episodeEnded(_ episode: Episode, session: SessionState)
    /// A run ended (a rollout, an evaluation, a training run, a logging run):
    /// the time to flush files. Default: nothing.
    func runEnded()
}

extension EpisodeTracker {
    public func episodeBegan(_ episode: Episode) {}
    public func episodeEnded(_ episode: Episode, session: SessionState) {}
    public func runEnded() {}
}
