import Foundation
import XCTest
import SegueCore
@testable import SegueShell

/// `validate`, `plot` of a validation and `sim-report`, driven through a session.
final class ValidationCommandTests: XCTestCase {
    func session() throws -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("online = env episodes=random-pool(size=20) seed=3")
        // A crude "simulator": the same listeners, but sessions cut at 5 plays.
        try s.execute("short = env episodes=random-pool(size=20) end=max-length(length=5) seed=3")
        try s.execute("g = agent greedy env=online")
        return s
    }

    func message(_ s: ShellSession, _ line: String) -> String {
        do { try s.execute(line); return "no error" } catch { return "\(error)" }
    }

    func testValidatePrintsReturnsRanksCorrelationsAndAScatter() throws {
        let s = try session()
        try s.execute("v = validate random popularity g offline=short online=online episodes=40 resamples=50")
        let text = s.cells.last!.output.joined(separator: "\n")
        XCTAssertTrue(text.contains("policy      online (95% CI)  rank  short (95% CI)  rank"), text)
        XCTAssertTrue(text.contains("Pearson r  Spearman ρ  Kendall τ  τ 95% interval  pairs in order  bias    regret@1"), text)
        XCTAssertTrue(text.contains("mean return, offline in short vs online in online"), text)
        XCTAssertTrue(text.contains("v: 3 policies over 40 episodes, online in online, offline in short"), text)
        guard case .validation(let v)? = s.values["v"] else { return XCTFail("no validation value") }
        // The oracle leads online, and the same episodes were played in both worlds.
        XCTAssertEqual(v.estimates(in: v.online).map(\.mean).firstIndex(of: v.estimates(in: v.online).map(\.mean).max()!), 2)
        XCTAssertEqual(v.online.evaluation.entries[0].results.map(\.episode), v.offline[0].evaluation.entries[0].results.map(\.episode))
        XCTAssertTrue(v.offline[0].evaluation.entries.allSatisfy { $0.results.allSatisfy { $0.length <= 5 } })
        // regret@1: the online best's return minus that of the simulator's first choice.
        let online = v.estimates(in: v.online).map(\.mean), offline = v.estimates(in: v.offline[0]).map(\.mean)
        let regret = v.regretAtOne(v.offline[0])
        XCTAssertEqual(regret.loss, online.max()! - online[offline.firstIndex(of: offline.max()!)!], accuracy: 1e-12)
        XCTAssertEqual(regret.share, regret.loss / online.max()!, accuracy: 1e-12)
        XCTAssertTrue(text.contains(String(format: "%.3f (%.1f%%)", regret.loss, 100 * regret.share)), text)

        try s.execute("plot v")
        XCTAssertTrue(s.cells.last!.output.contains { $0.contains("· y = x") })
        XCTAssertTrue(s.cells.last!.output.contains { $0.hasSuffix("c g           x \(String(format: "%.3f", v.estimates(in: v.offline[0])[2].mean))  y \(String(format: "%.3f", v.estimates(in: v.online)[2].mean))") })
        XCTAssertTrue(message(s, "plot v offline=online").contains("'v' has no simulator 'online'"))
    }

    /// A reference policy (the oracle) is played in every world and listed,
    /// but left out of the correlations and of the choice; regret@1's share
    /// is then of its online return.
    func testAReferencePolicyIsPlayedButNotRankedAndScalesRegret() throws {
        let s = try session()
        try s.execute("w = validate random popularity cosine reference=g offline=short online=online episodes=40 resamples=50")
        let text = s.cells.last!.output.joined(separator: "\n")
        guard case .validation(let v)? = s.values["w"] else { return XCTFail("no validation value") }
        XCTAssertEqual(v.policies, ["random", "popularity", "cosine", "g"])
        XCTAssertEqual(v.reference, 3)
        XCTAssertEqual(v.candidates, [0, 1, 2])
        XCTAssertTrue(text.contains("over 3 policies, 40 episodes each (g, the reference, left out)"), text)
        XCTAssertTrue(s.cells.last!.output.contains { $0.hasPrefix("g (reference)") && $0.contains(" — ") }, text)
        // The agreement is the one of the three candidates alone.
        try s.execute("validate random popularity cosine offline=short online=online episodes=40 resamples=50")
        let plain = s.cells.last!.output
        XCTAssertTrue(plain.contains { $0.hasPrefix("short ") && text.contains($0.prefix(60)) }, plain.joined(separator: "\n"))
        let online = v.estimates(in: v.online).map(\.mean), offline = v.estimates(in: v.offline[0]).map(\.mean)
        let chosen = (0..<3).max { offline[$0] < offline[$1] }!
        let regret = v.regretAtOne(v.offline[0])
        XCTAssertEqual(regret.loss, online[0..<3].max()! - online[chosen], accuracy: 1e-12)
        XCTAssertEqual(regret.share, regret.loss / online[3], accuracy: 1e-12)
        XCTAssertTrue(message(s, "validate random popularity g reference=g offline=short online=online").contains("policy 'g' is named twice"))
    }

    func testValidateIsReproducibleAndWritesCSV() throws {
        let folder = NSTemporaryDirectory() + "segue-validate-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let s = try session()
        try s.execute("validate random popularity g offline=short online=online episodes=20 start=7 resamples=30 csv=\(folder)/v.csv")
        let first = s.cells.last!.output
        try s.execute("validate random popularity g offline=short online=online episodes=20 start=7 resamples=30")
        XCTAssertEqual(s.cells.last!.output, first.filter { !$0.hasPrefix("wrote ") })
        let csv = try String(contentsOfFile: "\(folder)/v.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.first, "world,policy,episode,return,length,listens,end")
        XCTAssertEqual(csv.count, 1 + 2 * 3 * 20)
        XCTAssertTrue(csv[1].hasPrefix("online,random,7,"), String(csv[1]))
    }

    func testValidateErrorsSayWhatToDo() throws {
        let s = try session()
        XCTAssertTrue(message(s, "validate random popularity offline=short online=online")
            .contains("validate needs at least 3 policies to correlate, got 2"))
        XCTAssertTrue(message(s, "validate random popularity g online=online").contains("validate needs offline=ENV and online=ENV"))
        XCTAssertTrue(message(s, "validate random popularity g offline=shrt online=online").contains("no value named 'shrt' — did you mean 'short'?"))
        XCTAssertTrue(message(s, "validate random popularity g offline=online online=online").contains("'online' is both offline and online"))
        XCTAssertTrue(message(s, "validate random popularity g offline=g online=online").contains("'g' is an agent, not an environment"))
        XCTAssertTrue(message(s, "validate random random g offline=short online=online").contains("policy 'random' is named twice"))
        try s.execute("other = env episodes=random-pool(size=20) seed=4")
        XCTAssertTrue(message(s, "validate random popularity g offline=other online=online").contains("draw different episodes"))
        XCTAssertEqual(s.valueOrder, ["world", "online", "short", "g", "other"], "errors keep every value")
    }

    func testSimReportReplaysHeldOutLogs() throws {
        let folder = NSTemporaryDirectory() + "segue-sim-report-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let s = ShellSession()
        s.sink = { _ in }
        try s.execute("world demo tracks=300 users=40 sessions=400 folder=\(folder)")
        try s.execute("env seed=2")
        try s.execute("sim-report env part=all")
        let text = s.cells.last!.output.joined(separator: "\n")
        XCTAssertTrue(text.hasPrefix("env: 400 held-out sessions (all sessions) replayed free-running"), text)
        XCTAssertTrue(text.contains("position  plays  skip logged  skip sim  ends logged  ends sim"), text)
        XCTAssertTrue(text.contains("listen (completion) rate by context type:"), text)
        XCTAssertTrue(message(s, "sim-report env part=some").contains("sim-report: option 'part' expects one of test, validation, train, all, got \"some\""))
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("env seed=2")
        XCTAssertTrue(message(s, "sim-report env").contains("has no session logs"))
    }
}
