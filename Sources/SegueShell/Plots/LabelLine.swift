/// A line of labels under a chart's x-axis: each label is placed at its
/// column unless it would overlap or touch one placed before it, so the first
/// labels placed win and no two run together into one number.
struct LabelLine {
    private var characters: [Character]

    /// A blank line `width` characters wide.
    init(width: Int) {
        characters = Array(repeating: " ", count: width)
    }

    /// Writes `text` from `column` (moved left as far as it must to fit),
    /// unless the cells it needs, or the one on either side, hold a label.
    mutating func place(_ text: String, at column: Int) {
        let letters = Array(text)
        let start = max(0, min(column, characters.count - letters.count))
        let needed = max(0, start - 1) ..< min(characters.count, start + letters.count + 1)
        guard needed.allSatisfy({ characters[$0] == " " }) else { return }
        for (k, letter) in letters.enumerated() { characters[start + k] = letter }
    }

    /// The line as text.
    var text: String { String(characters) }
}
