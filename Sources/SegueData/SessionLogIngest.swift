import Foundation

/// Reads one session log straight into a cache `Builder`, from the bytes of
/// its rows, making no `String` per row: an ingest of the MSSD parses a few
/// hundred million rows, and the strings of each row (and the range
/// descriptions made for errors that never came) were over a third of its work.
///
/// It gives what folding `SessionLogSource`'s sessions with string
/// dictionaries gave (the tests and the `mssd` fuzz target hold the two side
/// by side): the same rows read, skipped and named in the first error; the
/// same sessions, grouped by consecutive equal session ids (compared as
/// bytes, and as strings only where the bytes differ and are not both
/// ASCII); the same sample, by the hash of the id's UTF-8; plays in position
/// order (ties in file order), the session's context taken from its first
/// play in that order; the same completeness.
struct SessionLogIngest {
    /// Rows between two calls of the checkpoint.
    static let checkpointRows = 1 << 16

    /// Reads the log at `path` into `builder`.
    /// - Parameter checkpoint: called after a session in the sample, about
    ///   every `checkpointRows` rows, with the rows read so far and how far
    ///   into the file as stored reading has come; what it throws stops the ingest.
    /// - Returns: what was read, skipped and sampled out, as `SessionLogSource` counts it.
    /// - Throws: what `SessionLogReader` throws (a malformed row under `.fail`,
    ///   a missing column, a file that cannot be read), and what `checkpoint` throws.
    static func read(path: String, policy: ReadPolicy, sample: SessionSample,
                     into builder: inout SessionCacheBuilder.Builder,
                     checkpoint: (_ rowsRead: Int, _ storedOffset: Int64) throws -> Void) throws -> LogReadSummary {
        let stream = try RecordStream<SessionLogRecord>(url: URL(fileURLWithPath: path), policy: policy)
        defer { stream.finish() }
        var summary = LogReadSummary()
        summary.files = 1
        var session = SessionGathering()
        var nextReport = 0
        while true {
            let row = try stream.next(decoding: SessionPlayRow.init(decoding:))
            if session.isOpen && (row.map { !session.owns($0.sessionID) } ?? true),
               session.finish(into: &builder, summary: &summary), stream.report.rowsRead >= nextReport {
                nextReport = stream.report.rowsRead + checkpointRows
                try checkpoint(stream.report.rowsRead, stream.storedOffset)
            }
            guard let row else { break }
            if !session.isOpen { session.start(row.sessionID, inSample: sample.contains(utf8: row.sessionID)) }
            session.add(row)
        }
        let report = stream.report
        summary.rowsRead = report.rowsRead
        summary.rowsSkipped = report.rowsSkipped
        for error in report.firstErrors where !summary.firstErrors.contains(error) {
            guard summary.firstErrors.count < policy.keptErrors else { break }
            summary.firstErrors.append(error)
        }
        return summary
    }
}

/// The session being read: its id's bytes, and of its plays what the cache
/// keeps, copied out of the rows (whose bytes last one row). Reused from one
/// session to the next, so a session costs no allocation once the buffers
/// have grown.
private struct SessionGathering {
    struct Play {
        var position: Int
        /// The track id is `trackBytes[trackStart ..< trackEnd]`.
        var trackStart: Int, trackEnd: Int
        var outcome: UInt8
    }

    private(set) var isOpen = false
    private var inSample = false
    private var id: [UInt8] = []
    private var idIsASCII = true
    /// The id as a string, made only when a non-ASCII id must be compared as one.
    private var idString: String?
    private var plays: [Play] = []
    private var trackBytes: [UInt8] = []
    /// Whether the plays so far are in position order.
    private var ordered = true
    /// The first play in position order (the smallest position, first in the
    /// file among equals): the session's declared length, hour, premium and context.
    private var leadPosition = 0, leadLength = 0, leadHour = 0
    private var leadPremium = false
    private var leadContext: [UInt8] = []

    /// Begins a session with the id `sessionID`.
    mutating func start(_ sessionID: UnsafeBufferPointer<UInt8>, inSample: Bool) {
        isOpen = true
        self.inSample = inSample
        id.removeAll(keepingCapacity: true)
        id.append(contentsOf: sessionID)
        idIsASCII = sessionID.allSatisfy { $0 < 0x80 }
        idString = nil
        plays.removeAll(keepingCapacity: true)
        trackBytes.removeAll(keepingCapacity: true)
        ordered = true
    }

    /// Whether a row with the id `other` belongs to this session: its id is
    /// the same string (`SessionLogReader` compares `String`s).
    mutating func owns(_ other: UnsafeBufferPointer<UInt8>) -> Bool {
        let same = id.withUnsafeBufferPointer { mine in
            mine.count == other.count && (mine.isEmpty || memcmp(mine.baseAddress!, other.baseAddress!, mine.count) == 0)
        }
        if same { return true }
        if idIsASCII && other.allSatisfy({ $0 < 0x80 }) { return false }
        if idString == nil { idString = String(decoding: id, as: UTF8.self) }
        return String(decoding: other, as: UTF8.self) == idString
    }

    /// Adds a play of this session (of the sample; others are only counted).
    mutating func add(_ row: SessionPlayRow) {
        guard inSample else { return }
        if plays.isEmpty || row.position < leadPosition {
            leadPosition = row.position
            leadLength = row.length
            leadHour = row.hourOfDay
            leadPremium = row.premium
            leadContext.removeAll(keepingCapacity: true)
            leadContext.append(contentsOf: row.contextType)
        }
        if let last = plays.last, row.position < last.position { ordered = false }
        let start = trackBytes.count
        trackBytes.append(contentsOf: row.trackID)
        plays.append(Play(position: row.position, trackStart: start, trackEnd: trackBytes.count, outcome: row.outcome))
    }

    /// Ends the session: adds it to `builder` and counts it in `summary`.
    /// - Returns: whether it was in the sample.
    mutating func finish(into builder: inout SessionCacheBuilder.Builder, summary: inout LogReadSummary) -> Bool {
        isOpen = false
        guard inSample else {
            summary.sessionsSampledOut += 1
            return false
        }
        summary.sessions += 1
        let order: [Int]? = ordered ? nil : plays.indices.sorted {
            (plays[$0].position, $0) < (plays[$1].position, $1)
        }
        var complete = plays.count == leadLength
        for rank in plays.indices where complete {
            complete = plays[order?[rank] ?? rank].position == rank + 1
        }
        if !complete { summary.incompleteSessions += 1 }
        leadContext.withUnsafeBufferPointer { context in
            builder.beginSession(premium: leadPremium, complete: complete, hourOfDay: leadHour, contextType: context)
        }
        trackBytes.withUnsafeBufferPointer { tracks in
            for rank in plays.indices {
                let play = plays[order?[rank] ?? rank]
                builder.addPlay(trackID: UnsafeBufferPointer(rebasing: tracks[play.trackStart..<play.trackEnd]),
                                outcome: play.outcome)
            }
        }
        builder.endSession()
        return true
    }
}
