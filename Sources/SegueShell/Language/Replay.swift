import Foundation

/// What makes a cell replay exactly as it ran: the interrupt marker of a
/// command stopped by Ctrl-C, plain text without terminal escapes, and the
/// session-file form of a list of cells (what `save` writes and the crash
/// journal restores).
///
/// A command stopped by Ctrl-C is written with a trailing `#! interrupt N`:
/// long work asks "stop now?" at fixed points (before each training step,
/// between episodes or batches), and N is the check at which the stop was
/// honoured. A replay of that line answers yes at its N-th check, so it
/// stops exactly where the recorded run stopped and prints what it printed.
/// To anything that reads the line as a command, the marker is a comment.
public enum Replay {
    static let marker = "#! interrupt"

    /// The line without its interrupt marker, and the check it names.
    public static func parse(_ line: String) -> (line: String, interruptAt: Int?) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let range = trimmed.range(of: marker, options: .backwards), range.lowerBound > trimmed.startIndex,
              let n = Int(trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)), n > 0 else {
            return (trimmed, nil)
        }
        return (trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces), n)
    }

    /// `input` with the marker of the check it was interrupted at, if any.
    public static func line(_ input: String, interruptedAt: Int?) -> String {
        interruptedAt.map { "\(input)  \(marker) \($0)" } ?? input
    }

    /// `text` without ANSI escape sequences (colour, cursor moves).
    public static func plain(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var out = ""
        var escape = false, csi = false
        for scalar in text.unicodeScalars {
            if escape {
                if csi {
                    if (0x40...0x7E).contains(scalar.value) { escape = false; csi = false }
                } else if scalar == "[" {
                    csi = true
                } else {
                    escape = false
                }
                continue
            }
            if scalar == "\u{1B}" { escape = true; continue }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Commands that write a session file themselves: a saved session leaves
    /// them out (a replay would write it again).
    static let unsaved: Set<String> = ["save", "quit"]

    /// `cells` as a session file: each top-level cell's replay line and its
    /// output as `#>` lines; failed cells commented out (a replay would stop
    /// at them); `save` and lines run inside `run FILE` left out.
    public static func transcript(_ cells: [Cell]) -> String {
        let kept = cells.filter { !$0.nested && !unsaved.contains(commandWord($0.input)) }
        let failed = kept.filter(\.failed).count
        var lines = [NumericsHeader.current.line, "# Segue session, \(kept.count - failed) cells"
                     + (failed > 0 ? " (\(failed) failed, commented out)" : ""), ""]
        for cell in kept {
            if cell.failed {
                lines.append("# failed, not replayed: \(cell.input)")
                lines += cell.output.map { "#   \($0)" }
                continue
            }
            lines.append(cell.replayLine)
            lines += cell.output.map { $0.isEmpty ? "#>" : "#> \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The command word of a line (after `NAME =`), or "".
    static func commandWord(_ line: String) -> String {
        guard let words = try? Tokenizer.words(line) else { return "" }
        return (words.count >= 2 && words[1] == "=" ? words.dropFirst(2).first : words.first) ?? ""
    }
}

/// Counts a cell's interrupt checks: records the check at which Ctrl-C was
/// honoured, and answers yes from the N-th check when replaying a line
/// recorded with `#! interrupt N`.
final class InterruptCounter {
    struct State {
        var checks = 0
        var replayStop: Int?
        var stoppedAt: Int?
        var cleared = false
    }

    var state = State()

    /// Starts counting for a new cell.
    func begin(replayingStopAt stop: Int?) { state = State(replayStop: stop) }

    /// The check at which the current cell stopped, if it did.
    var stoppedAt: Int? { state.stoppedAt }

    /// One check: true to stop (a replayed interrupt, or Ctrl-C).
    func check(_ requested: () -> Bool) -> Bool {
        state.checks += 1
        let replayed = state.replayStop.map { !state.cleared && state.checks >= $0 } ?? false
        guard replayed || requested() else { return false }
        if state.stoppedAt == nil { state.stoppedAt = state.checks }
        return true
    }

    /// The stop has been handled: later checks ask Ctrl-C again.
    func clear() { state.cleared = true }
}
