import Foundation

/// How text plots are drawn: width, Unicode or plain ASCII, and color.
public struct PlotStyle: Sendable, Equatable {
    /// Total width in columns, labels included.
    public var width: Int
    /// Unicode block characters, or plain ASCII.
    public var unicode: Bool
    /// ANSI color for emphasis (never when NO_COLOR is set or output is a pipe).
    public var color: Bool

    public init(width: Int = 72, unicode: Bool = true, color: Bool = false) {
        self.width = max(width, 30)
        self.unicode = unicode
        self.color = color
    }

    /// The style for recorded output (session files): fixed width, Unicode,
    /// no color, so a replay draws the same characters anywhere.
    public static let recorded = PlotStyle()

    /// The style for this terminal: its width, Unicode unless the locale
    /// or SEGUE_ASCII says otherwise, color unless NO_COLOR is set.
    public static func terminal() -> PlotStyle {
        let env = ProcessInfo.processInfo.environment
        var size = winsize()
        let columns = ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
            ? Int(size.ws_col) : Int(env["COLUMNS"] ?? "") ?? 80
        let locale = (env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"] ?? "").uppercased()
        let unicode = env["SEGUE_ASCII"] == nil && (locale.isEmpty || locale.contains("UTF"))
        return PlotStyle(width: min(columns - 1, 140), unicode: unicode, color: env["NO_COLOR"] == nil)
    }

    /// Characters for eighths of a cell, from empty to full.
    var eighths: [Character] {
        unicode ? [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"] : [" ", " ", " ", " ", "#", "#", "#", "#", "#"]
    }

    /// A horizontal bar of `value` cells (fractions drawn in eighths).
    func bar(_ value: Double) -> String {
        let v = max(0, value)
        let full = Int(v)
        let rest = Int(((v - Double(full)) * 8).rounded())
        return String(repeating: eighths[8], count: full) + (rest > 0 ? String(eighths[rest]) : "")
    }

    /// Wraps text in bold when color is on.
    func emphasis(_ text: String) -> String { color ? "\u{1B}[1;36m\(text)\u{1B}[0m" : text }
}

/// Numbers for axes: short and without needless digits.
func axisLabel(_ value: Double) -> String {
    let a = abs(value)
    if a >= 1000 { return String(format: "%.0f", value) }
    if a >= 10 || value == value.rounded() { return String(format: "%.1f", value) }
    return String(format: "%.2f", value)
}
