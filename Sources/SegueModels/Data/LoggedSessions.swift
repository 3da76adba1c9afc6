import SegueCore

/// Logged sessions as the models read them, one session at a time: its
/// context and listener, and each play's catalog index and outcome.
///
/// Two backings: `SessionDataset` holds every play in memory (the demo world,
/// logs parsed from CSV, sessions built by hand); `CachedSessions` reads them
/// from memory-mapped ingest caches as they are asked for, so that training
/// on the caches holds a batch in memory, not the logs. Training, the split
/// and the encoder's statistics go through this protocol only.
///
/// Training reads sessions from several threads at once (`TrainingWorkers`):
/// the reading methods must be safe to call concurrently (both backings only
/// read). `release` is called from one thread, between passes of reading.
public protocol LoggedSessions {
    /// The outcome counted as a listen.
    var label: ListenLabel { get }
    /// Number of sessions.
    var sessionCount: Int { get }
    /// Whether every session names its listener.
    var knowsListeners: Bool { get }
    /// One-line notices from reading the logs (rows skipped, plays dropped), with counts.
    var notices: [String] { get }
    /// Number of plays of session `s`.
    func length(of s: Int) -> Int
    /// Session `s`'s context (of its first play).
    func context(of s: Int) -> SessionContext
    /// Session `s`'s listener (a row of the world's population), or −1 when
    /// the logs do not say.
    func listener(of s: Int) -> Int
    /// Calls `body` with the catalog index of each play of session `s` and
    /// whether it was a listen (under `label`), in play order.
    func forEachPlay(of s: Int, _ body: (_ track: Int, _ listened: Bool) -> Void)

    /// Consecutive sessions within which training shuffles its batches: nil
    /// shuffles all training sessions at once. A bounded window keeps a pass
    /// over the sessions in one stretch of a mapped file at a time, so that
    /// `release` can hand back what was read.
    ///
    /// Default: nil (in-memory data has nothing to hand back).
    var shuffleWindow: Int? { get }

    /// Says that no session in `sessions` is needed for now: a mapped backing
    /// hands their pages back (they are read again when next asked for).
    /// The data does not change.
    ///
    /// Default: does nothing.
    func release(_ sessions: Range<Int>)
}

extension LoggedSessions {
    public var shuffleWindow: Int? { nil }
    public func release(_ sessions: Range<Int>) {}

    /// Sessions a sequential pass reads before releasing them: the shuffle
    /// window, or all sessions.
    var passWindow: Int { max(shuffleWindow ?? sessionCount, 1) }

    /// Calls `body` with each session in `part` under `rule` (every session
    /// when `part` is nil), in order, releasing what was passed after each
    /// window (all of it: a page fault may map a few neighbouring pages too).
    /// - Complexity: O(sessions) time, O(1) memory.
    public func forEachSession(in part: SplitPart?, of rule: SplitRule, _ body: (Int) -> Void) {
        let window = passWindow
        var start = 0
        while start < sessionCount {
            let end = min(start + window, sessionCount)
            for s in start..<end where part == nil || rule.part(of: s) == part { body(s) }
            release(0..<end)
            start = end
        }
    }

    /// Number of plays of `sessions`.
    func playCount(of sessions: some Sequence<Int>) -> Int {
        sessions.reduce(0) { $0 + length(of: $1) }
    }
}
