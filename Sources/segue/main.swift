import Foundation
import SegueCore
import SegueShell
import SegueTensor

/// `segue`: the interactive shell at a terminal; `segue run FILE` and
/// `segue check FILE` for session files.
let usage = """
usage: segue                         open the shell on the demo world (at a terminal)
       segue [FLAGS] < COMMANDS     run commands from standard input (a pipe, a file) as a session file
       segue run [FLAGS] FILE... [NAME=VALUE...]
                                    replay session files (their `#! param`s set); exit 1 at the first error, FILE:LINE
       segue check [FLAGS] FILE...  replay and compare with the recorded #> output; exit 1 on a difference
       segue record [FLAGS] FILE... replay and rewrite the recorded #> output in place
\(SweepCommandLine.usage)
       segue --version | --help
FLAGS: --numerics MODE  portable (the default: the same bits on every AVX2 machine) or fast (this CPU's
                        own BLAS kernel; also SEGUE_NUMERICS=MODE)
       --allow-plugins  let the commands load plugins (code), and write files anywhere
       --allow-writes   let the commands write files anywhere; without it they write relative paths
                        under the working folder only, never over a file Segue did not write
"""

var arguments = Array(CommandLine.arguments.dropFirst())
let allowPlugins = arguments.contains("--allow-plugins")
let allowWrites = allowPlugins || arguments.contains("--allow-writes")
arguments.removeAll { $0 == "--allow-plugins" || $0 == "--allow-writes" }
setvbuf(stdout, nil, _IOLBF, 0)

func fail(_ message: String) -> Never {
    fflush(stdout)
    FileHandle.standardError.write(Data("segue: \(message)\n".utf8))
    exit(1)
}

// The numeric mode, settled before anything computes: `--numerics MODE` or
// SEGUE_NUMERICS (see NumericMode); OpenBLAS loads with it on first use.
do {
    if let index = arguments.firstIndex(of: "--numerics") {
        guard index + 1 < arguments.count else { fail("--numerics needs a mode: portable or fast") }
        let mode = try NumericMode(parsing: arguments[index + 1], source: "--numerics")
        try Numerics.request(mode)
        arguments.removeSubrange(index...(index + 1))
        // Child processes (a sweep's tasks) compute in the same mode.
        setenv(NumericMode.environmentVariable, mode.rawValue, 1)
    } else if let mode = try Numerics.environmentMode() {
        try Numerics.request(mode)
    }
} catch {
    fail("\(error)")
}

func newSession() -> ShellSession {
    let session = ShellSession()
    session.pluginsAllowed = allowPlugins
    session.notesWrites = true
    session.writePolicy = allowWrites ? .unrestricted : .confined(root: FileManager.default.currentDirectoryPath)
    return session
}

switch arguments.first {
case "--version":
    print("segue \(Segue.version)")
    print("numerics \(Numerics.summary)")
case "--help", "-h", "help":
    print(usage)
case "run":
    // NAME=VALUE words set the files' `#! param` parameters.
    let files = arguments.dropFirst().filter { !$0.contains("=") }
    let assignments = arguments.dropFirst().filter { $0.contains("=") }
    guard !files.isEmpty else { fail("run needs a session file\n\(usage)") }
    let session = newSession()
    do {
        for file in files { try ScriptRunner(session: session, assignments: assignments).run(file: file) }
    } catch {
        fail("\(error)")
    }
case "check":
    let files = Array(arguments.dropFirst())
    guard !files.isEmpty else { fail("check needs a session file\n\(usage)") }
    var failures = 0
    for file in files {
        let session = newSession()
        session.sink = { _ in }
        session.statusSink = { _, _ in }
        do {
            let outcome = try SessionCheck(session: session).check(file: file)
            if outcome.passed {
                print("ok   \(file) (\(session.cells.count) cells)")
                outcome.note.map { print("     \($0)") }
            } else {
                failures += 1
                print("FAIL \(file)")
                outcome.report.forEach { print($0) }
            }
        } catch {
            failures += 1
            print("FAIL \(file): \(error)")
        }
    }
    print("\(files.count - failures) passed, \(failures) failed")
    exit(failures == 0 ? 0 : 1)
case "record":
    let files = Array(arguments.dropFirst())
    guard !files.isEmpty else { fail("record needs a session file\n\(usage)") }
    for file in files {
        let session = newSession()
        session.sink = { _ in }
        session.statusSink = { _, _ in }
        do {
            let text = try SessionCheck(session: session).record(file: file)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            print("recorded \(file) (\(session.cells.count) cells)")
        } catch {
            fail("\(error)")
        }
    }
case "sweep":
    exit(SweepCommandLine.sweep(Array(arguments.dropFirst()), pluginsAllowed: allowPlugins))
case "sweep-task":
    exit(SweepCommandLine.task(Array(arguments.dropFirst()), pluginsAllowed: allowPlugins))
case nil:
    if isatty(0) != 0 && isatty(1) != 0 {
        let session = ShellSession()
        session.pluginsAllowed = true
        session.notesWrites = true
        Shell(session: session, home: SegueHome.path).run(greeting: ["world demo", "env"])
    } else {
        // Commands from standard input (`segue < commands.txt`, a pipe), run as a session file.
        let session = newSession()
        let lines = AnyIterator { readLine(strippingNewline: true) }
        do { try ScriptRunner(session: session).run(lines: IteratorSequence(lines), source: "<stdin>") } catch { fail("\(error)") }
    }
default:
    fail("unknown command '\(arguments[0])'\n\(usage)")
}
