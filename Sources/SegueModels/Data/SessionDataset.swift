import SegueCore
import SegueData

/// Logged sessions folded into what training needs: per session its context,
/// and per play the catalog index and the label — no text is kept.
///
/// Plays are stored flat: session `s` owns plays `offsets[s] ..< offsets[s+1]`,
/// in session order.
public struct SessionDataset: Sendable {
    /// Start of each session's plays in `tracks`/`labels`, plus the end.
    public private(set) var offsets: [Int] = [0]
    /// Catalog index of every play.
    public private(set) var tracks: [Int32] = []
    /// 1 for a listen (under `label`), 0 for a skip, per play.
    public private(set) var labels: [Float] = []
    /// Each session's context (of its first play).
    public private(set) var contexts: [SessionContext] = []
    /// Each session's listener (a row of the world's population), or −1 when
    /// the logs do not say.
    public private(set) var listeners: [Int32] = []
    /// The outcome counted as a listen.
    public let label: ListenLabel
    /// One-line notices from reading the logs (rows skipped, plays dropped), with counts.
    public var notices: [String] = []

    /// An empty dataset with outcomes read as `label`.
    public init(label: ListenLabel) { self.label = label }

    /// Number of sessions.
    public var sessionCount: Int { contexts.count }
    /// Number of plays.
    public var playCount: Int { tracks.count }
    /// The plays of session `s`.
    @inline(__always) public func plays(of s: Int) -> Range<Int> { offsets[s] ..< offsets[s + 1] }
    /// Number of plays of session `s`.
    @inline(__always) public func length(of s: Int) -> Int { offsets[s + 1] - offsets[s] }

    /// Whether every session names its listener.
    public var knowsListeners: Bool { !listeners.contains(-1) }

    /// Appends one session, played by `listener` (−1: unknown).
    public mutating func append(context: SessionContext, listener: Int = -1, tracks sessionTracks: [Int], listens: [Bool]) {
        precondition(sessionTracks.count == listens.count, "SessionDataset: tracks and outcomes differ in length")
        contexts.append(context)
        listeners.append(Int32(listener))
        tracks.append(contentsOf: sessionTracks.map { Int32($0) })
        labels.append(contentsOf: listens.map { $0 ? 1 : 0 })
        offsets.append(tracks.count)
    }

    /// Every play's catalog index of the given sessions.
    public func tracks(ofSessions sessions: [Int]) -> [Int32] {
        sessions.flatMap { tracks[plays(of: $0)] }
    }

    /// Fraction of plays that are listens.
    public var listenRate: Double {
        labels.isEmpty ? 0 : labels.reduce(0.0) { $0 + Double($1) } / Double(labels.count)
    }
}
