import Foundation
import XCTest
import SegueTensor
import SegueCore
@testable import SegueShell

/// What `save` writes is what `check` replays; interrupt markers; journals
/// and restore plans; where session files may write.
final class NotebookTests: XCTestCase {
    var folder = ""

    override func setUp() {
        folder = NSTemporaryDirectory() + "segue-notebook-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        SegueHome.override = folder + "/home"
    }

    override func tearDown() {
        SegueHome.override = nil
        try? FileManager.default.removeItem(atPath: folder)
    }

    func session() -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        s.statusSink = { _, _ in }
        s.sessionsFolder = folder
        return s
    }

    func message(_ s: ShellSession, _ line: String) -> String {
        do { try s.execute(line); return "no error" } catch { return "\(error)" }
    }

    // MARK: - save and check

    /// A training run stopped by "Ctrl-C" at its 301st check (300 steps) is
    /// saved with its marker; the saved file checks, and its replay trains
    /// exactly 300 steps. Failed cells are commented out, earlier saves left out.
    func testAnInterruptedRunIsSavedAsWhatRanAndChecks() throws {
        let s = session()
        var checks = 0
        s.interruptRequested = { checks += 1; return checks > 300 }
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("e = env episodes=random-pool(size=20) seed=3")
        try s.execute("a = agent ahdqn env=e learning-starts=50")
        try s.execute("train a env=e steps=100000 every=100")
        XCTAssertEqual(s.cells.last!.interruptedAt, 301)
        XCTAssertTrue(s.cells.last!.output.contains { $0.hasPrefix("step 300/100000 ") }, "\(s.cells.last!.output)")
        s.interruptRequested = { false }
        XCTAssertTrue(message(s, "clear").contains("unknown command 'clear'"))
        try s.execute("save first")
        try s.execute("compare a random env=e episodes=5")
        XCTAssertTrue(message(s, "save first").contains("'\(folder)/first.segue' exists"))
        try s.execute("save first --force")
        let text = try String(contentsOfFile: "\(folder)/first.segue", encoding: .utf8)
        XCTAssertTrue(text.contains("train a env=e steps=100000 every=100  #! interrupt 301\n#> step 100/100000"), text)
        XCTAssertTrue(text.contains("#> a: 300 steps (300 in all)"), text)
        XCTAssertTrue(text.contains("# failed, not replayed: clear\n#   error: unknown command 'clear'"), text)
        XCTAssertFalse(text.contains("\nsave "), text)
        XCTAssertTrue(text.hasPrefix(Numerics.headerLine + "\n# Segue session, 5 cells (1 failed, commented out)"), text)

        let replay = session()
        XCTAssertEqual(try SessionCheck(session: replay).check(file: "\(folder)/first.segue").differences, [])
        XCTAssertTrue(replay.cells[3].output.contains { $0.hasPrefix("a: 300 steps (300 in all)") }, "\(replay.cells[3].output)")
    }

    /// On screen a plot follows the terminal (width, colour); in the cell it
    /// is the fixed session-file style, without escapes.
    func testCellsKeepTheSessionFileStyleWhateverTheTerminalShows() throws {
        let s = session()
        var shown: [String] = []
        s.sink = { shown.append($0) }
        s.isInteractive = true
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("env episodes=random-pool(size=20) seed=3")
        try s.execute("compare random popularity episodes=5")
        try s.execute("plot compare")
        let recorded = s.cells.last!.output
        s.isInteractive = false
        try s.execute("plot compare")
        XCTAssertEqual(recorded, s.cells.last!.output)
        XCTAssertFalse(recorded.joined().contains("\u{1B}"))
        XCTAssertEqual(Replay.plain("\u{1B}[1;36mtraining\u{1B}[0m returns"), "training returns")
    }

    func testSaveTakesARangeOfCells() throws {
        let s = session()
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("env episodes=random-pool(size=20) seed=3")
        try s.execute("rollout random episodes=3")
        try s.execute("vars")
        try s.execute("save part 2-3")
        let text = try String(contentsOfFile: "\(folder)/part.segue", encoding: .utf8)
        XCTAssertTrue(text.hasPrefix(Numerics.headerLine + "\n# Segue session, 2 cells\n\nenv episodes=random-pool(size=20) seed=3\n"), text)
        XCTAssertTrue(text.contains("rollout random episodes=3\n#> random: 3 episodes"), text)
        XCTAssertFalse(text.contains("vars"), text)
        XCTAssertTrue(message(s, "save part2 3-9").contains("there are 5 cells so far, not 9"))
        XCTAssertTrue(message(s, "save part2 4-2").contains("cells are FIRST-LAST or one number, got '4-2'"))
    }

    /// At the terminal an existing file is replaced only after a yes.
    func testSaveAsksBeforeOverwriting() throws {
        let s = session()
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try "keep me\n".write(toFile: "\(folder)/notes.segue", atomically: true, encoding: .utf8)
        var questions: [String] = []
        var answer = false
        s.confirm = { questions.append($0); return answer }
        XCTAssertTrue(message(s, "save notes").contains("kept as it was"))
        XCTAssertEqual(try String(contentsOfFile: "\(folder)/notes.segue", encoding: .utf8), "keep me\n")
        XCTAssertEqual(questions, ["\(folder)/notes.segue exists: overwrite it? [y/N] "])
        answer = true
        try s.execute("save notes")
        XCTAssertTrue(try String(contentsOfFile: "\(folder)/notes.segue", encoding: .utf8).hasPrefix(Numerics.headerLine + "\n# Segue session, 1 cells"))
    }

    /// The shell writes anywhere, but asks before overwriting a file Segue did not write.
    func testTheShellAsksBeforeOverwritingAFileSegueDidNotWrite() throws {
        let s = session()
        s.writePolicy = .interactive
        s.notesWrites = true
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("env episodes=random-pool(size=20) seed=3")
        let file = "\(folder)/mine.csv"
        try "mine\n".write(toFile: file, atomically: true, encoding: .utf8)
        var questions = 0
        var answer = false
        s.confirm = { _ in questions += 1; return answer }
        XCTAssertTrue(message(s, "compare random episodes=2 csv=\(file)").contains("compare csv=: '\(file)' not overwritten"))
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "mine\n")
        answer = true
        try s.execute("compare random episodes=2 csv=\(file)")
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("policy,"))
        try s.execute("compare random episodes=2 csv=\(file)")
        XCTAssertEqual(questions, 2, "a file Segue wrote is overwritten without a question")
        try s.execute("compare random episodes=2 csv=\(folder)/new/r.csv")
        XCTAssertEqual(questions, 2)
    }

    // MARK: - journals and restore

    func testJournalOutcomesDecideWhatARestoreReplays() {
        let text = """
        # Segue journal of /x: commands of the running session, each written before it runs
        world demo
        #= ok
        clear
        #= failed
        train a steps=200000
        #= interrupt 30007
        save first
        #= ok
        save-model m models/m.safetensors
        #= ok
        compare a random
        """
        let entries = Journal.entries(text)
        XCTAssertEqual(entries.map(\.outcome), [.finished, .failed, .interrupted(30007), .finished, .finished, .running])
        let own = RestorePlan(entries, own: true)
        XCTAssertEqual(own.replay, ["world demo", "train a steps=200000  #! interrupt 30007"])
        XCTAssertEqual(own.skipped.map(\.reason), ["failed", "writes a file, which is already there",
                                                   "writes a file, which is already there", "was running when the session ended"])
        XCTAssertEqual(own.prefix(1).replay, ["world demo"])
        let foreign = RestorePlan(Journal.entries("echo hi\nplugin load Plugins/X\nsave x\ncompare random csv=/tmp/a.csv\n"), own: false)
        XCTAssertEqual(foreign.replay.count, 4)
        XCTAssertEqual(foreign.effects, ["loads or writes plugin code: plugin load Plugins/X", "writes a file: save x",
                                         "writes a file: compare random csv=/tmp/a.csv"])
    }

    func testReplayMarkersParse() {
        XCTAssertEqual(Replay.parse("train a steps=9  #! interrupt 12").interruptAt, 12)
        XCTAssertEqual(Replay.parse("train a steps=9  #! interrupt 12").line, "train a steps=9")
        XCTAssertNil(Replay.parse("train a steps=9").interruptAt)
        XCTAssertNil(Replay.parse("#! interrupt 12").interruptAt)
    }

    // MARK: - where session files write

    func testConfinedWritesStayUnderTheirFolder() throws {
        let policy = WritePolicy.confined(root: folder)
        func refusal(_ path: String) -> String {
            do { try policy.check(path, what: "save", ask: nil); return "allowed" } catch { return "\(error)" }
        }
        XCTAssertEqual(refusal("out/new.csv"), "allowed")
        XCTAssertTrue(refusal("/tmp/evil").contains("by relative paths"), refusal("/tmp/evil"))
        XCTAssertTrue(refusal("out/../../evil").contains("'..' leads out of"))
        try FileManager.default.createSymbolicLink(atPath: "\(folder)/link", withDestinationPath: NSTemporaryDirectory())
        XCTAssertTrue(refusal("link/evil").contains("a link leads out of"), refusal("link/evil"))
        try "mine\n".write(toFile: "\(folder)/mine.txt", atomically: true, encoding: .utf8)
        XCTAssertTrue(refusal("mine.txt").contains("it exists and Segue did not write it"))
        XCTAssertTrue(refusal("mine.txt").contains("--allow-writes"))
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(folder)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        WrittenFiles.add("mine.txt")
        XCTAssertEqual(refusal("mine.txt"), "allowed")
    }
}
