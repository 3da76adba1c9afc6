import Foundation
import XCTest
import SegueCore
import SegueData
@testable import SegueShell

/// `log-sessions` (MSSD logs with listeners and propensities from any
/// environment), `world mssd listeners=`, and `ope` over such logs.
final class SessionLoggingTests: XCTestCase {
    func folder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "segue-\(name)-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func session() throws -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        try s.execute("world demo tracks=300 users=40 sessions=0")
        try s.execute("env episodes=random-pool(size=20) seed=3")
        return s
    }

    func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func message(_ s: ShellSession, _ line: String) -> String {
        do { try s.execute(line); return "no error" } catch { return "\(error)" }
    }

    func testShuffleLogsAreMSSDWithListenersAndUniformPropensities() throws {
        let dir = folder("log-shuffle")
        let s = try session()
        try s.execute("log-sessions env sessions=60 folder=\(dir) seed=5")
        XCTAssertTrue(s.cells.last!.output[0].hasPrefix("logged 60 sessions ("), s.cells.last!.output[0])
        // Sessions read back in the MSSD schema; every session has its listener and one propensity per play.
        var sessions: [LoggedSession] = []
        let reader = try SessionLogReader(path: "\(dir)/sessions.csv")
        _ = try reader.forEachSession { sessions.append($0) }
        reader.close()
        XCTAssertEqual(sessions.count, 60)
        let listeners = try SessionListenerFile.read(path: "\(dir)/listeners.csv")
        XCTAssertEqual(Set(listeners.keys), Set(sessions.map(\.id)))
        guard case .environment(let env)? = s.values["env"] else { return XCTFail("no env") }
        for (j, session) in sessions.enumerated() {
            let episode = env.episodeSampler.episode(number: j, key: SeedKey(3).derive(100).derive(UInt64(j)))
            XCTAssertEqual(listeners[session.id], episode.user, "the episode's listener")
            XCTAssertEqual(session.premium, episode.context.premium)
            XCTAssertEqual(session.hourOfDay, episode.context.hourOfDay)
            XCTAssertEqual(session.contextType, episode.context.contextType)
            XCTAssertTrue(session.plays.allSatisfy { episode.pool.map { env.world.catalog.ids[$0] }.contains($0.trackID) })
        }
        let propensities = try rows("\(dir)/propensities.csv")
        XCTAssertEqual(propensities.count, sessions.map(\.plays.count).reduce(0, +))
        for row in propensities {   // shuffle over 20 candidates: 1/(20 − position + 1)
            XCTAssertEqual(Double(row[5])!, 1 / Double(20 - Int(row[1])! + 1), accuracy: 1e-12, row.joined(separator: ","))
        }
        // The world now learns from these logs, listener-aware.
        XCTAssertEqual(env.world.logFiles, ["\(dir)/sessions.csv"])
        try s.execute("m = train-model cwm epochs=1 listener=true")
        // Same command, same bytes.
        let first = try String(contentsOfFile: "\(dir)/sessions.csv", encoding: .utf8)
        try s.execute("log-sessions env sessions=60 folder=\(dir) seed=5")
        XCTAssertEqual(try String(contentsOfFile: "\(dir)/sessions.csv", encoding: .utf8), first)
    }

    func testEpsilonMixturePropensitiesAreTheMixturesProbabilities() throws {
        let dir = folder("log-mixture")
        let s = try session()
        try s.execute("g = agent greedy")
        try s.execute("log-sessions env sessions=40 policy=g epsilon=0.25 folder=\(dir)")
        var agentPicks = 0
        for row in try rows("\(dir)/propensities.csv") {
            let u = Double(20 - Int(row[1])! + 1), p = Double(row[5])!
            let isPick = abs(p - (0.25 / u + 0.75)) < 1e-12
            XCTAssertTrue(isPick || abs(p - 0.25 / u) < 1e-12, "propensity \(p) with \(u) unused")
            agentPicks += isPick ? 1 : 0
        }
        XCTAssertGreaterThan(agentPicks, 0)
        let text = try String(contentsOfFile: "\(dir)/logging.txt", encoding: .utf8)
        XCTAssertTrue(text.contains("policy: g epsilon=0.25"), text)
        XCTAssertTrue(try rows("\(dir)/sessions.csv").allSatisfy { $0[14] == "false" }, "not shuffle sessions")
    }

    func testWorldMSSDReadsAListenersFile() throws {
        let dir = folder("log-mssd")
        let s = try session()
        try s.execute("log-sessions env sessions=80 folder=\(dir)")
        let listeners = try SessionListenerFile.read(path: "\(dir)/listeners.csv")
        try s.execute("logged = world mssd sessions=\(dir)/sessions.csv tracks=\(dir)/tracks.csv listeners=\(dir)/listeners.csv")
        guard case .world(let world)? = s.values["logged"] else { return XCTFail("no world") }
        XCTAssertEqual(world.population.count, listeners.values.max()! + 1, "one row per listener index")
        XCTAssertEqual(world.catalog.count, 300)
        XCTAssertEqual(world.listenerFile, "\(dir)/listeners.csv")
        try s.execute("m = train-model cwm epochs=1 listener=true")
        // Without listeners= the world stays MSSD's: a listener per session, none known.
        try s.execute("blind = world mssd sessions=\(dir)/sessions.csv tracks=\(dir)/tracks.csv")
        guard case .world(let blind)? = s.values["blind"] else { return XCTFail("no world") }
        XCTAssertEqual(blind.population.count, 80)
        XCTAssertNil(blind.listenerFile)
        // A listeners file that misses a session names it.
        let partial = "\(dir)/partial.csv"
        try (["session_id,user_index"] + listeners.sorted { $0.key < $1.key }.dropFirst().map { "\($0.key),\($0.value)" })
            .joined(separator: "\n").appending("\n").write(toFile: partial, atomically: true, encoding: .utf8)
        XCTAssertTrue(message(s, "world mssd sessions=\(dir)/sessions.csv tracks=\(dir)/tracks.csv listeners=\(partial)")
            .contains("does not name the listener of session"))
    }

    func testOPEOfTheLoggingPolicyItselfIsTheLoggedMeanReturn() throws {
        let dir = folder("log-ope")
        let s = try session()
        try s.execute("g = agent greedy")
        try s.execute("log-sessions env sessions=50 policy=g folder=\(dir)")
        try s.execute("m = train-model cwm epochs=1")
        try s.execute("ope g random popularity logs=\(dir) online=env model=m episodes=50 resamples=50")
        let text = s.cells.last!.output.joined(separator: "\n")
        // The logging policy played every logged pick with propensity 1: every estimator gives the logged mean return.
        let logged = try rows("\(dir)/sessions.csv").filter { $0[7] == "true" }.count
        let mean = String(format: "%.3f", Double(logged) / 50)
        let gRow = s.cells.last!.output.first { $0.hasPrefix("g ") }!
        XCTAssertEqual(gRow.components(separatedBy: "\(mean) [").count - 1, 4, gRow)
        XCTAssertTrue(text.contains("method"), text)
        XCTAssertTrue(text.contains("regret@1"), text)
        XCTAssertTrue(text.contains("50 logged sessions; sessions whose every logged pick is the policy's own (effective sessions): g 50 (50.0)"), text)
        XCTAssertTrue(message(s, "ope g random logs=\(dir) online=env").contains("ope needs at least 3 policies"))
        XCTAssertTrue(message(s, "ope g random popularity logs=\(dir) online=env model=g").contains("model=g is not a user model"))
    }
}
