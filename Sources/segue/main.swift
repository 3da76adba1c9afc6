import Foundation
import SegueCore
import SegueShell
import SegueTensor

/// `segue`: the interactive shell at a terminal; `segue run FILE` and
/// `segue check FILE` for session files.
let usage = """
usage: segue [--numerics MODE] ...  (MODE: portable, the default: the same bits on every AVX2 machine; fast: this CPU's own BLAS kernel)
       segue                        open the shell on the demo world (runs Sessions/quickstart.segue when not at a terminal)
       segue run [--allow-plugins] FILE...    replay session files; exit 1 at the first error, naming FILE:LINE
       segue check [--allow-plugins] FILE...  replay and compare with the recorded #> output; exit 1 on a difference
       segue record [--allow-plugins] FILE... replay and rewrite the recorded #> output in place
       segue run FILE NAME=VALUE...           replay a file with its `#! param` parameters set
\(SweepCommandLine.usage)
       segue --version | --help
"""

var arguments = Array(CommandLine.arguments.dropFirst())
let allowPlugins = arguments.contains("--allow-plugins")
arguments.removeAll { $0 == "--allow-plugins" }
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
    let session = ShellSession()
    session.pluginsAllowed = true
    if isatty(0) != 0 && isatty(1) != 0 {
        let home = ProcessInfo.processInfo.environment["SEGUE_HOME"] ?? ".segue"
        Shell(session: session, interactive: true, home: home)
            .run(greeting: ["world demo", "env"])
    } else {
        let quickstart = "Sessions/quickstart.segue"
        print("segue: standard input is not a terminal; running \(quickstart)")
        do { try ScriptRunner(session: session).run(file: quickstart) } catch { fail("\(error)") }
    }
default:
    fail("unknown command '\(arguments[0])'\n\(usage)")
}
