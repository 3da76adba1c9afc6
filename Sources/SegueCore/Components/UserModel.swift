/// The world model: how a listener responds to a track, given the session so far.
///
/// A user model predicts P(listen) — the probability that the track is played
/// to completion rather than skipped. The environment samples the outcome from
/// it with the episode's own random stream, so models stay deterministic.
///
/// One model instance serves one environment at a time; sequential models may
/// keep per-episode state between `beginEpisode` and the calls to `observe`.
public protocol UserModel: AnyObject {
    /// P(listen) of `track` (a catalog index) as the next play of `session`.
    func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double

    /// P(listen) of each of `tracks`, in order.
    ///
    /// Default: `listenProbability(of:episode:session:)` once per track.
    /// Models that batch (a network scoring a pool in one matrix product)
    /// override it.
    func listenProbabilities(of tracks: [Int], episode: Episode, session: SessionState) -> [Double]

    /// Called when an episode starts. Default: nothing.
    func beginEpisode(_ episode: Episode)

    /// Called after each play with its outcome; `session` already includes it.
    /// Default: nothing (models that read `session` need no state of their own).
    func observe(track: Int, listened: Bool, episode: Episode, session: SessionState)
}

extension UserModel {
    public func listenProbabilities(of tracks: [Int], episode: Episode, session: SessionState) -> [Double] {
        tracks.map { listenProbability(of: $0, episode: episode, session: session) }
    }

    public func beginEpisode(_ episode: Episode) {}

    public func observe(track: Int, listened: Bool, episode: Episode, session: SessionState) {}
}

/// A user model whose weights can serve several environments at once: each
/// replica shares them (read-only at inference) and keeps its own per-episode
/// state. `EnvironmentBuilder.replicas(of:count:)` uses it for batched training.
public protocol ReplicableUserModel: UserModel {
    /// A new instance sharing these weights, with fresh per-episode state.
    func replica() -> any UserModel
}
