/// How a reader treats malformed rows and how much it buffers.
public struct ReadPolicy: Equatable, Sendable {
    /// What a reader does with a row that does not parse.
    public enum MalformedRowAction: Equatable, Sendable {
        /// Throw the row's `DataError` (the reader stays positioned after the row).
        case fail
        /// Skip the row and count it in the reader's `ReadReport`.
        case skip
    }

    /// What to do with a malformed row. Default: `.fail`.
    /// Header problems (a missing column) and I/O errors always throw.
    public var onMalformedRow: MalformedRowAction
    /// How many skipped rows' errors the report keeps. Default: 10.
    public var keptErrors: Int
    /// Bytes read from the file at a time; at least 16. Default: 1 MiB.
    public var chunkSize: Int
    /// The longest row accepted, in bytes, so an unclosed quote cannot swallow
    /// a whole file into memory. Default: 1 MiB.
    public var maxRowBytes: Int
    /// How session logs write their `date` column. Default: `.iso` (`YYYY-MM-DD`).
    public var dateFormat: LogDateFormat

    /// A policy; every parameter has the default documented on its property.
    public init(
        onMalformedRow: MalformedRowAction = .fail,
        keptErrors: Int = 10,
        chunkSize: Int = 1 << 20,
        maxRowBytes: Int = 1 << 20,
        dateFormat: LogDateFormat = .iso
    ) {
        self.dateFormat = dateFormat
        self.onMalformedRow = onMalformedRow
        self.keptErrors = keptErrors
        self.chunkSize = chunkSize
        self.maxRowBytes = maxRowBytes
    }

    /// Throws on the first malformed row (the default policy).
    public static let strict = ReadPolicy()
    /// Skips malformed rows and reports them.
    public static let skipping = ReadPolicy(onMalformedRow: .skip)
}

/// What a reader has done so far: rows read and skipped, and the first errors.
public struct ReadReport: Equatable, Sendable {
    /// The file read, as named in messages.
    public var file: String
    /// Rows parsed into records (the header not counted).
    public var rowsRead: Int = 0
    /// Malformed rows skipped under `ReadPolicy.MalformedRowAction.skip`.
    public var rowsSkipped: Int = 0
    /// The first skipped rows' errors, at most `ReadPolicy.keptErrors` of them.
    public var firstErrors: [DataError] = []

    /// An empty report for `file`.
    public init(file: String) {
        self.file = file
    }

    /// The one-line messages of `firstErrors`.
    public var messages: [String] { firstErrors.map(\.message) }
}

extension ReadReport: CustomStringConvertible {
    /// A summary line, then one indented line per kept error.
    public var description: String {
        var text = "\(file): \(rowsRead) rows read, \(rowsSkipped) skipped"
        for message in messages {
            text += "\n  \(message)"
        }
        if rowsSkipped > firstErrors.count {
            text += "\n  ... and \(rowsSkipped - firstErrors.count) more"
        }
        return text
    }
}
