import Foundation

/// Reads a session log in the MSSD schema row by row, or session by session,
/// holding one chunk of the file at a time.
///
/// Columns are found by header name in any order; unknown columns are ignored.
/// Fold a log larger than memory into what a model needs:
///
///     let reader = try SessionLogReader(url: logURL, policy: .skipping)
///     var plays = 0
///     let report = try reader.forEachSession { session in plays += session.plays.count }
///     print(report)   // logs.csv: 1999998 rows read, 2 skipped ...
public final class SessionLogReader {
    /// The file as named in errors and the report.
    public var file: String { stream.file }
    /// Rows read and skipped so far.
    public var report: ReadReport { stream.report }
    /// Bytes pulled from the file so far; stays within one chunk of the rows consumed.
    public var bytesRead: Int64 { stream.bytesRead }
    /// How far into the file as stored (compressed, for gzip) reading has come: for progress against its size.
    public var storedOffset: Int64 { stream.storedOffset }
    /// The header as written in the file.
    public var header: [String] { stream.header }

    private let stream: RecordStream<SessionLogRecord>
    /// A record read ahead while grouping a session, handed out next.
    private var pending: SessionLogRecord?

    /// Opens a log and reads its header.
    /// - Throws: `DataError.cannotOpen`, `.missingHeader`, `.missingColumn` (naming
    ///   the column and the file), `.duplicateColumn`.
    public init(url: URL, policy: ReadPolicy = ReadPolicy()) throws {
        stream = try RecordStream(url: url, policy: policy)
    }

    /// Opens the log at a file-system path; see `init(url:policy:)`.
    /// - Throws: as `init(url:policy:)`.
    public convenience init(path: String, policy: ReadPolicy = ReadPolicy()) throws {
        try self.init(url: URL(fileURLWithPath: path), policy: policy)
    }

    // MARK: - Rows

    /// The next play, or nil at the end of the file.
    /// - Throws: under `ReadPolicy.MalformedRowAction.fail`, the first malformed
    ///   row's `DataError` (reading may go on after it); always, I/O errors.
    public func next() throws -> SessionLogRecord? {
        if let record = pending {
            pending = nil
            return record
        }
        return try stream.next()
    }

    /// Calls `body` with every remaining play, in file order.
    /// - Returns: the report of rows read and skipped.
    /// - Throws: what `next()` throws, and what `body` throws (which stops reading).
    @discardableResult
    public func forEach(_ body: (SessionLogRecord) throws -> Void) throws -> ReadReport {
        while let record = try next() { try body(record) }
        return report
    }

    /// Every remaining play, in memory; for logs that fit.
    /// - Throws: what `next()` throws.
    public func readAll() throws -> [SessionLogRecord] {
        var records: [SessionLogRecord] = []
        try forEach { records.append($0) }
        return records
    }

    // MARK: - Sessions

    /// The next session: the following run of consecutive plays sharing a
    /// session id, sorted by position; nil at the end of the file.
    ///
    /// A session id that comes back after other sessions starts a new group;
    /// MSSD files keep each session's rows together.
    /// - Throws: what `next()` throws.
    public func nextSession() throws -> LoggedSession? {
        guard let first = try next() else { return nil }
        var plays = [first]
        while let record = try next() {
            guard record.sessionID == first.sessionID else {
                pending = record
                break
            }
            plays.append(record)
        }
        return LoggedSession(plays: plays)
    }

    /// Calls `body` with every remaining session, one at a time.
    /// - Returns: the report of rows read and skipped.
    /// - Throws: what `next()` throws, and what `body` throws (which stops reading).
    @discardableResult
    public func forEachSession(_ body: (LoggedSession) throws -> Void) throws -> ReadReport {
        while let session = try nextSession() { try body(session) }
        return report
    }

    /// Closes the file; later reads return nil. Also done when the reader is released.
    public func close() {
        pending = nil
        stream.finish()
    }
}
