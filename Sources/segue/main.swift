import Foundation
import SegueCore
import SegueShell
import SegueTensor

/// `segue`: the interactive shell at a terminal; `segue run FILE` and
/// `segue check FILE` for session files.
let usage = """
usage: segue                         open the shell on the demo world (at a terminal)
       segue [FLAGS] < COMMANDS     run commands from standard input (a pipe, a file) as a session file
       segue run [FLAGS] FILE...    replay session files; exit 1 at the first error, naming FILE:LINE
       segue check [FLAGS] FILE...  replay and compare with the recorded #> output; exit 1 on a difference
       segue record [FLAGS] FILE... replay and rewrite the recorded #> output in place
       segue --version | --help
FLAGS: --allow-plugins  let the commands load plugins (code), and write files anywhere
       --allow-writes   let the commands write files anywhere; without it they write relative paths
                        under the working folder only, never over a file Segue did not write
"""

var arguments = Array(CommandLine.arguments.dropFirst())
let allowPlugins = arguments.contains("--allow-plugins")
let allowWrites = allowPlugins || arguments.contains("--allow-writes")
arguments.removeAll { $0 == "--allow-plugins" || $0 == "--allow-writes" }
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
    session.notesWrites = true
    session.writePolicy = allowWrites ? .unrestricted : .confined(root: FileManager.default.currentDirectoryPath)
    return session
}

switch arguments.first {
case "--version":
    print("segue \(Segue.version)")
case "--help", "-h", "help":
    print(usage)
case "run":
    let files = Array(arguments.dropFirst())
    guard !files.isEmpty else { fail("run needs a session file\n\(usage)") }
    let session = newSession()
    do {
        for file in files { try ScriptRunner(session: session).run(file: file) }
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
