import Foundation

/// Writes a session log in the MSSD schema, streaming rows into a temporary
/// file that `close()` renames into place.
///
/// Columns come in `SessionLogRecord.Column` order; booleans as true/false.
/// Until `close()` succeeds, an earlier file at the destination is untouched;
/// a writer released without `close()` leaves no file behind.
///
///     let writer = try SessionLogWriter(url: logURL)
///     for session in sessions { try writer.append(session) }
///     try writer.close()
public final class SessionLogWriter {
    /// The destination as named in errors.
    public var file: String { writer.csv.file }
    /// Rows written so far.
    public var rowsWritten: Int { writer.csv.rowsWritten }

    private let writer: RecordFileWriter<SessionLogRecord>

    /// Creates the temporary file beside `url` and writes the header.
    /// - Throws: `DataError.cannotWrite` if the folder is missing or not writable.
    public init(url: URL) throws {
        writer = try RecordFileWriter(url: url)
    }

    /// Appends one play.
    /// - Throws: `DataError.invalidRecord` for a record that would not read back
    ///   (an empty id, a position outside 1...length, an hour outside 0...23, a
    ///   negative count), nothing written; `.cannotWrite` on I/O errors or after `close()`.
    public func append(_ record: SessionLogRecord) throws {
        try writer.append(record)
    }

    /// Appends plays one by one, as the sequence yields them.
    /// - Throws: as `append(_:)`, stopping at the first error.
    public func append<Records: Sequence>(contentsOf records: Records) throws
    where Records.Element == SessionLogRecord {
        for record in records { try writer.append(record) }
    }

    /// Appends a session's plays, in order.
    /// - Throws: as `append(_:)`.
    public func append(_ session: LoggedSession) throws {
        try append(contentsOf: session.plays)
    }

    /// Flushes to disk and renames the file into place.
    /// - Throws: `DataError.cannotWrite`; the destination is then left as it was.
    public func close() throws {
        try writer.csv.commit()
    }

    /// Abandons the file: nothing is written to the destination.
    public func discard() {
        writer.csv.discard()
    }

    /// Writes `records` to `url` in one go, atomically.
    /// - Throws: as `init(url:)`, `append(_:)` and `close()`; on any error the
    ///   destination is left as it was.
    public static func write<Records: Sequence>(_ records: Records, to url: URL) throws
    where Records.Element == SessionLogRecord {
        let writer = try SessionLogWriter(url: url)
        try writer.append(contentsOf: records)
        try writer.close()
    }
}
