import Foundation

/// Reading a journal back, and finding the damage a disk can do to it.
///
/// A journal Segue writes starts with a header ending in ", with its checksum";
/// then come records — a command, or how the command above ended (`#= ok`,
/// `#= failed`, `#= interrupt N`) — each followed by `#~ HEX`, its FNV-1a 32
/// checksum, written with it in one write. In such a journal a line that is
/// not UTF-8, a record whose checksum differs or is missing, an unknown line,
/// or a last line without its line end is damage: reading stops there, keeps
/// the commands above, and says where (FILE:LINE) and what. Each FNV-1a step is
/// a bijection, so a flipped bit in a record always changes its checksum. A journal without the mark
/// (written by Segue before checksums, or by someone else) is read leniently:
/// unknown lines are skipped.
extension Journal {
    /// What a journal holds.
    public struct Contents: Equatable {
        /// Its commands, up to any damage.
        public var entries: [Entry] = []
        /// `FILE:LINE: what is wrong`, when it is damaged.
        public var damage: String?

        public init(entries: [Entry] = [], damage: String? = nil) {
            self.entries = entries
            self.damage = damage
        }
    }

    /// The checksum written after `line`: FNV-1a 32 of its UTF-8, 8 hex digits.
    static func checksum(_ line: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in line.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The entries of a journal's text (see `contents(of:file:)`).
    public static func entries(_ text: String) -> [Entry] {
        contents(of: Array(text.utf8), file: "<journal>").entries
    }

    /// Reads a journal's bytes; `file` names it in the damage message.
    public static func contents(of bytes: [UInt8], file: String) -> Contents {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let cutShort = !(lines.last?.isEmpty ?? true)
        if !cutShort { lines.removeLast() }
        guard let first = lines.first, String(decoding: first, as: UTF8.self).hasSuffix(checksummedMark) else {
            return Contents(entries: lenientEntries(lines))
        }
        var contents = Contents()
        func damaged(_ number: Int, _ what: String) -> Contents {
            var result = contents
            result.damage = "\(file):\(number): \(what): the journal is damaged"
            return result
        }
        // After the header, records in pairs: a command or outcome line, then its `#~` line.
        var index = 1
        while index < lines.count {
            let number = index + 1
            if cutShort, index == lines.count - 1 { return damaged(number, "the last line is cut short (no line end)") }
            guard let text = String(validating: lines[index], as: UTF8.self) else {
                return damaged(number, "the line is not UTF-8 text")
            }
            if cutShort, index + 1 == lines.count - 1 {
                return damaged(number + 1, "the last line is cut short (no line end)")
            }
            guard index + 1 < lines.count, let sum = String(validating: lines[index + 1], as: UTF8.self), sum.hasPrefix("#~ ") else {
                return damaged(number, "the line has no checksum line below it")
            }
            guard sum.dropFirst(3) == checksum(text) else {
                return damaged(number, "the line does not match its checksum on line \(number + 1)")
            }
            let line = text.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#=") {
                guard !contents.entries.isEmpty, let outcome = outcome(line) else {
                    return damaged(number, "an outcome line without a command, or an unknown outcome")
                }
                contents.entries[contents.entries.count - 1].outcome = outcome
            } else if !line.isEmpty, !line.hasPrefix("#") {
                contents.entries.append(Entry(line: line, outcome: .running))
            } else {
                return damaged(number, "an unknown line")
            }
            index += 2
        }
        return contents
    }

    /// The outcome an `#= …` line records, or nil.
    static func outcome(_ line: String) -> Outcome? {
        let word = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        if word == "ok" { return .finished }
        if word == "failed" { return .failed }
        if word.hasPrefix("interrupt "), let n = Int(word.dropFirst(10)), n >= 0 { return .interrupted(n) }
        return nil
    }

    /// The entries of a journal without checksums (Segue's before them, or one
    /// someone else wrote): unknown lines and lines that are not UTF-8 skipped,
    /// and commands without an outcome `running`.
    static func lenientEntries(_ lines: [ArraySlice<UInt8>]) -> [Entry] {
        var entries: [Entry] = []
        for raw in lines {
            guard let text = String(validating: raw, as: UTF8.self) else { continue }
            let line = text.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#=") {
                if !entries.isEmpty, let outcome = outcome(line) { entries[entries.count - 1].outcome = outcome }
            } else if !line.isEmpty, !line.hasPrefix("#") {
                entries.append(Entry(line: line, outcome: .running))
            }
        }
        return entries
    }
}
