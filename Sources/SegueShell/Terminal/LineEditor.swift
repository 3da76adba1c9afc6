@preconcurrency import CEditLine
import Foundation
import SegueCore

/// Line editing on libedit: history kept across restarts, reverse search
/// (Ctrl-R), and tab completion that asks the live session each time.
public final class LineEditor {
    let historyFile: String
    /// The session completion asks; reachable from libedit's C callback.
    nonisolated(unsafe) static var completer: Completer?

    public init(historyFile: String, completer: Completer) {
        self.historyFile = historyFile
        LineEditor.completer = completer
        let folder = URL(fileURLWithPath: historyFile).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        using_history()
        read_history(historyFile)
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1
            guard let text, let completer = LineEditor.completer else { return nil }
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let prefix = String(line.utf8.prefix(Int(start))) ?? ""
            let matches = completer.complete(word: String(cString: text), before: prefix)
            guard !matches.isEmpty else { return nil }
            // No space after a key (`size=`) or a folder (`Plugins/`): more follows.
            let open = matches.count == 1 && (matches[0].hasSuffix("=") || matches[0].hasSuffix("/"))
            rl_completion_append_character = open ? 0 : 32
            // libedit wants a malloc'd, NULL-terminated array whose first entry is the common prefix.
            let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: matches.count + 2)
            array[0] = strdup(Completer.commonPrefix(matches))
            for (i, m) in matches.enumerated() { array[i + 1] = strdup(m) }
            array[matches.count + 1] = nil
            return array
        }
    }

    /// Reads a line with `prompt`; nil at end of input (Ctrl-D). An answer
    /// to a question (`remember: false`) stays out of the history.
    public func readLine(prompt: String, remember: Bool = true) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if remember, !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(line)
            write_history(historyFile)
        }
        return line
    }
}
