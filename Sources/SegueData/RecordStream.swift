import Foundation

/// A record type stored as one CSV row of a fixed schema.
protocol CSVRecord {
    associatedtype Column: CSVColumn
    /// Parses one row.
    /// - Throws: `DataError.invalidValue` naming the first bad field.
    init(decoding row: RowDecoder<Column>) throws
    /// Why the record cannot be written so that it reads back, or nil if it can.
    var csvProblem: String? { get }
    /// The fields in `Column.allCases` order, unquoted.
    var csvFields: [String] { get }
}

/// Reads records of one schema from a CSV file, row by row, applying a `ReadPolicy`.
///
/// The engine behind `SessionLogReader` and `TrackFeatureReader`.
final class RecordStream<Record: CSVRecord> {
    /// The file as named in errors and the report.
    let file: String
    let policy: ReadPolicy
    /// Rows read and skipped so far.
    private(set) var report: ReadReport
    /// The header as written in the file.
    let header: [String]
    private let tokenizer: CSVTokenizer
    private let positions: [Int]
    private var finished = false

    /// Opens `url` and reads its header.
    /// - Throws: `DataError.cannotOpen`, `.missingHeader`, `.missingColumn`,
    ///   `.duplicateColumn`, or a row error in the header line itself.
    init(url: URL, policy: ReadPolicy) throws {
        file = url.relativePath
        self.policy = policy
        report = ReadReport(file: file)
        tokenizer = try CSVTokenizer(
            path: url.path, file: file, chunkSize: policy.chunkSize, maxRowBytes: policy.maxRowBytes)
        guard try tokenizer.nextRow() else { throw DataError.missingHeader(file: file) }
        header = tokenizer.fields
        positions = try ColumnMap.resolve(header, as: Record.Column.self, file: file)
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        tokenizer.columnName = { position in
            position < names.count ? names[position] : "#\(position + 1)"
        }
    }

    /// Bytes pulled from the file so far.
    var bytesRead: Int64 { tokenizer.bytesRead }
    /// How far into the file as stored (compressed, for gzip) reading has come.
    var storedOffset: Int64 { tokenizer.storedOffset }

    /// The next record, skipping malformed rows under `.skip`; nil at the end.
    /// - Throws: under `.fail`, the first malformed row's `DataError` (the stream
    ///   stays positioned after that row, so reading may go on); always, I/O errors.
    func next() throws -> Record? {
        try next(decoding: Record.init(decoding:))
    }

    /// The next row as `decode` reads it, skipping malformed rows (those whose
    /// `decode` throws a `DataError`) as `next()` does; nil at the end.
    ///
    /// For a caller that wants less than a `Record` (an ingest keeps a few
    /// fields and makes no strings); what it returns must not outlive the row
    /// when it points into it.
    /// - Throws: as `next()`.
    @inline(__always)
    func next<Value>(decoding decode: (RowDecoder<Record.Column>) throws -> Value) throws -> Value? {
        while !finished {
            do {
                guard try tokenizer.nextRow() else {
                    finish()
                    return nil
                }
            } catch let error as DataError where error.isRowError {
                try tokenizer.skipMalformedRow()
                try reject(error)
                continue
            }
            let count = tokenizer.fieldCount
            guard count == header.count else {
                let first = min(count, header.count)
                try reject(.wrongFieldCount(file: file, line: tokenizer.line, column: tokenizer.columnName(first),
                                            expected: header.count, got: count))
                continue
            }
            do {
                let decoder = RowDecoder<Record.Column>(
                    row: tokenizer.row, positions: positions, file: file, line: tokenizer.line,
                    dateFormat: policy.dateFormat)
                let value = try decode(decoder)
                report.rowsRead += 1
                return value
            } catch let error as DataError {
                try reject(error)
            }
        }
        return nil
    }

    /// Closes the file; `next()` then returns nil.
    func finish() {
        finished = true
        tokenizer.close()
    }

    /// Throws `error` under `.fail`; counts and keeps it under `.skip`.
    private func reject(_ error: DataError) throws {
        if policy.onMalformedRow == .fail { throw error }
        report.rowsSkipped += 1
        if report.firstErrors.count < policy.keptErrors {
            report.firstErrors.append(error)
        }
    }
}
