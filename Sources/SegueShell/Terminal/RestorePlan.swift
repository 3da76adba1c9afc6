import Foundation

/// What restoring a journal would replay, and what it leaves out and why.
///
/// From the user's own journal, commands that finished are replayed (a
/// command stopped by Ctrl-C stops where it stopped); failed commands, the
/// command a crash cut short, and commands whose only effect is a file
/// written outside the session (`save`, `save-model`, `checkpoint`,
/// `plugin new`) are not: their files are already there. A journal Segue
/// did not write for this user is replayed, if at all, as a session file
/// from someone else; its plan lists every command that loads code, runs
/// another file or writes one, so the question can name them.
struct RestorePlan {
    /// Lines to replay, in order, with interrupt markers.
    var replay: [String] = []
    /// Lines left out, with the reason.
    var skipped: [(line: String, reason: String)] = []

    /// Commands that only write a file: never re-run on restore.
    static let writeOnly: Set<String> = ["save", "save-model", "checkpoint"]

    init(_ entries: [Journal.Entry], own: Bool) {
        for entry in entries {
            let word = Replay.commandWord(entry.line)
            switch entry.outcome {
            case .failed:
                skipped.append((entry.line, "failed"))
            case .running where own:
                skipped.append((entry.line, "was running when the session ended"))
            case _ where own && (RestorePlan.writeOnly.contains(word) || RestorePlan.isPluginNew(entry.line)):
                skipped.append((entry.line, "writes a file, which is already there"))
            case .interrupted(let n):
                replay.append(Replay.line(entry.line, interruptedAt: n))
            default:
                replay.append(entry.line)
            }
        }
    }

    /// The first `count` replayed lines only.
    func prefix(_ count: Int) -> RestorePlan {
        var plan = self
        plan.replay = Array(replay.prefix(count))
        return plan
    }

    static func isPluginNew(_ line: String) -> Bool {
        guard let words = try? Tokenizer.words(line) else { return false }
        return words.first == "plugin" && words.dropFirst().first == "new"
    }

    /// What `line` would load, run or write, in words; nil when nothing.
    static func effect(of line: String) -> String? {
        guard let invocation = try? Invocation(line) else { return nil }
        switch invocation.command {
        case "plugin": return "loads or writes plugin code: \(line)"
        case "run": return "runs another session file: \(line)"
        case "save", "save-model", "checkpoint": return "writes a file: \(line)"
        default: break
        }
        let writing = ["checkpoint", "csv", "jsonl", "folder"]
        if invocation.options.contains(where: { writing.contains($0.key) }) || line.contains("path=") {
            return "writes a file: \(line)"
        }
        return nil
    }

    /// The lines of the plan that load, run or write something.
    var effects: [String] { replay.compactMap(RestorePlan.effect) }
}
