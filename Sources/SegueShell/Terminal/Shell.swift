import Foundation
import SegueCore

/// The interactive shell: a prompt over `ShellSession`, with line editing,
/// numbered cells, and errors that never end the session.
public final class Shell {
    public let session: ShellSession
    let editor: LineEditor?

    /// A shell at a terminal (`interactive`) or over piped input.
    public init(session: ShellSession, interactive: Bool, historyFile: String) {
        self.session = session
        session.isInteractive = interactive
        editor = interactive ? LineEditor(historyFile: historyFile, completer: Completer(session: session)) : nil
        Interrupts.install()
        session.interrupted = { Interrupts.isRequested }
        session.clearInterrupt = { Interrupts.clear() }
    }

    /// Reads and runs lines until end of input.
    public func run(greeting: [String] = []) {
        for line in greeting {
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
        }
        if session.isInteractive { print("") }
    }

    /// Runs one line, printing an error instead of failing.
    func perform(_ line: String, echo: Bool) {
        if echo { print("[\(session.cells.count + 1)] segue> \(line)") }
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
