import Foundation

/// A CSV file written row by row into a temporary sibling and renamed into
/// place on `commit()`, so readers never see a half-written file.
///
/// Fields holding a comma, a quote or a line break are quoted, with quotes
/// doubled; rows end in LF. If the file is released without `commit()`, the
/// temporary file is removed and any earlier file at the destination is kept.
final class AtomicCSVFile {
    /// The destination as named in errors.
    let file: String
    /// Rows written after the header.
    private(set) var rowsWritten = 0

    private let destination: String
    private let temporary: String
    private var stream: UnsafeMutablePointer<FILE>?

    /// Creates the temporary file in the destination's folder and writes `header`.
    /// - Throws: `DataError.cannotWrite` if it cannot be created or written.
    init(url: URL, header: [String]) throws {
        file = url.relativePath
        destination = url.path
        let folder = url.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw DataError.cannotWrite(file: url.relativePath, reason: String(cString: strerror(errno)))
        }
        temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(descriptor, 0o644)
        guard let opened = fdopen(descriptor, "w") else {
            let reason = String(cString: strerror(errno))
            Foundation.close(descriptor)
            unlink(temporary)
            throw DataError.cannotWrite(file: file, reason: reason)
        }
        stream = opened
        try writeRow(header)
    }

    deinit { discard() }

    /// Appends one row.
    /// - Throws: `DataError.cannotWrite` on an I/O error or after `commit()`/`discard()`.
    func write(_ fields: [String]) throws {
        try writeRow(fields)
        rowsWritten += 1
    }

    /// Flushes the rows to disk and renames the file into place.
    /// - Throws: `DataError.cannotWrite` if flushing or renaming fails; the
    ///   temporary file is then removed and the destination left as it was.
    func commit() throws {
        guard let stream else { throw closedError }
        self.stream = nil
        var failure: String?
        if fflush(stream) != 0 || fsync(fileno(stream)) != 0 {
            failure = String(cString: strerror(errno))
        }
        if fclose(stream) != 0, failure == nil {
            failure = String(cString: strerror(errno))
        }
        if failure == nil, rename(temporary, destination) != 0 {
            failure = String(cString: strerror(errno))
        }
        if let failure {
            unlink(temporary)
            throw DataError.cannotWrite(file: file, reason: failure)
        }
    }

    /// Abandons the file: removes the temporary file, leaving the destination as it was.
    func discard() {
        guard let stream else { return }
        self.stream = nil
        fclose(stream)
        unlink(temporary)
    }

    /// `field` quoted if it holds a comma, a quote, CR or LF; as is otherwise.
    static func escaped(_ field: String) -> String {
        var text = field
        guard text.withUTF8(needsQuotes) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whether the bytes hold a comma, a quote, CR or LF.
    private static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        return memchr(base, 0x2C, count) != nil || memchr(base, 0x22, count) != nil
            || memchr(base, 0x0A, count) != nil || memchr(base, 0x0D, count) != nil
    }

    private var closedError: DataError {
        .cannotWrite(file: file, reason: "the writer is already closed")
    }

    /// Writes the fields, quoted where needed, then a line feed, through stdio's buffer.
    private func writeRow(_ fields: [String]) throws {
        guard let stream else { throw closedError }
        for index in 0..<fields.count {
            if index > 0 { putc(0x2C, stream) }
            let field = fields[index]
            var text = field
            text.withUTF8 { bytes in
                guard Self.needsQuotes(bytes) else {
                    _ = fwrite(bytes.baseAddress, 1, bytes.count, stream)
                    return
                }
                var quoted = Self.escaped(field)
                _ = quoted.withUTF8 { fwrite($0.baseAddress, 1, $0.count, stream) }
            }
        }
        putc(0x0A, stream)
        guard ferror(stream) == 0 else {
            throw DataError.cannotWrite(file: file, reason: String(cString: strerror(errno)))
        }
    }
}

/// Writes records of one schema through an `AtomicCSVFile`, checking each first.
///
/// The engine behind `SessionLogWriter` and `TrackFeatureWriter`.
final class RecordFileWriter<Record: CSVRecord> {
    let csv: AtomicCSVFile

    /// Starts the file with the schema's header.
    /// - Throws: `DataError.cannotWrite`.
    init(url: URL) throws {
        csv = try AtomicCSVFile(url: url, header: Record.Column.allCases.map(\.name))
    }

    /// Appends one record.
    /// - Throws: `DataError.invalidRecord` if it would not read back (nothing is
    ///   written then); `.cannotWrite` on I/O errors.
    func append(_ record: Record) throws {
        if let problem = record.csvProblem {
            throw DataError.invalidRecord(file: csv.file, index: csv.rowsWritten, reason: problem)
        }
        try csv.write(record.csvFields)
    }
}
