import XCTest
import SegueCore
import SegueComponents
@testable import SegueModels

/// A simulator replayed on held-out logs: the ground truth that wrote the logs
/// reproduces their plays (and their lengths nearly: a logged session's end
/// depends on its listener, whom the replay draws at random); a model that
/// listens to everything is far off.
final class SimulatorCalibrationTests: XCTestCase {
    /// Listens with a fixed probability, whatever is played.
    final class Constant: UserModel {
        let p: Double
        init(_ p: Double) { self.p = p }
        func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { p }
    }

    let rules: [any TerminationRule] = [MaxLengthRule(length: 20), ConsecutiveSkipsRule(limit: 3)]

    func calibration(_ model: any UserModel, sessions: Int = 2_000) throws -> SimulatorCalibration {
        let data = try Fixture.data(sessions)
        return SimulatorCalibration(userModel: model, terminations: rules, world: Fixture.world, data: data,
                                    sessions: Array(0..<data.sessionCount), part: "all sessions", seed: 5)
    }

    func testTheGroundTruthReproducesItsOwnLogs() throws {
        let report = try calibration(Fixture.world.groundTruth!())
        XCTAssertEqual(report.sessions, 2_000)
        XCTAssertEqual(report.simulatedListenRate, report.loggedListenRate, accuracy: 0.02)
        XCTAssertEqual(report.meanLengths.simulated, report.meanLengths.logged, accuracy: 1.5)
        XCTAssertLessThan(report.lengthDistance, 0.15, report.text)
        XCTAssertLessThan(report.skipRateError, 0.03, report.text)
        for row in report.contexts {
            XCTAssertEqual(row.simulatedListenRate, row.loggedListenRate, accuracy: 0.05, "\(row.contextType)\n\(report.text)")
        }
    }

    func testAModelThatAlwaysListensIsFarFromTheLogs() throws {
        let truth = try calibration(Fixture.world.groundTruth!())
        let eager = try calibration(Constant(0.95))
        XCTAssertGreaterThan(eager.simulatedListenRate, 0.9)
        XCTAssertGreaterThan(eager.skipRateError, truth.skipRateError + 0.2)
        // It never skips three in a row, so only the logged length ends its sessions.
        XCTAssertEqual(eager.meanLengths.simulated, Double(try Fixture.data(2_000).playCount) / 2_000, accuracy: 0.05)
        XCTAssertGreaterThan(eager.meanLengths.simulated, truth.meanLengths.simulated + 1)
        // The logged side does not depend on the model: the same rules, the same draws.
        XCTAssertEqual(eager.loggedLengths, truth.loggedLengths)
    }

    func testRulesCutBothSidesAndPositionsAddUp() throws {
        let report = try calibration(Constant(0.5), sessions: 300)
        XCTAssertTrue(report.loggedLengths.allSatisfy { (1...20).contains($0) })
        XCTAssertTrue(report.simulatedLengths.allSatisfy { (1...20).contains($0) })
        XCTAssertEqual(report.positions.reduce(0) { $0 + $1.loggedEnds }, 1, accuracy: 1e-9)
        XCTAssertEqual(report.positions.reduce(0) { $0 + $1.simulatedEnds }, 1, accuracy: 1e-9)
        XCTAssertEqual(report.positions.first?.loggedPlays, 300)
        XCTAssertEqual(report.contexts.reduce(0) { $0 + $1.sessions }, 300)
        XCTAssertTrue(report.text.contains("listen (completion) rate by context type:"))
    }
}
