import Foundation
import SegueCore

/// The interactive shell: a prompt over `ShellSession`, with line editing,
/// numbered cells, and errors that never end the session.
public final class Shell {
    public let session: ShellSession
    let editor: LineEditor?
    let journal: Journal?

    /// A shell at a terminal (`interactive`) or over piped input. `home`
    /// holds the history and the journal.
    public init(session: ShellSession, interactive: Bool, home: String) {
        self.session = session
        session.isInteractive = interactive
        editor = interactive ? LineEditor(historyFile: "\(home)/history", completer: Completer(session: session)) : nil
        journal = interactive ? Journal(path: "\(home)/journal.segue") : nil
        Interrupts.install()
        session.interrupted = { Interrupts.isRequested }
        session.clearInterrupt = { Interrupts.clear() }
    }

    /// Reads and runs lines until end of input.
    public func run(greeting: [String] = []) {
        var startup = greeting
        if let journal {
            let unfinished = journal.unfinished()
            if !unfinished.isEmpty {
                print("The last session ended without quitting, after \(unfinished.count) commands (\(journal.path)).")
                let answer = editor?.readLine(prompt: "Restore it by replaying them? [Y/n] ") ?? "n"
                if !answer.lowercased().hasPrefix("n") { startup = unfinished }
            }
            journal.start()
        }
        for line in startup {
            perform(line, echo: true)
        }
        if session.isInteractive {
            print("\nSegue \(Segue.version) — the demo world and an environment are ready.")
            print("Try: `compare random popularity cosine greedy`, `describe random-pool`, `help`. Tab completes; Ctrl-D quits.")
        }
        while true {
            Interrupts.clear()
            let prompt = "[\(session.cells.count + 1)] segue> "
            let line: String?
            if let editor { line = editor.readLine(prompt: prompt) } else { line = Swift.readLine() }
            guard let line else {
                if Interrupts.isRequested { print(""); continue }
                break
            }
            perform(line, echo: false)
            if session.quitRequested { break }
        }
        journal?.finish()
        if session.isInteractive { print("") }
    }

    /// Runs one line, printing an error instead of failing.
    func perform(_ line: String, echo: Bool) {
        if echo { print("[\(session.cells.count + 1)] segue> \(line)") }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, !trimmed.hasPrefix("#") { journal?.record(trimmed) }
        do {
            try session.execute(line)
        } catch {
            print("error: \(error)")
        }
        if Interrupts.isRequested {
            Interrupts.clear()
            print("interrupted; the session keeps its state")
        }
    }
}

/// Facts about this build.
public enum Segue {
    public static let version = "0.1.0"
}
