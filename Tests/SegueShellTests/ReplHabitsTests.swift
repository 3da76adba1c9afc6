import Foundation
import XCTest
import SegueCore
@testable import SegueShell

/// The habits IPython and the Julia REPL teach: `?NAME`, `_`, `del`, `time`,
/// `\` continuation, and `show` of an agent with what it was made and trained with.
final class ReplHabitsTests: XCTestCase {
    var folder = ""
    var statusLines: [String] = []

    override func setUp() {
        folder = NSTemporaryDirectory() + "segue-repl-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        statusLines = []
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func session() throws -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        s.statusSink = { [unowned self] text, _ in statusLines.append(text) }
        try s.execute("world demo tracks=300 users=40 sessions=0 folder=\(folder)")
        try s.execute("env seed=1")
        return s
    }

    func testQuestionMarkAsksForHelpOrDescription() throws {
        let s = try session()
        try s.execute("?compare")
        XCTAssertTrue(s.cells.last!.output.first!.hasPrefix("usage: [NAME =] compare AGENT AGENT ..."), "\(s.cells.last!.output)")
        try s.execute("random-pool?")
        XCTAssertTrue(s.cells.last!.output.first!.hasPrefix("random-pool-v1 (episode-sampler, built-in)"), "\(s.cells.last!.output)")
    }

    func testUnderscoreIsTheLastValueAndDelForgetsValues() throws {
        let s = try session()
        try s.execute("compare random popularity episodes=3")
        try s.execute("plot compare _")
        XCTAssertTrue(s.cells.last!.output.first!.hasPrefix("mean return (95% CI) over 3 episodes"), "\(s.cells.last!.output)")
        XCTAssertFalse(s.valueOrder.contains("_"), "`vars` does not list `_`")
        try s.execute("del results env")
        XCTAssertEqual(s.valueOrder, ["world"])
        XCTAssertThrowsError(try s.execute("plot compare _"), "`_` went with the value it stood for")
        XCTAssertThrowsError(try s.execute("del wrld")) { XCTAssertTrue("\($0)".contains("did you mean 'world'"), "\($0)") }
    }

    func testTimeShowsWallTimeButRecordsOnlyTheCommand() throws {
        let s = try session()
        try s.execute("time rollout random episodes=2")
        XCTAssertEqual(s.cells.last!.input, "rollout random episodes=2")
        XCTAssertTrue(statusLines.contains { $0.hasPrefix("wall time ") && $0.hasSuffix(" s") }, "\(statusLines)")
        XCTAssertFalse(s.cells.last!.output.contains { $0.contains("wall time") })
    }

    func testBackslashContinuesACommandInASessionFile() throws {
        let s = try session()
        let file = folder + "/long.segue"
        try "compare random popularity \\\n    episodes=4 \\\n    start=2\n".write(toFile: file, atomically: true, encoding: .utf8)
        try ScriptRunner(session: s).run(file: file)
        XCTAssertEqual(s.cells.last!.input, "compare random popularity episodes=4 start=2")
        let joined = Array(ScriptRunner.joiningContinuations(["a \\", "b", "# c \\", "d"]))
        XCTAssertEqual(joined.map(\.0), [0, 2, 3])
        XCTAssertEqual(joined.map(\.1), ["a b", "# c \\", "d"])
    }

    func testShowAnAgentListsItsHyperparametersAndTraining() throws {
        let s = try session()
        try s.execute("a = agent ahdqn learning-starts=50")
        try s.execute("train a steps=120")
        try s.execute("show a")
        let text = s.cells.last!.output.joined(separator: "\n")
        XCTAssertTrue(text.contains("made as: agent ahdqn(learning-starts=50)"), text)
        XCTAssertTrue(text.contains("trained: 120 steps, 71 updates"), text)
        XCTAssertTrue(text.contains("    learning-starts  50"), text)
    }
}
