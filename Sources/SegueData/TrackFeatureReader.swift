import Foundation

/// Reads a track-feature file in the MSSD schema row by row, holding one
/// chunk of the file at a time.
///
/// Columns are found by header name in any order; unknown columns are ignored.
public final class TrackFeatureReader {
    /// The file as named in errors and the report.
    public var file: String { stream.file }
    /// Rows read and skipped so far.
    public var report: ReadReport { stream.report }
    /// Bytes pulled from the file so far.
    public var bytesRead: Int64 { stream.bytesRead }
    /// The header as written in the file.
    public var header: [String] { stream.header }

    private let stream: RecordStream<TrackFeatureRecord>

    /// Opens a track-feature file and reads its header.
    /// - Throws: `DataError.cannotOpen`, `.missingHeader`, `.missingColumn` (naming
    ///   the column and the file), `.duplicateColumn`.
    public init(url: URL, policy: ReadPolicy = ReadPolicy()) throws {
        stream = try RecordStream(url: url, policy: policy)
    }

    /// Opens the file at a file-system path; see `init(url:policy:)`.
    /// - Throws: as `init(url:policy:)`.
    public convenience init(path: String, policy: ReadPolicy = ReadPolicy()) throws {
        try self.init(url: URL(fileURLWithPath: path), policy: policy)
    }

    /// The next track, or nil at the end of the file.
    /// - Throws: under `ReadPolicy.MalformedRowAction.fail`, the first malformed
    ///   row's `DataError` (reading may go on after it); always, I/O errors.
    public func next() throws -> TrackFeatureRecord? {
        try stream.next()
    }

    /// Calls `body` with every remaining track, in file order.
    /// - Returns: the report of rows read and skipped.
    /// - Throws: what `next()` throws, and what `body` throws (which stops reading).
    @discardableResult
    public func forEach(_ body: (TrackFeatureRecord) throws -> Void) throws -> ReadReport {
        while let record = try next() { try body(record) }
        return report
    }

    /// Every remaining track, in memory.
    /// - Throws: what `next()` throws.
    public func readAll() throws -> [TrackFeatureRecord] {
        var records: [TrackFeatureRecord] = []
        try forEach { records.append($0) }
        return records
    }

    /// Closes the file; later reads return nil. Also done when the reader is released.
    public func close() {
        stream.finish()
    }
}
