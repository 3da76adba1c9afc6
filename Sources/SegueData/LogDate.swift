/// A calendar date as session logs write it: `YYYY-MM-DD`, with no time zone.
public struct LogDate: Hashable, Comparable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The date, or nil if it does not exist (month 1–12, day within the month,
    /// leap years counted; year 1–9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LogDate.days(inMonth: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day of the week, 0 for Monday through 6 for Sunday.
    public var weekday: Int {
        // Sakamoto's method gives 0 for Sunday; shift so Monday is 0.
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        let sundayBased = (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
        return (sundayBased + 6) % 7
    }

    public static func < (lhs: LogDate, rhs: LogDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension LogDate: LosslessStringConvertible {
    /// Parses exactly `YYYY-MM-DD` (ten characters, zero-padded); nil otherwise.
    public init?(_ description: String) {
        var text = description
        guard let date = text.withUTF8(LogDate.parse) else { return nil }
        self = date
    }

    /// Parses the UTF-8 bytes of exactly `YYYY-MM-DD`; nil otherwise.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> LogDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return nil
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard digit >= 0 && digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            return nil
        }
        return LogDate(year: year, month: month, day: day)
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}
