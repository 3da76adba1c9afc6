/// Reads the sessions of several log files in turn (plain or gzip), under one
/// `ReadPolicy`, keeping those in a `SessionSample`, and counts what it
/// skipped, sampled out or found incomplete, so a caller can say so.
///
///     let source = try SessionLogSource(files: try LogFileSet.resolve("training_set", option: "logs"))
///     while let session = try source.nextSession() { ... }
///     source.summary.notices.forEach { print($0) }
public final class SessionLogSource {
    /// The files, read in this order.
    public let files: [String]
    public let policy: ReadPolicy
    public let sample: SessionSample
    /// What has been read so far.
    public private(set) var summary = LogReadSummary()

    private var fileIndex = 0
    private var reader: SessionLogReader?
    /// Rows read and skipped by the files already finished.
    private var finishedRows = 0, finishedSkipped = 0

    /// A source over `files` (at least one); opens nothing yet.
    public init(files: [String], policy: ReadPolicy = .strict, sample: SessionSample = .all) {
        precondition(!files.isEmpty, "SessionLogSource needs at least one file")
        self.files = files
        self.policy = policy
        self.sample = sample
        summary.files = files.count
    }

    /// The file being read, or nil before the first and after the last.
    public var currentFile: String? { reader?.file }
    /// How far into the current file as stored (compressed for gzip) reading has come.
    public var currentStoredOffset: Int64 { reader?.storedOffset ?? 0 }
    /// How many files have been read to their end.
    public var filesDone: Int { fileIndex - (reader == nil ? 0 : 1) }

    /// The next session in the sample, or nil after the last file.
    /// - Throws: what `SessionLogReader` throws: a malformed row under `.fail`,
    ///   a missing column, a file that cannot be opened or read.
    public func nextSession() throws -> LoggedSession? {
        while true {
            if reader == nil {
                guard fileIndex < files.count else { return nil }
                reader = try SessionLogReader(path: files[fileIndex], policy: policy)
                fileIndex += 1
            }
            guard let current = reader else { return nil }
            guard let session = try current.nextSession() else {
                finish(current)
                continue
            }
            updateRows(current)
            guard sample.contains(session.id) else {
                summary.sessionsSampledOut += 1
                continue
            }
            summary.sessions += 1
            if !session.isComplete { summary.incompleteSessions += 1 }
            return session
        }
    }

    /// Closes the current file; `nextSession()` then goes on with the next one.
    public func close() {
        if let reader { finish(reader) }
        fileIndex = files.count
    }

    private func finish(_ current: SessionLogReader) {
        updateRows(current)
        finishedRows += current.report.rowsRead
        finishedSkipped += current.report.rowsSkipped
        current.close()
        reader = nil
    }

    private func updateRows(_ current: SessionLogReader) {
        let report = current.report
        summary.rowsRead = finishedRows + report.rowsRead
        summary.rowsSkipped = finishedSkipped + report.rowsSkipped
        if summary.firstErrors.count < policy.keptErrors, report.firstErrors.count > 0 {
            for error in report.firstErrors where !summary.firstErrors.contains(error) {
                guard summary.firstErrors.count < policy.keptErrors else { break }
                summary.firstErrors.append(error)
            }
        }
    }
}

/// Counts of what a `SessionLogSource` read, skipped and sampled out.
public struct LogReadSummary: Equatable, Sendable {
    /// Log files named.
    public var files = 0
    /// Rows parsed, in every file (sampled-out sessions' rows included).
    public var rowsRead = 0
    /// Malformed rows skipped under the skipping policy.
    public var rowsSkipped = 0
    /// Sessions handed out (in the sample).
    public var sessions = 0
    /// Sessions left out by the sample.
    public var sessionsSampledOut = 0
    /// Handed-out sessions that lack some positions (rows absent from the log, or skipped).
    public var incompleteSessions = 0
    /// The first skipped rows' errors.
    public var firstErrors: [DataError] = []
    /// The first skipped row's message, where the errors themselves are not kept (a cache).
    public var firstErrorMessage: String?

    public init() {}

    /// The counts of several parts read one after another (files, caches).
    public static func merged(_ parts: [LogReadSummary]) -> LogReadSummary {
        var total = LogReadSummary()
        for part in parts {
            total.files += part.files
            total.rowsRead += part.rowsRead
            total.rowsSkipped += part.rowsSkipped
            total.sessions += part.sessions
            total.sessionsSampledOut += part.sessionsSampledOut
            total.incompleteSessions += part.incompleteSessions
            total.firstErrors += part.firstErrors.prefix(max(0, 10 - total.firstErrors.count))
            if total.firstErrorMessage == nil { total.firstErrorMessage = part.firstErrorMessage }
        }
        return total
    }

    /// One line for each thing a user should know: rows skipped, sessions
    /// sampled out, sessions with missing positions. Empty when all was clean.
    public var notices: [String] {
        var lines: [String] = []
        if rowsSkipped > 0 {
            let first = (firstErrors.first?.message ?? firstErrorMessage).map { "; first: \($0)" } ?? ""
            lines.append("skipped \(rowsSkipped) malformed rows of \(rowsRead + rowsSkipped) (skip_malformed=true)\(first)")
        }
        if sessionsSampledOut > 0 {
            lines.append("kept \(sessions) of \(sessions + sessionsSampledOut) sessions (fraction=, chosen by a hash of the session id)")
        }
        if incompleteSessions > 0 {
            lines.append("\(incompleteSessions) of \(sessions) sessions have missing positions (rows absent or skipped); their other plays are kept")
        }
        return lines
    }
}
