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

    /// Reads the session log at `path` (MSSD schema), streaming it session by
    /// session, mapping track ids through `catalog.ids`.
    ///
    /// - Parameters:
    ///   - limit: the most sessions to read (the first ones); nil reads all.
    ///   - worldName: named in the message about an unknown track id.
    ///   - listenerFile: a listeners file (`session_id,user_index`) naming
    ///     every session's listener; nil leaves listeners unknown.
    /// - Throws: `SegueError` naming the file, line and column of a malformed
    ///   row, the session and the track id that the catalog lacks, or a
    ///   session the listeners file does not name.
    public static func read(path: String, catalog: Catalog, label: ListenLabel = .notSkipped,
                            limit: Int? = nil, worldName: String = "world",
                            listenerFile: String? = nil) throws -> SessionDataset {
        let lookup = TrackLookup(catalog: catalog, worldName: worldName)
        var data = SessionDataset(label: label)
        struct Enough: Error {}
        do {
            let listeners = try listenerFile.map { try SessionListenerFile.read(path: $0) }
            let reader = try SessionLogReader(path: path)
            defer { reader.close() }
            do {
                try reader.forEachSession { session in
                    if let limit, data.sessionCount >= limit { throw Enough() }
                    let tracks = try session.plays.map {
                        try lookup.index(of: $0.trackID, at: "\(path): session '\(session.id)' position \($0.sessionPosition)")
                    }
                    let context = SessionContext(premium: session.premium, hourOfDay: session.hourOfDay,
                                                 contextType: session.contextType)
                    var listener = -1
                    if let listeners, let listenerFile {
                        guard let user = listeners[session.id] else {
                            throw SegueError("\(listenerFile) does not name the listener of session '\(session.id)' (\(path))",
                                             hint: "a listeners file needs one row per session of its log; fix or remove it")
                        }
                        listener = user
                    }
                    data.append(context: context, listener: listener, tracks: tracks, listens: session.plays.map(label.isListen))
                }
            } catch is Enough {}
        } catch let error as DataError {
            throw SegueError(error.message, hint: error.hint)
        }
        guard data.sessionCount > 0 else {
            throw SegueError("'\(path)' holds no sessions", hint: "write logs first, e.g. `world demo sessions=2000`")
        }
        return data
    }
}

/// A seeded split of sessions into training, validation and test sets.
///
/// Session `i` goes to a set by the draw `SeedKey(seed).derive(11).uniform(i)`,
/// so the split of a session does not depend on how many sessions were read.
public struct DatasetSplit: Sendable, Equatable {
    public var train: [Int] = []
    public var validation: [Int] = []
    public var test: [Int] = []

    /// Splits `sessionCount` sessions: `validationFraction` and `testFraction`
    /// of them (in expectation) held out.
    public init(sessionCount: Int, seed: UInt64, validationFraction: Double = 0.1, testFraction: Double = 0.1) {
        let key = SeedKey(seed).derive(11)
        for i in 0..<sessionCount {
            let u = key.uniform(UInt64(i))
            if u < testFraction { test.append(i) }
            else if u < testFraction + validationFraction { validation.append(i) }
            else { train.append(i) }
        }
    }

    /// The sessions of a named part: train, validation, test or all.
    public func sessions(_ part: String, count: Int) -> [Int]? {
        switch part {
        case "train": return train
        case "validation": return validation
        case "test": return test
        case "all": return Array(0..<count)
        default: return nil
        }
    }
}
