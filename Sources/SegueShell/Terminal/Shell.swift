import Foundation
import SegueCore

/// The interactive shell: a prompt over `ShellSession`, with line editing,
/// numbered cells, errors that never end the session, and a journal that
/// restores the session after a crash.
public final class Shell {
    public let session: ShellSession
    let editor: LineEditor
    let journal: Journal
    /// The working folder, whose journal this shell keeps.
    let folder = FileManager.default.currentDirectoryPath

    /// A shell at a terminal; `home` (the user's Segue home) holds the
    /// history and the journals.
    public init(session: ShellSession, home: String) {
        self.session = session
        session.isInteractive = true
        session.writePolicy = .interactive
        editor = LineEditor(historyFile: "\(home)/history", completer: Completer(session: session))
        journal = Journal(path: Journal.path(home: home, folder: folder))
        Interrupts.install()
        session.interruptRequested = { Interrupts.isRequested }
        session.forgetInterrupt = { Interrupts.clear() }
        session.confirm = { [editor] question in Shell.yes(editor.readLine(prompt: question, remember: false)) }
    }

    /// Restores an unfinished session if the user wants it, else runs
    /// `greeting`; then reads and runs lines until end of input.
    public func run(greeting: [String] = []) {
        let restored = restore()
        journal.start(folder: folder)
        if let restored {
            replay(restored)
        } else {
            for line in greeting { perform(line, echo: true) }
        }
        print("\nSegue \(Segue.version) — the demo world and an environment are ready.")
        print("Try: `compare random popularity cosine greedy`, `?compare`, `help`. Tab completes; Ctrl-D quits.")
        while true {
            Interrupts.clear()
            guard var line = editor.readLine(prompt: "[\(session.cells.count + 1)] segue> ") else {
                if Interrupts.isRequested { print(""); continue }
                break
            }
            // A line ending in `\` continues on the next, as in a shell.
            while line.trimmingCharacters(in: .whitespaces).hasSuffix("\\"),
                  let more = editor.readLine(prompt: "   ...> ") {
                line = String(line.trimmingCharacters(in: .whitespaces).dropLast()).trimmingCharacters(in: .whitespaces)
                    + " " + more.trimmingCharacters(in: .whitespaces)
            }
            perform(line, echo: false)
            if session.quitRequested { break }
        }
        journal.finish()
        print("")
    }

    /// Runs one line, printing an error instead of failing; journals it
    /// before it runs and how it ended after.
    func perform(_ line: String, echo: Bool) {
        if echo { print("[\(session.cells.count + 1)] segue> \(line)") }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return }
        journal.record(trimmed)
        do {
            try QuietKeys.during { try session.execute(line) }
        } catch {
            print("error: \(error)")
        }
        journal.record(outcome: Shell.outcome(of: session.cells.last))
        if Interrupts.isRequested {
            Interrupts.clear()
            print("interrupted; the session keeps its state")
        }
    }

    static func outcome(of cell: Cell?) -> Journal.Outcome {
        guard let cell else { return .finished }
        if cell.failed { return .failed }
        return cell.interruptedAt.map { .interrupted($0) } ?? .finished
    }

    static func yes(_ answer: String?) -> Bool {
        guard let answer = answer?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}

/// Facts about this build.
public enum Segue {
    public static let version = "0.1.0"
}
