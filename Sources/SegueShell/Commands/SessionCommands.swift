import Foundation
import SegueCore

/// `run`, `save`, `echo`: session files and notes.
enum SessionCommands {
    static let all = [run, save, echo, quit]

    static let quit = Command(
        "quit", topic: "sessions", usage: "quit",
        abstract: "leave the shell (Ctrl-D does the same); the journal is retired as .segue/last-session.segue",
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
        "save", topic: "sessions", usage: "save NAME",
        abstract: "write this session's cells, with their outputs as #> lines, to Sessions/NAME.segue",
        completions: [.none],
        run: { inv, session in
            guard let name = inv.positional.first else { throw SegueError("save needs a name", hint: "e.g. `save my-experiment`") }
            let path = name.contains("/") ? name : "\(session.sessionsFolder)/\(name.hasSuffix(".segue") ? name : name + ".segue")"
            try AtomicFile.write(session.transcript(), to: path)
            session.status("saved \(session.cells.count) cells to \(path)")
            return nil
        })

    static let echo = Command(
        "echo", topic: "sessions", usage: "echo TEXT",
        abstract: "print a line (for notes in session files)", checksOwnWords: true,
        run: { inv, session in
            session.print(inv.line.drop(while: { $0 == " " }).dropFirst(4).trimmingCharacters(in: .whitespaces))
            return nil
        })
}
