/// How a log writes its dates, as a pattern: `YYYY`, `MM` and `DD` stand for
/// the zero-padded year, month and day, `*` at the end for anything after the
/// date (a time of day), and every other character for itself.
///
///     LogDateFormat("DD/MM/YYYY")       // 15/07/2018
///     LogDateFormat("YYYYMMDD")         // 20180715
///     LogDateFormat("YYYY-MM-DD*")      // 2018-07-15 00:00:00
///
/// MSSD writes ISO dates (`YYYY-MM-DD`, the default); logs from elsewhere
/// often do not, so `world mssd date_format=...` names theirs.
public struct LogDateFormat: Equatable, Sendable, CustomStringConvertible {
    private enum Part: Equatable, Sendable {
        case year, month, day
        case literal(UInt8)
    }

    private let parts: [Part]
    private let allowsRest: Bool
    /// Whether this is `YYYY-MM-DD`, which `parse` reads on a fast path:
    /// decided once here, not by comparing formats on every row.
    private let isISO: Bool
    /// The pattern as written.
    public let description: String

    /// The format of `pattern`, or nil when the pattern lacks one of YYYY, MM
    /// and DD, names one twice, or holds non-ASCII characters.
    public init?(_ pattern: String) {
        var parts: [Part] = []
        var bytes = Array(pattern.utf8)
        allowsRest = bytes.last == UInt8(ascii: "*")
        if allowsRest { bytes.removeLast() }
        var index = 0
        func starts(_ token: String) -> Bool {
            let t = Array(token.utf8)
            return index + t.count <= bytes.count && Array(bytes[index..<index + t.count]) == t
        }
        while index < bytes.count {
            if starts("YYYY") { parts.append(.year); index += 4 }
            else if starts("MM") { parts.append(.month); index += 2 }
            else if starts("DD") { parts.append(.day); index += 2 }
            else {
                guard bytes[index] < 0x80, bytes[index] != UInt8(ascii: "*") else { return nil }
                parts.append(.literal(bytes[index]))
                index += 1
            }
        }
        for field in [Part.year, .month, .day] where parts.filter({ $0 == field }).count != 1 { return nil }
        self.parts = parts
        description = pattern
        isISO = pattern == "YYYY-MM-DD"
    }

    /// `YYYY-MM-DD`, as MSSD writes dates.
    public static let iso = LogDateFormat("YYYY-MM-DD")!

    /// Parses `bytes` in this format; nil when they do not match or name no real date.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> LogDate? {
        if isISO { return LogDate.parse(bytes) }
        var index = 0, year = 0, month = 0, day = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<width {
                let digit = Int(bytes[index + offset]) - 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            index += width
            return value
        }
        for part in parts {
            switch part {
            case .year: guard let v = number(4) else { return nil }; year = v
            case .month: guard let v = number(2) else { return nil }; month = v
            case .day: guard let v = number(2) else { return nil }; day = v
            case .literal(let byte):
                guard index < bytes.count, bytes[index] == byte else { return nil }
                index += 1
            }
        }
        guard allowsRest || index == bytes.count else { return nil }
        return LogDate(year: year, month: month, day: day)
    }

    /// Parses `text` in this format; nil when it does not match or names no real date.
    public func date(_ text: String) -> LogDate? {
        var text = text
        return text.withUTF8 { parse($0) }
    }
}
