import CZlib
import Foundation

/// Splits a CSV file into rows of fields, reading it a chunk at a time;
/// a gzip-compressed file (known by its magic bytes, not its name) is inflated on the way.
///
/// Follows RFC 4180: fields are separated by commas; a field in double quotes
/// may hold commas, line breaks and doubled quotes (`""` for one `"`). Rows end
/// in LF, CRLF or CR; the last row may lack a line end. A UTF-8 byte-order mark
/// is skipped, blank lines are ignored, and a quote inside an unquoted field is
/// kept as text. Bytes that are not UTF-8 become U+FFFD in strings.
///
/// The current row is kept as bytes (fields unquoted, back to back), so callers
/// parse numbers without making strings. The tokenizer holds one chunk and one
/// row, never the file: at most `chunkSize + maxRowBytes` bytes, whatever the
/// file's size.
final class CSVTokenizer {
    /// The file as named in errors.
    let file: String
    /// Names the column at a 0-based field position in errors; `#n` until set.
    var columnName: (Int) -> String = { "#\($0 + 1)" }
    /// The row read by the last `nextRow()`; valid until the next call.
    private(set) var row: CSVRowView

    private var scanner: CSVScanner

    /// Opens `path` for reading; `chunkSize` is at least 16.
    /// - Throws: `DataError.cannotOpen`, or `.cannotRead` if the first chunk fails.
    init(path: String, file: String, chunkSize: Int = 1 << 20, maxRowBytes: Int = 1 << 20) throws {
        let stream = try GzipInput.open(path: path, file: file)
        self.file = file
        scanner = CSVScanner(stream: stream, chunkSize: max(16, chunkSize), maxRowBytes: max(1, maxRowBytes))
        row = scanner.currentRow
        do {
            if try scanner.refill(), scanner.end >= 3,
               scanner.buffer[0] == 0xEF, scanner.buffer[1] == 0xBB, scanner.buffer[2] == 0xBF {
                scanner.position = 3
            }
        } catch let failure as CSVScanner.Failure {
            throw error(for: failure)
        }
    }

    deinit {
        close()
        scanner.deallocate()
    }

    /// Bytes pulled from the file so far, inflated (re-reads after a skip counted again).
    var bytesRead: Int64 { scanner.bytesRead }
    /// How far into the file as stored (compressed, for gzip) reading has come.
    var storedOffset: Int64 { scanner.stream.map { Int64(gzoffset($0)) } ?? 0 }
    /// Bytes read at a time.
    var chunkSize: Int { scanner.chunkSize }
    /// The line the current row starts on (1-based).
    var line: Int { scanner.line }
    /// The number of fields in the current row.
    var fieldCount: Int { row.count }
    /// Every field of the current row as strings.
    var fields: [String] { (0..<row.count).map(row.string) }

    /// Closes the file; later calls to `nextRow` return false.
    func close() {
        if let stream = scanner.stream { gzclose_r(stream) }
        scanner.stream = nil
        scanner.reachedEnd = true
        scanner.position = 0
        scanner.end = 0
    }

    /// Reads the next row into `row`; false at the end of the file.
    /// - Throws: `DataError.unterminatedQuote`, `.textAfterClosingQuote`, `.rowTooLong`
    ///   for a malformed row (call `skipMalformedRow()` to go on), `.cannotRead` on I/O errors.
    func nextRow() throws -> Bool {
        var local = scanner
        defer {
            scanner = local
            row = local.currentRow
        }
        do {
            return try local.nextRow()
        } catch let failure as CSVScanner.Failure {
            throw error(for: failure)
        }
    }

    /// Recovers from a malformed row: goes back to where it started and drops
    /// its first line only, so a stray quote costs one line, not the rest of the file.
    /// - Throws: `DataError.cannotRead` if the file cannot be re-read from there.
    func skipMalformedRow() throws {
        defer { row = scanner.currentRow }
        do {
            try scanner.skipFirstLineOfRow()
        } catch let failure as CSVScanner.Failure {
            throw error(for: failure)
        }
    }

    private func error(for failure: CSVScanner.Failure) -> DataError {
        switch failure {
        case let .unterminatedQuote(line, field):
            return .unterminatedQuote(file: file, line: line, column: columnName(field))
        case let .textAfterClosingQuote(line, field):
            return .textAfterClosingQuote(file: file, line: line, column: columnName(field))
        case let .rowTooLong(line):
            return .rowTooLong(file: file, line: line, limit: scanner.maxRowBytes)
        case let .readFailed(reason):
            return .cannotRead(file: file, reason: reason)
        }
    }
}
