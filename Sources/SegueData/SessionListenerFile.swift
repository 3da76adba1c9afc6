import Foundation

/// Reads and writes listeners files (`session_id,user_index`, see
/// `SessionListenerRecord`), atomically on write.
public enum SessionListenerFile {
    /// The user index of every session in the file at `path`.
    /// - Throws: `DataError` naming the file and line of a malformed row, or
    ///   `.invalidValue` naming the second row of a session listed twice.
    public static func read(path: String) throws -> [String: Int] {
        let stream = try RecordStream<SessionListenerRecord>(url: URL(fileURLWithPath: path), policy: ReadPolicy())
        defer { stream.finish() }
        var listeners: [String: Int] = [:]
        while let record = try stream.next() {
            guard listeners.updateValue(record.userIndex, forKey: record.sessionID) == nil else {
                // Line 1 is the header; no row was skipped (strict reading).
                throw DataError.invalidValue(file: stream.file, line: listeners.count + 2, column: "session_id",
                                             expected: "each session once", got: record.sessionID)
            }
        }
        return listeners
    }

    /// Writes `records` to `url` atomically.
    /// - Throws: `DataError.invalidRecord` or `.cannotWrite`; the destination is
    ///   then left as it was.
    public static func write(_ records: some Sequence<SessionListenerRecord>, to url: URL) throws {
        let writer = try RecordFileWriter<SessionListenerRecord>(url: url)
        for record in records { try writer.append(record) }
        try writer.csv.commit()
    }
}
