import Foundation
import XCTest
import SegueCore
import SegueTensor
@testable import SegueShell

/// Commands run through a session: values, errors that keep state, session files.
final class ShellSessionTests: XCTestCase {
    var folder = ""

    override func setUp() {
        folder = NSTemporaryDirectory() + "segue-shell-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func session() -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        s.sessionsFolder = folder
        return s
    }

    func smallWorld(_ s: ShellSession) throws {
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("env episodes=random-pool(size=20) seed=3")
    }

    func message(_ s: ShellSession, _ line: String) -> String {
        do { try s.execute(line); return "no error" } catch { return "\(error)" }
    }

    func testErrorsAreClearAndKeepAllState() throws {
        let s = session()
        try smallWorld(s)
        XCTAssertTrue(message(s, "compair random").contains("unknown command 'compair' — did you mean 'compare'?"))
        XCTAssertTrue(message(s, "env episodes=random-pool(sise=20)").contains("did you mean 'size'"))
        XCTAssertTrue(message(s, "env epsiodes=random-pool").contains("did you mean 'episodes'"))
        XCTAssertTrue(message(s, "agent greedy model=nothing").contains("unknown user-model 'nothing'"))
        XCTAssertTrue(message(s, "rollout random env=nope").contains("no value named 'nope'"))
        XCTAssertTrue(message(s, "run missing.segue").contains("cannot read session file 'missing.segue'"))
        XCTAssertTrue(message(s, "x = vars").contains("makes no value"))
        XCTAssertEqual(s.valueOrder, ["world", "env"])
        XCTAssertEqual(message(s, "rollout random episodes=5"), "no error")
        XCTAssertTrue(s.cells.filter(\.failed).allSatisfy { $0.output.last!.hasPrefix("error: ") })
    }

    func testNamedValuesAndDefaults() throws {
        let s = session()
        XCTAssertTrue(message(s, "env").contains("no world yet"))
        try s.execute("w = world demo tracks=300 users=40 sessions=0")
        try s.execute("env")   // a named world is the current world (issue 17)
        XCTAssertTrue(try s.environment(nil).world === s.world("w"))
        try s.execute("e = env world=w episodes=random-pool(size=10)")
        try s.execute("g = agent greedy env=e")
        try s.execute("compare g random env=e episodes=20")
        XCTAssertEqual(s.valueOrder, ["w", "env", "e", "g", "results"])
        guard case .evaluation(let evaluation)? = s.values["results"] else { return XCTFail("no results") }
        XCTAssertGreaterThan(evaluation.entries[0].estimate.mean, evaluation.entries[1].estimate.mean)
    }

    /// `compare csv= jsonl=` writes the same episodes both ways, every play's outcome in the JSON lines.
    func testCompareExportsCSVAndJSONLines() throws {
        let s = session()
        try smallWorld(s)
        try s.execute("compare greedy random episodes=7 csv=\(folder)/out/r.csv jsonl=\(folder)/out/r.jsonl")
        guard case .evaluation(let evaluation)? = s.values["results"] else { return XCTFail("no results") }
        let csv = try String(contentsOfFile: "\(folder)/out/r.csv", encoding: .utf8).split(separator: "\n")
        let lines = try String(contentsOfFile: "\(folder)/out/r.jsonl", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 1 + 14)
        XCTAssertEqual(lines.count, 14)
        for (i, line) in lines.enumerated() {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let result = evaluation.entries[i / 7].results[i % 7]
            XCTAssertEqual(row["policy"] as? String, evaluation.entries[i / 7].name)
            XCTAssertEqual(row["episode"] as? Int, result.episode)
            XCTAssertEqual(row["return"] as? Double, result.totalReward)
            XCTAssertEqual(row["outcomes"] as? [Int], result.outcomes.map { $0 ? 1 : 0 })
            XCTAssertTrue(csv[1 + i].hasPrefix("\(evaluation.entries[i / 7].name),\(result.episode),"))
        }
    }

    /// `train`, `checkpoint` and `resume` without env= stay in the agent's own environment.
    func testTrainingCommandsKeepTheAgentsEnvironment() throws {
        let s = session()
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("sim = env episodes=random-pool(size=20) seed=3")
        XCTAssertTrue(message(s, "rollout random").contains("no environment named 'env' (name one with env=: sim)"))
        try s.execute("a = agent ppg env=sim rollout=64 minibatch=32 phases=1 aux-epochs=1")
        try s.execute("train a env=sim steps=100")
        try s.execute("checkpoint a \(folder)/a.safetensors")
        try s.execute("train a steps=50")
        XCTAssertTrue(s.cells.last!.output.joined().contains("a: 50 steps (150 in all)"), "\(s.cells.last!.output)")
        try s.execute("resume a \(folder)/a.safetensors")
        XCTAssertTrue(s.cells.last!.output.joined().contains("resumed a at step 100"), "\(s.cells.last!.output)")
    }

    /// `train envs=N` steps N replicas; a run keeps its count; `resume` takes
    /// the count from the checkpoint, also into a fresh agent.
    func testBatchedTrainingFromTheShell() throws {
        let s = session()
        try smallWorld(s)
        try s.execute("a = agent ahdqn learning-starts=50")
        try s.execute("train a envs=3 steps=300 checkpoint=\(folder)/a.safetensors")
        XCTAssertTrue(s.cells.last!.output.joined().contains("a: 300 steps (300 in all)"), "\(s.cells.last!.output)")
        XCTAssertTrue(message(s, "train a envs=2 steps=10").contains("a's training run steps 3 environments in turn; it keeps that count"))
        try s.execute("b = agent ahdqn learning-starts=50")
        XCTAssertTrue(message(s, "resume b \(folder)/a.safetensors envs=2").contains("resume with envs=3"))
        try s.execute("resume b \(folder)/a.safetensors")
        XCTAssertTrue(s.cells.last!.output.joined().contains("resumed b at step 300"), "\(s.cells.last!.output)")
        try s.execute("train b steps=30")
        XCTAssertTrue(s.cells.last!.output.joined().contains("b: 30 steps (330 in all)"), "\(s.cells.last!.output)")
    }

    func testDescribeAndListComeFromTheRegistry() throws {
        let s = session()
        try s.execute("describe random-pool")
        XCTAssertTrue(s.cells.last!.output.joined().contains("size  int = 50 in 1...1000000"))
        try s.execute("list termination")
        XCTAssertTrue(s.cells.last!.output.contains { $0.contains("consecutive-skips-v1") })
        XCTAssertTrue(message(s, "list agnets").contains("did you mean 'agent'"))
    }

    func testSavedSessionsReplayAndCheck() throws {
        let s = session()
        try smallWorld(s)
        try s.execute("rollout random episodes=10")
        try s.execute("save demo-run")
        let file = "\(folder)/demo-run.segue"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.contains("rollout random episodes=10\n#> random: 10 episodes"))

        XCTAssertEqual(try SessionCheck(session: session()).check(file: file).differences, [])
        // A deliberately altered recorded output fails, with a diff naming the line.
        let altered = text.replacingOccurrences(of: "#> random: 10 episodes, return ", with: "#> random: 10 episodes, return 9")
        try altered.write(toFile: file, atomically: true, encoding: .utf8)
        let differences = try SessionCheck(session: session()).check(file: file).differences
        XCTAssertEqual(differences.count, 1)
        XCTAssertTrue(differences[0].contains("demo-run.segue:"), differences[0])
        XCTAssertTrue(differences[0].contains(" - random: 10 episodes, return 9"), differences[0])
    }

    func testCheckSaysHowTheFileWasMadeAndShowsOnlyTheFirstDifference() throws {
        let file = "\(folder)/two.segue"
        try "world demo tracks=300 users=40 sessions=0\nenv seed=1\nrollout random episodes=5\nrollout random episodes=6\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let recorded = try SessionCheck(session: session()).record(file: file)
        XCTAssertTrue(recorded.hasPrefix(Numerics.headerLine + "\n"), recorded)
        try recorded.write(toFile: file, atomically: true, encoding: .utf8)
        let clean = try SessionCheck(session: session()).check(file: file)
        XCTAssertTrue(clean.passed)
        XCTAssertNil(clean.note, "a file recorded by this process's numerics needs no note")

        // Another mode in the header, and both rollouts altered: one note line, the
        // first difference in full, the second named by its line only.
        let other: NumericMode = Numerics.mode == .portable ? .fast : .portable
        let altered = recorded
            .replacingOccurrences(of: "#! numerics \(Numerics.mode)", with: "#! numerics \(other)")
            .replacingOccurrences(of: "episodes, return ", with: "episodes, return 9")
        try altered.write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try SessionCheck(session: session()).check(file: file)
        let lines = recorded.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.firstIndex(of: "rollout random episodes=5")! + 1
        let second = lines.firstIndex(of: "rollout random episodes=6")! + 1
        XCTAssertEqual(outcome.places, ["\(file):\(first)", "\(file):\(second)"])
        let report = outcome.report
        XCTAssertEqual(report.count, 3, report.joined(separator: "\n"))
        XCTAssertTrue(report[0].hasPrefix("note: \(file) was recorded in \(other) numerics"), report[0])
        XCTAssertTrue(report[0].contains("SEGUE_NUMERICS=\(other)"), report[0])
        XCTAssertTrue(report[1].hasPrefix("\(file):\(first): output of `rollout random episodes=5` differs"), report[1])
        XCTAssertEqual(report[2], "   and 1 later cell differs (line \(second))")

        // No header at all: the note says so and how to add one.
        try altered.split(separator: "\n").dropFirst().joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertTrue(try SessionCheck(session: session()).check(file: file).note?.contains("no '#! numerics' line") ?? false)
    }

    func testScriptErrorsNameFileAndLine() throws {
        let file = "\(folder)/bad.segue"
        try "# a comment\nworld demo tracks=300 users=40 sessions=0\n\nenv episodes=nope\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ScriptRunner(session: session()).run(file: file)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(file):4: unknown episode-sampler 'nope'"), "\(error)")
        }
    }

    func testRecordRewritesOutputsAndKeepsComments() throws {
        let file = "\(folder)/r.segue"
        try "# keep me\nworld demo tracks=300 users=40 sessions=0\n#> stale output\n".write(toFile: file, atomically: true, encoding: .utf8)
        let text = try SessionCheck(session: session()).record(file: file)
        XCTAssertTrue(text.hasPrefix("\(Numerics.headerLine)\n# keep me\nworld demo tracks=300 users=40 sessions=0\n#> world: world 'demo': 300 tracks"), text)
        XCTAssertFalse(text.contains("stale"))
    }
}
