/// Wraps help text at word boundaries, so a terminal never breaks a word.
///
/// A line longer than `width` is broken at spaces; its continuation lines are
/// indented to the line's description column (where text resumes after a run
/// of two or more spaces, as in `  name   what it does`), two columns past the
/// line's own indent for a `usage:` line or a `- ` list item, and at the
/// line's own indent for prose. Words longer than the room left stay whole.
enum TextWrapping {
    /// `text` with each prose paragraph on one line, for `wrap` to break at the
    /// reader's width: a line joins the previous one unless either is blank or
    /// indented, or it starts a `- ` list item. Source text can then be broken
    /// wherever its author liked without leaving ragged lines on screen.
    static func reflow(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let joins = !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("- ")
            if joins, let last = lines.last, !last.isEmpty, !last.hasPrefix(" ") {
                lines[lines.count - 1] = last + " " + line
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { wrapLine(String($0), width: max(width, 20)) }
            .joined(separator: "\n")
    }

    static func wrapLine(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        let indent = line.prefix { $0 == " " }.count
        let body = line.dropFirst(indent)
        let hangs = body.hasPrefix("usage:") || body.hasPrefix("- ")
        let hanging = descriptionColumn(line).flatMap { $0 < width / 2 ? $0 : nil } ?? indent + (hangs ? 2 : 0)
        var lines: [String] = []
        var current = String(line.prefix(indent))
        var firstWord = true
        for word in line.dropFirst(indent).split(separator: " ", omittingEmptySubsequences: false) {
            let separator = firstWord ? "" : " "
            if !firstWord, current.count + separator.count + word.count > width, current.contains(where: { $0 != " " }) {
                lines.append(current)
                current = String(repeating: " ", count: hanging) + word
            } else {
                current += separator + word
            }
            firstWord = false
        }
        lines.append(current)
        return lines.map { $0.trimmingTrailing() }
    }

    /// The column where a line's description starts: after its first run of two
    /// or more spaces that follows text.
    static func descriptionColumn(_ line: String) -> Int? {
        let characters = Array(line)
        var index = characters.firstIndex { $0 != " " } ?? 0
        while index + 1 < characters.count {
            if characters[index] == " ", characters[index + 1] == " " {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                return end < characters.count ? end : nil
            }
            index += 1
        }
        return nil
    }
}
