import Foundation
import SegueCore
import SegueShell
import SegueTensor

/// `segue`: the interactive shell at a terminal; `segue run FILE` and
/// `segue check FILE` for session files.
let usage = """
usage: segue                        open the shell on the demo world (runs Sessions/quickstart.segue when not at a terminal)
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
// One BLAS thread: as fast as two for Segue's small products here, and the
// same bits on every run (the thread count changes summation order).
BLAS.setThreadCount(1)

func fail(_ message: String) -> Never {
    fflush(stdout)
    FileHandle.standardError.write(Data("segue: \(message)\n".utf8))
    exit(1)
}

func newSession() -> ShellSession {
    let session = ShellSession()
    session.pluginsAllowed = allowPlugins
    return session
}

switch arguments.first {
case "--version":
    print("segue \(Segue.version)")
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
            let differences = try SessionCheck(session: session).check(file: file)
            if differences.isEmpty {
                print("ok   \(file) (\(session.cells.count) cells)")
            } else {
                failures += 1
                print("FAIL \(file)")
                differences.forEach { print($0) }
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
