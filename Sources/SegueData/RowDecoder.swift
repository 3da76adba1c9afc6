/// Reads one row as typed values, by column, with errors naming the file,
/// the line and the column.
///
/// Numbers, booleans, dates and modes are parsed from the field's bytes and may
/// carry spaces or tabs around them; strings are kept as written. Valid only
/// until the tokenizer reads the next row.
struct RowDecoder<Column: CSVColumn> {
    let row: CSVRowView
    /// The field position of each column, indexed by `Column.rawValue`.
    let positions: [Int]
    let file: String
    let line: Int
    /// How the `date` column is written.
    var dateFormat: LogDateFormat = .iso

    /// The bytes of `column`'s field, without surrounding spaces and tabs.
    private func trimmedBytes(_ column: Column) -> UnsafeBufferPointer<UInt8> {
        let bytes = row.field(positions[column.rawValue])
        var start = 0, stop = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        if stop == 0 || (!isSpace(bytes[0]) && !isSpace(bytes[stop - 1])) { return bytes }
        while start < stop, isSpace(bytes[start]) { start += 1 }
        while stop > start, isSpace(bytes[stop - 1]) { stop -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<stop])
    }

    /// The field of `column`, as written.
    func text(_ column: Column) -> String {
        row.string(positions[column.rawValue])
    }

    /// The field of `column`, which must not be empty.
    /// - Throws: `DataError.invalidValue` if it is empty.
    func identifier(_ column: Column) throws -> String {
        let value = text(column)
        guard !value.isEmpty else { throw failure(column, expected: "a non-empty id") }
        return value
    }

    /// The field of `column` as an integer in `range`.
    /// - Throws: `DataError.invalidValue` if it is not an integer or is out of range;
    ///   `expected` then describes the range, e.g. "an hour from 0 to 23".
    func int(_ column: Column, in range: ClosedRange<Int>, expected: String) throws -> Int {
        try int(column, in: range, describedBy: { expected })
    }

    /// The field of `column` as an integer in `range`, with the description of
    /// the range made only for an error (an ingest reads millions of rows).
    /// - Throws: as `int(_:in:expected:)`.
    @inline(__always)
    func int(_ column: Column, in range: ClosedRange<Int>, describedBy expected: () -> String) throws -> Int {
        let bytes = trimmedBytes(column)
        var index = 0, negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { throw failure(column, expected: "an integer") }
        var value = 0
        while index < bytes.count {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0 && digit <= 9 else { throw failure(column, expected: "an integer") }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit)
                                             : shifted.addingReportingOverflow(digit)
            guard !overflow1 && !overflow2 else { throw failure(column, expected: expected()) }
            value = next
            index += 1
        }
        guard range.contains(value) else { throw failure(column, expected: expected()) }
        return value
    }

    /// The bytes of `column`'s field as written (what `text(_:)` decodes), valid
    /// until the tokenizer reads the next row.
    func bytes(_ column: Column) -> UnsafeBufferPointer<UInt8> {
        row.field(positions[column.rawValue])
    }

    /// The bytes of `column`'s field, which must not be empty (see `identifier(_:)`).
    /// - Throws: `DataError.invalidValue` if it is empty.
    func identifierBytes(_ column: Column) throws -> UnsafeBufferPointer<UInt8> {
        let value = bytes(column)
        guard !value.isEmpty else { throw failure(column, expected: "a non-empty id") }
        return value
    }

    /// The field of `column` as a finite number.
    /// - Throws: `DataError.invalidValue` if it is not a number, or is NaN or infinite.
    func float(_ column: Column) throws -> Float {
        guard let value = Float(String(decoding: trimmedBytes(column), as: UTF8.self)), value.isFinite else {
            throw failure(column, expected: "a finite number")
        }
        return value
    }

    /// The field of `column` as a boolean: true/false (any case) or 1/0.
    ///
    /// The words are compared in one load each rather than a byte loop: an
    /// MSSD row holds thirteen booleans and an ingest reads hundreds of
    /// millions of rows.
    /// - Throws: `DataError.invalidValue` for anything else.
    @inline(__always)
    func bool(_ column: Column) throws -> Bool {
        let bytes = trimmedBytes(column)
        switch bytes.count {
        case 1:
            if bytes[0] == UInt8(ascii: "1") { return true }
            if bytes[0] == UInt8(ascii: "0") { return false }
        case 4:
            // ASCII letters differ from their capitals in bit 5 only; `| 0x20` lowers
            // capitals and leaves the lowercase word, so it matches "true" in any case only.
            let word = UnsafeRawBufferPointer(bytes).loadUnaligned(as: UInt32.self)
            if word | 0x2020_2020 == 0x6575_7274 { return true }   // "true", little endian
        case 5:
            let raw = UnsafeRawBufferPointer(bytes)
            let word = raw.loadUnaligned(as: UInt32.self)
            if word | 0x2020_2020 == 0x736C_6166, raw[4] | 0x20 == UInt8(ascii: "e") { return false }   // "fals" + "e"
        default:
            break
        }
        throw failure(column, expected: "true/false or 1/0")
    }

    /// The field of `column` as a date written in `dateFormat` (default YYYY-MM-DD).
    /// - Throws: `DataError.invalidValue` if it is not a valid date in that form.
    func date(_ column: Column) throws -> LogDate {
        guard let value = dateFormat.parse(trimmedBytes(column)) else {
            throw failure(column, expected: "a date as \(dateFormat)")
        }
        return value
    }

    /// The field of `column` as a musical mode: major/minor (any case) or 1/0.
    /// - Throws: `DataError.invalidValue` for anything else.
    func mode(_ column: Column) throws -> TrackFeatureRecord.Mode {
        let bytes = trimmedBytes(column)
        if Self.equalsIgnoringCase(bytes, "major") || Self.equalsIgnoringCase(bytes, "1") { return .major }
        if Self.equalsIgnoringCase(bytes, "minor") || Self.equalsIgnoringCase(bytes, "0") { return .minor }
        throw failure(column, expected: "major or minor")
    }

    /// The error for a bad field in `column`.
    func failure(_ column: Column, expected: String) -> DataError {
        .invalidValue(file: file, line: line, column: column.name,
                      expected: expected, got: text(column))
    }

    /// Whether `bytes` spell `word` (lowercase ASCII), ignoring ASCII case.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lowered != letters[index] { return false }
        }
        return true
    }
}
