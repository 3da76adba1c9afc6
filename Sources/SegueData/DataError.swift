import Foundation

/// A problem reading or writing a session-log or track-feature file.
///
/// Row-level cases name the file, the line the row starts on and the column,
/// so `description` reads like a compiler diagnostic followed by a hint:
///
///     logs.csv:17: column 'skip_2': expected true/false or 1/0, got "maybe"
///     hint: fix the value, or pass skip_malformed=true (world mssd) to skip and count such rows
///
/// Columns are named by their header name; a column the header lacks (an extra
/// field in a long row) is named by its 1-based position, as `#22`.
public enum DataError: Error, Equatable, Sendable {
    /// The file could not be opened.
    case cannotOpen(file: String, reason: String)
    /// Reading failed part-way (an I/O error, or the path is a folder).
    case cannotRead(file: String, reason: String)
    /// The file or its temporary sibling could not be created, written or renamed.
    case cannotWrite(file: String, reason: String)
    /// The file holds no header row.
    case missingHeader(file: String)
    /// A required column is absent from the header; `unknownColumns` lists the
    /// header's names that match no column of the schema (a typo is likely among them).
    case missingColumn(file: String, column: String, unknownColumns: [String])
    /// A required column appears twice in the header.
    case duplicateColumn(file: String, column: String)
    /// A row has a different number of fields than the header.
    case wrongFieldCount(file: String, line: Int, column: String, expected: Int, got: Int)
    /// A quoted field is never closed before the end of the file.
    case unterminatedQuote(file: String, line: Int, column: String)
    /// A closing quote is followed by something other than a comma or a line end.
    case textAfterClosingQuote(file: String, line: Int, column: String)
    /// A row is longer than `ReadPolicy.maxRowBytes`.
    case rowTooLong(file: String, line: Int, limit: Int)
    /// A field does not parse as its column's type, or is out of range.
    case invalidValue(file: String, line: Int, column: String, expected: String, got: String)
    /// A record handed to a writer cannot be written (`index` counts rows from 0).
    case invalidRecord(file: String, index: Int, reason: String)
}

extension DataError: CustomStringConvertible {
    /// The one-line message, then the hint on a second line.
    public var description: String { "\(message)\nhint: \(hint)" }

    /// The one-line message: `file:line: column 'name': what was wrong`.
    public var message: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot open for reading: \(reason)"
        case let .cannotRead(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .cannotWrite(file, reason):
            return "\(file): cannot write: \(reason)"
        case let .missingHeader(file):
            return "\(file): no header row (the file is empty)"
        case let .missingColumn(file, column, _):
            return "\(file): missing required column '\(column)'"
        case let .duplicateColumn(file, column):
            return "\(file): column '\(column)' appears more than once in the header"
        case let .wrongFieldCount(file, line, column, expected, got):
            return "\(file):\(line): column '\(column)': expected \(expected) fields as in the header, got \(got)"
        case let .unterminatedQuote(file, line, column):
            return "\(file):\(line): column '\(column)': quoted field is never closed"
        case let .textAfterClosingQuote(file, line, column):
            return "\(file):\(line): column '\(column)': expected a comma or a line end after the closing quote"
        case let .rowTooLong(file, line, limit):
            return "\(file):\(line): row is longer than \(limit) bytes"
        case let .invalidValue(file, line, column, expected, got):
            return "\(file):\(line): column '\(column)': expected \(expected), got \(DataError.quoted(got))"
        case let .invalidRecord(file, index, reason):
            return "\(file): record \(index): \(reason)"
        }
    }

    /// How to fix it, in one line.
    public var hint: String {
        let skip = "or pass skip_malformed=true (world mssd) to skip and count such rows"
        switch self {
        case .cannotOpen:
            return "check the path and the file's permissions"
        case .cannotRead:
            return "check that the path names a readable regular file"
        case .cannotWrite:
            return "check that the folder exists, is writable and has free space"
        case .missingHeader:
            return "the first line must name the columns, separated by commas"
        case let .missingColumn(_, column, unknown):
            if let near = ColumnMap.closest(to: column, in: unknown) {
                return "did you mean '\(near)'? Rename that header field to '\(column)'"
            }
            guard !unknown.isEmpty else { return "add the column to the header and to every row" }
            let shown = unknown.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
            return "add the column; the header's unknown columns are \(shown)\(unknown.count > 8 ? ", ..." : "")"
        case .duplicateColumn:
            return "remove or rename one of the two columns"
        case .wrongFieldCount:
            return "a field holding a comma must be in double quotes; \(skip)"
        case .unterminatedQuote:
            return "close the quote, and write a quote inside a quoted field as two (\"\"); \(skip)"
        case .textAfterClosingQuote:
            return "write a quote inside a quoted field as two (\"\"), or quote the whole field; \(skip)"
        case .rowTooLong:
            return "an unclosed quote usually causes this; else raise ReadPolicy.maxRowBytes"
        case let .invalidValue(_, _, column, _, _) where column == "date":
            return "name the logs' date format with date_format= (e.g. date_format=DD/MM/YYYY), fix the value, \(skip)"
        case .invalidValue:
            return "fix the value, \(skip)"
        case .invalidRecord:
            return "fix the record before writing it"
        }
    }

    /// The file the error is about.
    public var file: String {
        switch self {
        case let .cannotOpen(file, _), let .cannotRead(file, _), let .cannotWrite(file, _),
             let .missingHeader(file), let .missingColumn(file, _, _), let .duplicateColumn(file, _),
             let .wrongFieldCount(file, _, _, _, _), let .unterminatedQuote(file, _, _),
             let .textAfterClosingQuote(file, _, _), let .rowTooLong(file, _, _),
             let .invalidValue(file, _, _, _, _), let .invalidRecord(file, _, _):
            return file
        }
    }

    /// The line the bad row starts on, for row-level errors.
    public var line: Int? {
        switch self {
        case let .wrongFieldCount(_, line, _, _, _), let .unterminatedQuote(_, line, _),
             let .textAfterClosingQuote(_, line, _), let .rowTooLong(_, line, _),
             let .invalidValue(_, line, _, _, _):
            return line
        default:
            return nil
        }
    }

    /// The column named by the error, where there is one.
    public var column: String? {
        switch self {
        case let .missingColumn(_, column, _), let .duplicateColumn(_, column),
             let .wrongFieldCount(_, _, column, _, _), let .unterminatedQuote(_, _, column),
             let .textAfterClosingQuote(_, _, column), let .invalidValue(_, _, column, _, _):
            return column
        default:
            return nil
        }
    }

    /// Whether the error concerns one row only, so a reader can skip that row and go on.
    public var isRowError: Bool { line != nil }

    /// A field value in double quotes, escaped and cut to 40 characters.
    static func quoted(_ value: String) -> String {
        var text = value.count > 40 ? String(value.prefix(40)) + "..." : value
        text = text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
        return "\"\(text)\""
    }
}
