import XCTest
@testable import SegueData

final class RoundTripTests: XCTestCase {
    func testSessionLogRoundTrip() throws {
        let folder = try makeTemporaryFolder(for: self)
        let url = folder.appendingPathComponent("logs.csv")
        var records = (0..<30).flatMap { session in
            (1...(1 + session % 5)).map { samplePlay(session: session, position: $0, length: 1 + session % 5) }
        }
        records[3].contextType = "a \"quoted\", odd context\nwith a line break"
        records[4].reasonEnd = "  spaced  "
        try SessionLogWriter.write(records, to: url)

        let reader = try SessionLogReader(url: url)
        XCTAssertEqual(reader.header, SessionLogRecord.columnNames)
        XCTAssertEqual(try reader.readAll(), records)
        XCTAssertEqual(reader.report.rowsRead, records.count)
        XCTAssertEqual(reader.report.rowsSkipped, 0)
    }

    func testWriterUsesTrueFalseAndTheCanonicalHeader() throws {
        let url = try makeTemporaryFolder(for: self).appendingPathComponent("one.csv")
        var play = samplePlay(session: 2, position: 1, length: 1)
        (play.skip1, play.skip2, play.skip3, play.notSkipped) = (false, false, false, true)
        try SessionLogWriter.write([play], to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init), sessionHeader)
        XCTAssertEqual(lines[1].split(separator: ",")[4...7], ["false", "false", "false", "true"])
    }

    func testTrackFeatureRoundTrip() throws {
        let url = try makeTemporaryFolder(for: self).appendingPathComponent("tracks.csv")
        var tracks = (0..<50).map(sampleTrack)
        tracks[7].trackID = "id,with \"comma\""
        tracks[8].loudness = -0.000_123_456_7
        tracks[9].tempo = 1.5e30
        try TrackFeatureWriter.write(tracks, to: url)

        let reader = try TrackFeatureReader(url: url)
        XCTAssertEqual(reader.header, TrackFeatureRecord.columnNames)
        XCTAssertEqual(try reader.readAll(), tracks)
    }

    func testStreamingWriterAppendsSessionsAndCloses() throws {
        let url = try makeTemporaryFolder(for: self).appendingPathComponent("logs.csv")
        let writer = try SessionLogWriter(url: url)
        let sessions = (0..<4).map { session in
            LoggedSession(plays: (1...3).map { samplePlay(session: session, position: $0, length: 3) })!
        }
        for session in sessions { try writer.append(session) }
        XCTAssertEqual(writer.rowsWritten, 12)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "nothing visible before close")
        try writer.close()
        XCTAssertThrowsError(try writer.append(sessions[0].plays[0]))

        var read: [LoggedSession] = []
        try SessionLogReader(url: url).forEachSession { read.append($0) }
        XCTAssertEqual(read, sessions)
    }

    func testAbandonedWriterLeavesTheOldFileAndNoTemporaryFile() throws {
        let folder = try makeTemporaryFolder(for: self)
        let url = folder.appendingPathComponent("logs.csv")
        try SessionLogWriter.write([samplePlay(session: 1, position: 1, length: 1)], to: url)
        do {
            let writer = try SessionLogWriter(url: url)
            try writer.append(samplePlay(session: 9, position: 1, length: 1))
        }
        var bad = samplePlay(session: 2, position: 1, length: 1)
        bad.sessionPosition = 3
        XCTAssertThrowsError(try SessionLogWriter.write([bad], to: url)) { error in
            XCTAssertEqual((error as? DataError)?.message,
                           "\(url.relativePath): record 0: session_position 3 is not from 1 to session_length (1)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["logs.csv"])
        XCTAssertEqual(try SessionLogReader(url: url).readAll().map(\.sessionID), ["s_1"])
    }

    func testWriterRejectsTracksThatWouldNotReadBack() throws {
        let url = try makeTemporaryFolder(for: self).appendingPathComponent("tracks.csv")
        let writer = try TrackFeatureWriter(url: url)
        var track = sampleTrack(1)
        track.acousticVector = [1, 2]
        XCTAssertThrowsError(try writer.append(track))
        track = sampleTrack(1)
        track.energy = .nan
        let error = assertDataError(try writer.append(track))
        XCTAssertEqual(error?.message, "\(url.relativePath): record 0: energy is not finite")
        writer.discard()
    }

    func testWriterIntoMissingFolderFails() throws {
        let url = try makeTemporaryFolder(for: self).appendingPathComponent("no/such/logs.csv")
        guard case .cannotWrite? = assertDataError(try SessionLogWriter(url: url)) else {
            return XCTFail("expected cannotWrite")
        }
    }

    func testNumericFeaturesFollowTheDocumentedOrder() {
        var track = sampleTrack(3)
        XCTAssertEqual(TrackFeatureRecord.numericFeatureNames.count, 29)
        XCTAssertEqual(track.numericFeatures.count, 29)
        XCTAssertEqual(TrackFeatureRecord.numericFeatureNames.first, "duration")
        XCTAssertEqual(TrackFeatureRecord.numericFeatureNames.last, "acoustic_vector_7")
        let modeIndex = TrackFeatureRecord.numericFeatureNames.firstIndex(of: "mode")!
        XCTAssertEqual(track.numericFeatures[modeIndex], 0, "track 3 is minor")
        track.mode = .major
        XCTAssertEqual(track.numericFeatures[modeIndex], 1)
        XCTAssertEqual(track.numericFeatures[TrackFeatureRecord.numericFeatureNames.firstIndex(of: "key")!], 3)
        XCTAssertEqual(Array(track.numericFeatures.suffix(8)), track.acousticVector)
    }

    func testLogDateParsesOnlyRealDates() {
        XCTAssertEqual(LogDate("2018-07-15")?.description, "2018-07-15")
        XCTAssertEqual(LogDate("2018-07-15")?.weekday, 6, "a Sunday")
        XCTAssertEqual(LogDate("2020-02-29")?.day, 29)
        for bad in ["2019-02-29", "2018-13-01", "2018-7-15", "2018/07/15", "", "20180715xx", "2018-07-1a"] {
            XCTAssertNil(LogDate(bad), bad)
        }
        XCTAssertLessThan(LogDate("2018-07-15")!, LogDate("2018-08-01")!)
    }

    func testLoggedSessionSortsPlaysAndChecksCompleteness() throws {
        let plays = [3, 1, 2].map { samplePlay(session: 5, position: $0, length: 4) }
        let session = try XCTUnwrap(LoggedSession(plays: plays))
        XCTAssertEqual(session.plays.map(\.sessionPosition), [1, 2, 3])
        XCTAssertFalse(session.isComplete)
        XCTAssertEqual(session.declaredLength, 4)
        XCTAssertNil(LoggedSession(plays: []))
        XCTAssertNil(LoggedSession(plays: [plays[0], samplePlay(session: 6, position: 1, length: 1)]))
    }
}
