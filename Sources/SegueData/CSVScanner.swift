import CZlib
import Foundation

/// The fields of one CSV row, unquoted and stored back to back.
///
/// A view into the scanner's storage: valid until the scanner reads another row.
struct CSVRowView {
    let bytes: UnsafePointer<UInt8>
    let ends: UnsafePointer<Int>
    /// The number of fields.
    let count: Int

    /// The bytes of field `index`.
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(start: bytes + start, count: ends[index] - start)
    }

    /// Field `index` as a string; bytes that are not UTF-8 become U+FFFD.
    func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }
}

/// The byte-level state machine behind `CSVTokenizer`: one chunk of the file,
/// the row being built, and where the next row starts.
///
/// A value type, so the hot loop works on a local copy with no run-time
/// exclusivity checks; `CSVTokenizer` owns the memory and copies it back.
struct CSVScanner {
    /// A malformed row or an I/O error; `CSVTokenizer` turns it into a `DataError`.
    enum Failure: Error {
        case unterminatedQuote(line: Int, field: Int)
        case textAfterClosingQuote(line: Int, field: Int)
        case rowTooLong(line: Int)
        case readFailed(reason: String)
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }
    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// The file, read through zlib: gzip is inflated, anything else passes through as is.
    var stream: gzFile?
    let chunkSize: Int
    let maxRowBytes: Int
    // The chunk: buffer[position..<end] is unread; buffer[end] is a NUL sentinel.
    let buffer: UnsafeMutablePointer<UInt8>
    /// The bytes that end an unquoted field, as a C string for `strcspn`.
    private let delimiters: UnsafeMutablePointer<CChar>
    var position = 0
    var end = 0
    /// The file offset of buffer[0].
    var bufferOffset: Int64 = 0
    var reachedEnd = false
    var bytesRead: Int64 = 0
    var skipNextLineFeed = false
    var nextLine = 1
    /// The current row: its first line, its file offset, its fields.
    var line = 0
    var rowStartOffset: Int64 = 0
    var row: UnsafeMutablePointer<UInt8>
    var rowCapacity = 4096
    var rowCount = 0
    var ends: UnsafeMutablePointer<Int>
    var endsCapacity = 64
    var fieldCount = 0

    init(stream: gzFile, chunkSize: Int, maxRowBytes: Int) {
        self.stream = stream
        self.chunkSize = chunkSize
        self.maxRowBytes = maxRowBytes
        buffer = .allocate(capacity: chunkSize + 1)
        buffer[0] = 0
        delimiters = .allocate(capacity: 4)
        delimiters.initialize(from: [44, 13, 10, 0], count: 4)
        row = .allocate(capacity: rowCapacity)
        ends = .allocate(capacity: endsCapacity)
    }

    /// Frees the chunk and the row; the scanner is unusable afterwards.
    func deallocate() {
        buffer.deallocate()
        delimiters.deallocate()
        row.deallocate()
        ends.deallocate()
    }

    var currentRow: CSVRowView { CSVRowView(bytes: row, ends: ends, count: fieldCount) }

    /// Reads the next row into `row`; false at the end of the file.
    mutating func nextRow() throws -> Bool {
        fieldCount = 0
        rowCount = 0
        guard try skipLineBreaks() else { return false }
        line = nextLine
        rowStartOffset = bufferOffset + Int64(position)
        var state = State.fieldStart
        var fieldLine = nextLine
        while true {
            if position == end, try !refill() {
                if state == .quoted { throw Failure.unterminatedQuote(line: fieldLine, field: fieldCount) }
                try endField()
                return true
            }
            switch state {
            case .fieldStart:
                if buffer[position] == Self.quote {
                    position += 1
                    fieldLine = nextLine
                    state = .quoted
                } else {
                    state = .unquoted
                }
            case .unquoted:
                let start = position
                let stop = scanUnquoted(from: start)
                try append(buffer + start, stop - start)
                position = stop
                guard stop < end else { continue }
                let byte = buffer[stop]
                position = stop + 1
                try endField()
                if byte == Self.comma {
                    state = .fieldStart
                } else {
                    endLine(byte)
                    return true
                }
            case .quoted:
                let start = position
                let stop = scanQuoted(from: start)
                try append(buffer + start, stop - start)
                position = stop < end ? stop + 1 : stop
                if stop < end { state = .afterQuote }
            case .afterQuote:
                let byte = buffer[position]
                if byte == Self.quote {
                    try append(buffer + position, 1)
                    position += 1
                    state = .quoted
                } else if byte == Self.comma {
                    position += 1
                    try endField()
                    state = .fieldStart
                } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                    position += 1
                    try endField()
                    endLine(byte)
                    return true
                } else {
                    throw Failure.textAfterClosingQuote(line: nextLine, field: fieldCount)
                }
            }
        }
    }

    /// Goes back to the start of the current row and past the end of its first line.
    mutating func skipFirstLineOfRow() throws {
        guard let stream else { return }
        if rowStartOffset < bufferOffset || rowStartOffset > bufferOffset + Int64(end) {
            // In a gzip file this inflates again from the start: a malformed row costs a re-read.
            guard gzseek(stream, off_t(rowStartOffset), SEEK_SET) == off_t(rowStartOffset) else {
                throw Failure.readFailed(reason: "cannot seek back: \(GzipInput.lastError(stream))")
            }
            bufferOffset = rowStartOffset
            position = 0
            end = 0
            reachedEnd = false
        } else {
            position = Int(rowStartOffset - bufferOffset)
        }
        nextLine = line
        skipNextLineFeed = false
        fieldCount = 0
        while true {
            if position == end, try !refill() { return }
            let byte = buffer[position]
            position += 1
            if byte == Self.lineFeed || byte == Self.carriageReturn {
                endLine(byte)
                return
            }
        }
    }

    /// Skips line breaks before a row; false at the end of the file.
    private mutating func skipLineBreaks() throws -> Bool {
        while true {
            if position == end, try !refill() { return false }
            let byte = buffer[position]
            if byte == Self.lineFeed && skipNextLineFeed {
                position += 1
                skipNextLineFeed = false
            } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                position += 1
                endLine(byte)
            } else {
                skipNextLineFeed = false
                return true
            }
        }
    }

    /// The index of the first comma, CR or LF at or after `start`, or `end`.
    /// Uses `strcspn` up to the NUL sentinel; a NUL byte in the data is text.
    private func scanUnquoted(from start: Int) -> Int {
        var index = start
        let text = UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: CChar.self)
        while index < end {
            index += strcspn(text + index, delimiters)
            if index < end && buffer[index] != 0 { return index }
            if index < end { index += 1 }
        }
        return end
    }

    /// The index of the next quote at or after `start`, or `end`; counts the line feeds before it.
    private mutating func scanQuoted(from start: Int) -> Int {
        let stop = memchr(buffer + start, Int32(Self.quote), end - start)
            .map { $0.assumingMemoryBound(to: UInt8.self) - buffer } ?? end
        var cursor = buffer + start
        var remaining = stop - start
        while remaining > 0, let feed = memchr(cursor, Int32(Self.lineFeed), remaining) {
            nextLine += 1
            let next = feed.assumingMemoryBound(to: UInt8.self) + 1
            remaining -= next - cursor
            cursor = next
        }
        return stop
    }

    /// Appends `count` bytes to the current field, growing the row as needed.
    private mutating func append(_ bytes: UnsafePointer<UInt8>, _ count: Int) throws {
        guard count > 0 else { return }
        let needed = rowCount + count
        guard needed + fieldCount <= maxRowBytes else { throw Failure.rowTooLong(line: line) }
        if needed > rowCapacity {
            let capacity = max(needed, rowCapacity * 2)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: row, count: rowCount)
            row.deallocate()
            row = grown
            rowCapacity = capacity
        }
        (row + rowCount).update(from: bytes, count: count)
        rowCount = needed
    }

    /// Ends the current field.
    private mutating func endField() throws {
        guard rowCount + fieldCount < maxRowBytes else { throw Failure.rowTooLong(line: line) }
        if fieldCount == endsCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: endsCapacity * 2)
            grown.update(from: ends, count: fieldCount)
            ends.deallocate()
            ends = grown
            endsCapacity *= 2
        }
        ends[fieldCount] = rowCount
        fieldCount += 1
    }

    private mutating func endLine(_ byte: UInt8) {
        nextLine += 1
        skipNextLineFeed = byte == Self.carriageReturn
    }

    /// Reads the chunk after the current one; false at the end of the file.
    mutating func refill() throws -> Bool {
        guard !reachedEnd, let stream else { return false }
        bufferOffset += Int64(end)
        position = 0
        let count = gzread(stream, buffer, UInt32(chunkSize))
        guard count >= 0 else {
            end = 0
            buffer[0] = 0
            throw Failure.readFailed(reason: GzipInput.lastError(stream))
        }
        if Int(count) < chunkSize, GzipInput.endedEarly(stream) {
            end = 0
            buffer[0] = 0
            throw Failure.readFailed(reason: "the gzip data ends early (a truncated download?)")
        }
        end = Int(count)
        buffer[end] = 0
        bytesRead += Int64(end)
        if end == 0 {
            reachedEnd = true
            return false
        }
        return true
    }
}
