import Foundation

/// Writes a track-feature file in the MSSD schema, streaming rows into a
/// temporary file that `close()` renames into place.
///
/// Columns come in `TrackFeatureRecord.Column` order; mode as major/minor;
/// floats in their shortest form that reads back to the same value.
/// Until `close()` succeeds, an earlier file at the destination is untouched;
/// a writer released without `close()` leaves no file behind.
public final class TrackFeatureWriter {
    /// The destination as named in errors.
    public var file: String { writer.csv.file }
    /// Rows written so far.
    public var rowsWritten: Int { writer.csv.rowsWritten }

    private let writer: RecordFileWriter<TrackFeatureRecord>

    /// Creates the temporary file beside `url` and writes the header.
    /// - Throws: `DataError.cannotWrite` if the folder is missing or not writable.
    public init(url: URL) throws {
        writer = try RecordFileWriter(url: url)
    }

    /// Appends one track.
    /// - Throws: `DataError.invalidRecord` for a record that would not read back
    ///   (an empty id, an acoustic vector not of 8, a NaN or infinite feature, a
    ///   negative duration, a key outside 0...11), nothing written; `.cannotWrite`
    ///   on I/O errors or after `close()`.
    public func append(_ record: TrackFeatureRecord) throws {
        try writer.append(record)
    }

    /// Appends tracks one by one, as the sequence yields them.
    /// - Throws: as `append(_:)`, stopping at the first error.
    public func append<Records: Sequence>(contentsOf records: Records) throws
    where Records.Element == TrackFeatureRecord {
        for record in records { try writer.append(record) }
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
    where Records.Element == TrackFeatureRecord {
        let writer = try TrackFeatureWriter(url: url)
        try writer.append(contentsOf: records)
        try writer.close()
    }
}
