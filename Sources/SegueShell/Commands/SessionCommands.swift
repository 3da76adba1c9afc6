import Foundation
import SegueCore

/// `run`, `save`, `echo`: session files and notes.
enum SessionCommands {
    static let all = [run, save, echo, quit]

    static let quit = Command(
        "quit", topic: "sessions", usage: "quit",
        abstract: "leave the shell (Ctrl-D does the same); the journal is retired beside itself as …-last.segue",
        run: { _, session in
            session.quitRequested = true
            return nil
        })

    static let run = Command(
        "run", topic: "sessions", usage: "run FILE [NAME=VALUE ...]",
        abstract: "replay a session file here, line by line (recorded #> output is ignored); NAME=VALUE sets its `#! param`s",
        completions: [.path], checksOwnWords: true,
        run: { inv, session in
            guard let path = inv.positional.first else { throw SegueError("run needs a file", hint: "e.g. `run Sessions/quickstart.segue`") }
            try ScriptRunner(session: session, assignments: inv.options.map { "\($0.key)=\($0.value)" }).run(file: path)
            return nil
        })

    static let save = Command(
        "save", topic: "sessions", usage: "save NAME [FIRST-LAST] [--force]",
        abstract: "write this session's cells, with their outputs as #> lines, to Sessions/NAME.segue",
        discussion: """
        What is saved is what `segue check` replays: outputs in the session-file style (fixed-width plots,
        no colour, training progress as appended lines), a command stopped by Ctrl-C marked `#! interrupt N`
        so the replay stops where it stopped, failed cells commented out, earlier `save`s left out.
        FIRST-LAST (or one number) saves only those cells, by the numbers of the prompt.
        An existing file is replaced only after a yes at the terminal, or with --force in a session file.
        """,
        completions: [.none], flags: [Flag("force", "replace an existing file without asking")],
        run: { inv, session in
            guard let name = inv.positional.first else { throw SegueError("save needs a name", hint: "e.g. `save my-experiment`") }
            let path = name.contains("/") ? name : "\(session.sessionsFolder)/\(name.hasSuffix(".segue") ? name : name + ".segue")"
            let range = try inv.positional.dropFirst().first.map { try cellRange($0, count: session.cells.count) }
            let force = inv.flags.contains("force")
            var asked = false
            if FileManager.default.fileExists(atPath: path), !force {
                guard let confirm = session.confirm else {
                    throw SegueError("save: '\(path)' exists", hint: "`save \(name) --force` replaces it, or choose another name")
                }
                guard confirm("\(path) exists: overwrite it? [y/N] ") else {
                    throw SegueError("save: '\(path)' kept as it was", hint: "choose another name")
                }
                asked = true
            }
            if !(asked && session.writePolicy == .interactive) { try session.checkWritable(path, what: "save") }
            let text = session.transcript(cells: range)
            try AtomicFile.write(text, to: path)
            session.noteWritten(path)
            session.status("saved \(text.split(separator: "\n").first?.dropFirst(17) ?? "") to \(path)")
            return nil
        })

    /// `FIRST-LAST` or `N`: cells by their prompt numbers.
    static func cellRange(_ text: String, count: Int) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(parts.count), let first = parts.first!, let last = parts.last!, first >= 1, first <= last else {
            throw SegueError("save: cells are FIRST-LAST or one number, got '\(text)'", hint: "e.g. `save part 3-12`")
        }
        guard last <= count else { throw SegueError("save: there are \(count) cells so far, not \(last)", hint: "e.g. `save part 1-\(count)`") }
        return first...last
    }

    static let echo = Command(
        "echo", topic: "sessions", usage: "echo TEXT",
        abstract: "print a line (for notes in session files)", checksOwnWords: true,
        run: { inv, session in
            session.print(inv.line.drop(while: { $0 == " " }).dropFirst(4).trimmingCharacters(in: .whitespaces))
            return nil
        })
}
