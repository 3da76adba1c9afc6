import Foundation
import XCTest
import SegueCore
import SegueComponents
@testable import SegueShell

/// List values in recipe parameters, trackers told when a run ends, `plugin
/// check` of a tracker writing nowhere it would in use, and `agent greedy
/// model=M` without an environment.
final class RecipeListsAndTrackerLifecycleTests: XCTestCase {
    /// Counts runs and episodes; writes `folder/runs.txt` at each run's end.
    final class RunCounter: EpisodeTracker {
        let folder: String
        var episodes = 0, runs = 0
        init(folder: String) { self.folder = folder }
        func record(_ step: StepRecord) {}
        func episodeEnded(_ episode: Episode, session: SessionState) { episodes += 1 }
        func runEnded() {
            runs += 1
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try? "\(runs) runs, \(episodes) episodes\n".write(toFile: "\(folder)/runs.txt", atomically: true, encoding: .utf8)
        }
        static let descriptor = ComponentDescriptor(
            kind: .tracker, name: "run-counter", summary: "counts runs (a test tracker)",
            parameters: [.string("folder", "run-counter-out", "where runs.txt goes")],
            make: { p, _ in RunCounter(folder: p.string("folder")) })
    }

    func session() throws -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        try s.execute("world demo tracks=300 users=40 sessions=0")
        return s
    }

    func testListValuesInRecipeParametersQuotedOrBare() throws {
        let s = try session()
        for line in ["env end=abandonment(hazard=\"0.02,0.08,0.2\"),max-length seed=2",
                     "env end=abandonment(hazard=0.02,0.08,0.2),max-length seed=2"] {
            try s.execute(line)
            guard case .environment(let env)? = s.values["env"] else { return XCTFail("no env") }
            XCTAssertEqual((env.terminations[0] as? AbandonmentRule)?.curve.hazard, [0.02, 0.08, 0.2], line)
            XCTAssertEqual(env.terminations.count, 2, line)
            XCTAssertEqual(try ComponentSpec.parse(env.recipe!.terminations[0].description), env.recipe!.terminations[0],
                           "the description parses back to the same spec")
        }
        XCTAssertEqual(try ComponentSpec.parse("a(x='1,2', y=3)").parameters, ["x": "1,2", "y": "3"])
        XCTAssertThrowsError(try ComponentSpec.parse("a(1,2)"))
    }

    func testTrackersAreToldWhenARunEnds() throws {
        let s = try session()
        try s.execute("env episodes=random-pool(size=20) seed=2")
        guard case .environment(let env)? = s.values["env"] else { return XCTFail("no env") }
        let counter = RunCounter(folder: NSTemporaryDirectory() + "segue-runs-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(atPath: counter.folder) }
        env.addTracker(counter)
        try s.execute("rollout random episodes=3")
        XCTAssertEqual(counter.runs, 1)
        XCTAssertEqual(try String(contentsOfFile: "\(counter.folder)/runs.txt", encoding: .utf8), "1 runs, 3 episodes\n")
        try s.execute("a = agent ppo")
        try s.execute("train a steps=30")
        XCTAssertEqual(counter.runs, 2, "a training run ends too")
    }

    func testTrackerCheckWritesNothingWhereTheTrackerWouldInUse() throws {
        let registry = Registry.standard()
        try registry.register(RunCounter.descriptor)
        let cwd = FileManager.default.currentDirectoryPath
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(cwd)/run-counter-out"))
        let findings = ComponentContract(registry: registry).check(.tracker, "run-counter")
        XCTAssertTrue(findings.allSatisfy(\.passed), findings.map(\.description).joined(separator: "\n"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(cwd)/run-counter-out"), "the default folder stays untouched")
        XCTAssertEqual(FileManager.default.currentDirectoryPath, cwd)
        XCTAssertFalse(findings.contains { $0.detail.contains(NSTemporaryDirectory()) }, "no scratch path in the findings")
    }

    func testGreedyOverAHeldModelNeedsNoEnvironment() throws {
        let folder = NSTemporaryDirectory() + "segue-greedy-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let s = ShellSession()
        s.sink = { _ in }
        try s.execute("world demo tracks=300 users=40 sessions=200 folder=\(folder)")
        try s.execute("m = train-model cwm epochs=1")
        try s.execute("g = agent greedy model=m")
        guard case .agent(let agent, _)? = s.values["g"] else { return XCTFail("no agent") }
        XCTAssertTrue(agent is GreedyAgent)
        try s.execute("oracle = agent greedy model=truth")
        guard case .agent(let oracle, _)? = s.values["oracle"] else { return XCTFail("no oracle") }
        XCTAssertTrue(oracle is GreedyAgent, "greedy over the world's ground truth needs no environment either")
        try s.execute("env episodes=random-pool(size=20) seed=2")
        try s.execute("rollout g episodes=2")
    }
}
