import Foundation
import XCTest
import SegueCore
import SegueData
@testable import SegueComponents

/// The demo world: seeded, MSSD-schema logs, sequential ground truth.
final class DemoWorldTests: XCTestCase {
    func smallDemo(seed: UInt64 = 7) -> DemoWorld {
        var demo = DemoWorld()
        demo.tracks = 600
        demo.users = 80
        demo.seed = seed
        return demo
    }

    func testSameSeedSameWorld() {
        let a = smallDemo().makeWorld(), b = smallDemo().makeWorld(), c = smallDemo(seed: 8).makeWorld()
        XCTAssertEqual(a.catalog.features, b.catalog.features)
        XCTAssertEqual(a.population.features, b.population.features)
        XCTAssertEqual(a.catalog.ids, b.catalog.ids)
        XCTAssertNotEqual(a.catalog.features, c.catalog.features)
        XCTAssertEqual(a.catalog.featureCount, 16)
        XCTAssertEqual(Set(a.catalog.ids).count, a.catalog.count, "track ids are unique")
    }

    /// Who listened is written beside the logs; a personalised logger picks
    /// tracks closer to the listener's taste than shuffle, and says so in
    /// `hist_user_behavior_is_shuffle`.
    func testListenersFileAndPersonalisedLogging() throws {
        let (world, facts) = smallDemo().build()
        let folder = NSTemporaryDirectory() + "segue-demo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var logs = DemoLogs(world: world, facts: facts, seed: 7)
        logs.personalizedShare = 0.5
        try logs.write(sessions: 400, to: folder)
        let listeners = try SessionListenerFile.read(path: "\(folder)/listeners.csv")
        XCTAssertEqual(world.listenerFile, "\(folder)/listeners.csv")
        var sessions: [LoggedSession] = []
        _ = try SessionLogReader(path: "\(folder)/sessions.csv").forEachSession { sessions.append($0) }
        XCTAssertEqual(listeners.count, 400)
        var index: [String: Int] = [:]
        for (i, id) in world.catalog.ids.enumerated() { index[id] = i }
        func meanCosine(_ group: [LoggedSession]) -> Double {
            var total = 0.0, n = 0.0
            for session in group {
                let taste = Array(world.population.features(of: listeners[session.id]!).prefix(8))
                for id in session.trackIDs {
                    let a = Array(world.catalog.features(of: index[id]!).prefix(8))
                    let dot = zip(a, taste).reduce(0.0) { $0 + Double($1.0 * $1.1) }
                    let norms = (a.reduce(0.0) { $0 + Double($1 * $1) } * taste.reduce(0.0) { $0 + Double($1 * $1) }).squareRoot()
                    total += dot / norms
                    n += 1
                }
            }
            return total / n
        }
        let shuffled = sessions.filter { $0.plays[0].isShuffle }, personal = sessions.filter { !$0.plays[0].isShuffle }
        XCTAssertTrue(sessions.allSatisfy { s in s.plays.allSatisfy { $0.isShuffle == s.plays[0].isShuffle } })
        XCTAssertEqual(Double(personal.count) / 400, 0.5, accuracy: 0.08)
        XCTAssertGreaterThan(meanCosine(personal), meanCosine(shuffled) + 0.3,
                             "personalised \(meanCosine(personal)), shuffled \(meanCosine(shuffled))")
        for s in [0, 1, 2] { XCTAssertEqual(listeners["s_7_\(s)"], logs.listener(of: s)) }
    }

    func testLogsAreWrittenInTheMSSDSchemaAndReadBack() throws {
        let (world, facts) = smallDemo().build()
        let folder = NSTemporaryDirectory() + "segue-demo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DemoLogs(world: world, facts: facts, seed: 7).write(sessions: 200, to: folder)
        let reader = try SessionLogReader(path: "\(folder)/sessions.csv")
        XCTAssertEqual(reader.header.count, 21)
        var sessions: [LoggedSession] = []
        _ = try reader.forEachSession { sessions.append($0) }
        XCTAssertEqual(sessions.count, 200)
        XCTAssertTrue(sessions.allSatisfy { (1...20).contains($0.plays.count) && $0.plays.count == $0.declaredLength })
        let known = Set(world.catalog.ids)
        XCTAssertTrue(sessions.allSatisfy { $0.trackIDs.allSatisfy(known.contains) })
        let plays = sessions.flatMap(\.plays)
        let listenRate = Double(plays.filter(\.notSkipped).count) / Double(plays.count)
        XCTAssertTrue((0.3...0.8).contains(listenRate), "listen rate \(listenRate)")
        XCTAssertTrue(plays.allSatisfy { $0.notSkipped != $0.skip2 })
        let tracks = try TrackFeatureReader(path: "\(folder)/tracks.csv").readAll()
        XCTAssertEqual(tracks.count, world.catalog.count)
        XCTAssertTrue(tracks.allSatisfy { (80...100).contains($0.usPopularityEstimate) })
    }

    func testGroundTruthIsSequential() {
        let world = smallDemo().makeWorld()
        let truth = world.groundTruth!()
        let episode = Episode(number: 0, key: SeedKey(1), user: 3, pool: Array(0..<50))
        let fresh = SessionState(featureCount: 16, lengthScale: 20, skipScale: 3)
        // Fatigue: the same track is less likely right after three plays of itself-like tracks.
        let track = 10
        var tired = fresh
        for _ in 0..<3 {
            tired.record(candidate: 0, track: track, features: world.catalog.features(of: track), listened: false,
                         user: world.population.features(of: 3))
        }
        XCTAssertLessThan(truth.listenProbability(of: track, episode: episode, session: tired),
                          truth.listenProbability(of: track, episode: episode, session: fresh) - 0.05)
        // Determinism: a pure function of its inputs.
        XCTAssertEqual(truth.listenProbability(of: 5, episode: episode, session: tired),
                       world.groundTruth!().listenProbability(of: 5, episode: episode, session: tired))
    }

    func testAbandonmentCurveIsFittedFromLogs() throws {
        var demo = smallDemo()
        demo.users = 200
        let (world, facts) = demo.build()
        let folder = NSTemporaryDirectory() + "segue-demo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let logs = DemoLogs(world: world, facts: facts, seed: 7)
        try logs.write(sessions: 3_000, to: folder)
        let curve = try LoggedOutcomes.abandonmentCurve(fromLog: "\(folder)/sessions.csv")
        // Sessions also end by their planned length, so early hazards read a little high; the shape must hold.
        XCTAssertEqual(curve.hazard[0], logs.abandonment.hazard[0], accuracy: 0.06)
        XCTAssertEqual(curve.hazard[2], logs.abandonment.hazard[2], accuracy: 0.12)
        XCTAssertLessThan(curve.hazard[0], curve.hazard[1])
        XCTAssertLessThan(curve.hazard[1], curve.hazard[3])
    }

    func testAbandonmentFitOnKnownSessions() {
        // Two sessions end after one skip, one goes on after a skip.
        let curve = AbandonmentCurve.fit(sessions: [[true, false], [false], [false, true, true]], maxRun: 2, prior: 0)
        XCTAssertEqual(curve.hazard[0], 2.0 / 4.0)   // 3 runs reached 1 skip, 2 ended; +1 pseudo-count in the denominator
        XCTAssertEqual(curve.probability(afterSkipRun: 0), 0)
        XCTAssertEqual(curve.probability(afterSkipRun: 9), curve.hazard[1])
        XCTAssertThrowsError(try AbandonmentCurve.parse("0.1,2"))
    }
}
