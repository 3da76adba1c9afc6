import XCTest
import SegueCore
import SegueData
@testable import SegueModels

final class DataTests: XCTestCase {
    func testLogsFoldIntoSessionsWithBothLabels() throws {
        let data = try Fixture.data(50)
        XCTAssertEqual(data.sessionCount, 50)
        XCTAssertEqual(data.offsets.last, data.playCount)
        // The same plays, outcomes and contexts as reading the log directly.
        let reader = try SessionLogReader(path: Fixture.log)
        for s in 0..<3 {
            let session = try XCTUnwrap(reader.nextSession())
            XCTAssertEqual(data.plays(of: s).map { Fixture.world.catalog.ids[Int(data.tracks[$0])] }, session.trackIDs)
            XCTAssertEqual(data.plays(of: s).map { data.labels[$0] == 1 }, session.plays.map(\.notSkipped))
            XCTAssertEqual(data.contexts[s].hourOfDay, session.hourOfDay)
            XCTAssertEqual(data.contexts[s].contextType, session.contextType)
        }
        let skip2 = try Fixture.data(50, label: .notSkip2)
        // In the demo logs every skip sets skip_2, so both labels agree there.
        XCTAssertEqual(skip2.labels, data.labels)
        XCTAssertEqual(try ListenLabel.parse("skip_2"), .notSkip2)
        XCTAssertNotNil(assertSegueError(try ListenLabel.parse("skipped")))
    }

    func testMalformedLogRowIsAnErrorNamingFileLineAndColumn() throws {
        let folder = try makeTemporaryFolder(for: self)
        let path = folder + "/bad.csv"
        var lines = try String(contentsOfFile: Fixture.log, encoding: .utf8).split(separator: "\n").prefix(6).map(String.init)
        let column = lines[0].split(separator: ",").firstIndex(of: "skip_2")!
        var fields = lines[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[column] = "maybe"
        lines[4] = fields.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let error = assertSegueError(try SessionDataset.read(path: path, catalog: Fixture.world.catalog))
        XCTAssertTrue(error?.message.contains("bad.csv:5") == true, "\(String(describing: error))")
        XCTAssertTrue(error?.message.contains("skip_2") == true, "\(String(describing: error))")
        XCTAssertNotNil(error?.hint)
    }

    func testUnknownTrackIdIsAnErrorNamingIt() throws {
        let folder = try makeTemporaryFolder(for: self)
        let path = folder + "/unknown.csv"
        let writer = try SessionLogWriter(url: URL(fileURLWithPath: path))
        let date = LogDate(year: 2018, month: 7, day: 1)!
        for (position, id) in [Fixture.world.catalog.ids[0], "t_not_in_catalog"].enumerated() {
            try writer.append(contentsOf: [SessionLogRecord(
                sessionID: "s_x", sessionPosition: position + 1, sessionLength: 2, trackID: id,
                skip1: false, skip2: false, skip3: false, notSkipped: true, hourOfDay: 3, date: date, premium: true,
                contextType: "radio", reasonStart: "clickrow", reasonEnd: "trackdone")])
        }
        try writer.close()
        let error = assertSegueError(try SessionDataset.read(path: path, catalog: Fixture.world.catalog, worldName: "demo"))
        XCTAssertTrue(error?.message.contains("'t_not_in_catalog'") == true, "\(String(describing: error))")
        XCTAssertTrue(error?.message.contains("position 2") == true, "\(String(describing: error))")
        XCTAssertNotNil(error?.hint)
    }

    func testMetricsOnKnownValues() {
        XCTAssertEqual(Metrics.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75, accuracy: 1e-12)
        XCTAssertEqual(Metrics.auc([0.5, 0.5], [0, 1]), 0.5, accuracy: 1e-12)
        XCTAssertEqual(Metrics.accuracy([0.2, 0.7, 0.6], [0, 1, 0]), 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(Metrics.logLoss([0.5, 0.5], [0, 1]), log(2), accuracy: 1e-9)
        let bins = Metrics.reliability([0.05, 0.05, 0.95, 0.95], [0, 1, 1, 1])
        XCTAssertEqual(bins[0].count, 2)
        XCTAssertEqual(Metrics.expectedCalibrationError(bins), 0.5 * 0.45 + 0.5 * 0.05, accuracy: 1e-6)
    }
}
