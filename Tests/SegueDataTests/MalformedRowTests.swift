import XCTest
@testable import SegueData

/// Bad files: each error names the file, the line and the column; under `.skip`
/// the bad rows are counted and the rest is read.
final class MalformedRowTests: XCTestCase {
    private func logFile(_ lines: [String]) throws -> URL {
        try writeFile(lines.joined(separator: "\n") + "\n", named: "logs.csv", in: makeTemporaryFolder(for: self))
    }

    private func firstError(_ lines: [String]) throws -> DataError? {
        let url = try logFile(lines)
        return assertDataError(try SessionLogReader(url: url).readAll())
    }

    func testMissingColumnIsNamedWithASuggestion() throws {
        let header = SessionLogRecord.columnNames.map { $0 == "skip_2" ? "skip2" : $0 }.joined(separator: ",")
        let url = try logFile([header, sessionRow("a", 1, 1)])
        let error = assertDataError(try SessionLogReader(url: url, policy: .skipping))
        XCTAssertEqual(error?.column, "skip_2")
        XCTAssertEqual(error?.message, "\(url.relativePath): missing required column 'skip_2'")
        XCTAssertEqual(error?.hint, "did you mean 'skip2'? Rename that header field to 'skip_2'")
    }

    func testEmptyFileAndDuplicateColumn() throws {
        let empty = try writeFile("", named: "empty.csv", in: makeTemporaryFolder(for: self))
        guard case .missingHeader? = assertDataError(try TrackFeatureReader(url: empty)) else {
            return XCTFail("expected missingHeader")
        }
        let headerOnly = try logFile([sessionHeader])
        XCTAssertEqual(try SessionLogReader(url: headerOnly).readAll(), [])
        let url = try logFile([sessionHeader + ",date"])
        XCTAssertEqual(assertDataError(try SessionLogReader(url: url)),
                       .duplicateColumn(file: url.relativePath, column: "date"))
    }

    func testBadBooleanNamesLineAndColumn() throws {
        let url = try logFile([sessionHeader, sessionRow("a", 1, 3), sessionRow("a", 2, 3, skip2: "maybe")])
        let error = assertDataError(try SessionLogReader(url: url).readAll())
        XCTAssertEqual(error, .invalidValue(file: url.relativePath, line: 3, column: "skip_2",
                                            expected: "true/false or 1/0", got: "maybe"))
        XCTAssertEqual(error?.message, "\(url.relativePath):3: column 'skip_2': expected true/false or 1/0, got \"maybe\"")
        XCTAssertTrue(error?.description.contains("hint: ") ?? false)
    }

    func testWrongFieldCountNamesTheFirstMissingColumn() throws {
        let short = String(sessionRow("a", 1, 1).split(separator: ",").dropLast().joined(separator: ","))
        let error = try firstError([sessionHeader, short])
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, "hist_user_behavior_reason_end")
        XCTAssertEqual(error?.message.hasSuffix("expected 21 fields as in the header, got 20"), true)
        XCTAssertEqual(try firstError([sessionHeader, sessionRow("a", 1, 1) + ",x"])?.column, "#22")
    }

    func testOutOfRangeValues() throws {
        let position = try firstError([sessionHeader, sessionRow("a", 5, 3)])
        XCTAssertEqual(position?.message.hasSuffix(
            "column 'session_position': expected a position from 1 to session_length (3), got \"5\""), true)
        let hour = try firstError([sessionHeader, sessionRow("a", 1, 1).replacingOccurrences(of: ",14,", with: ",24,")])
        XCTAssertEqual(hour?.column, "hour_of_day")
        let date = try firstError([sessionHeader, sessionRow("a", 1, 1).replacingOccurrences(of: "2018-07-15", with: "2018-02-30")])
        XCTAssertEqual(date?.column, "date")
        let id = try firstError([sessionHeader, "," + sessionRow("a", 1, 1).split(separator: ",", maxSplits: 1)[1]])
        XCTAssertEqual(id?.column, "session_id")
    }

    func testBadTrackNumberNamesColumn() throws {
        let header = TrackFeatureRecord.columnNames.joined(separator: ",")
        let row = TrackFeatureRecord.columnNames.map { $0 == "track_id" ? "t" : $0 == "tempo" ? "fast" : "0" }
        let url = try writeFile(header + "\n" + row.joined(separator: ","), named: "tracks.csv",
                                in: makeTemporaryFolder(for: self))
        XCTAssertEqual(assertDataError(try TrackFeatureReader(url: url).readAll()),
                       .invalidValue(file: url.relativePath, line: 2, column: "tempo",
                                     expected: "a finite number", got: "fast"))
    }

    func testUnterminatedQuoteNamesLineAndColumn() throws {
        let open = sessionRow("a", 2, 3).replacingOccurrences(of: ",t_1,", with: ",\"t_1,")
        let error = try firstError([sessionHeader, sessionRow("a", 1, 3), open, sessionRow("a", 3, 3)])
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, "track_id_clean")
        guard case .unterminatedQuote? = error else { return XCTFail("expected unterminatedQuote") }
    }

    func testSkipPolicyCountsBadRowsAndReadsTheRest() throws {
        let open = sessionRow("a", 2, 5).replacingOccurrences(of: ",t_1,", with: ",\"t_1,")
        let lines = [
            sessionHeader,
            sessionRow("a", 1, 5),
            open,                                            // line 3: unterminated quote
            sessionRow("a", 3, 5, skip2: "maybe"),           // line 4: bad bool
            String(sessionRow("a", 4, 5).dropLast(10)),      // line 5: missing a field
            sessionRow("a", 5, 5),
            sessionRow("b", 1, 1),
        ]
        let url = try logFile(lines)
        let reader = try SessionLogReader(url: url, policy: ReadPolicy(onMalformedRow: .skip, keptErrors: 2))
        var sessions: [LoggedSession] = []
        let report = try reader.forEachSession { sessions.append($0) }
        XCTAssertEqual(sessions.map(\.id), ["a", "b"])
        XCTAssertEqual(sessions[0].plays.map(\.sessionPosition), [1, 5])
        XCTAssertFalse(sessions[0].isComplete)
        XCTAssertEqual(report.rowsRead, 3)
        XCTAssertEqual(report.rowsSkipped, 3)
        XCTAssertEqual(report.firstErrors.map(\.line), [3, 4], "only the first two kept")
        XCTAssertTrue(report.description.contains("... and 1 more"), report.description)
    }

    func testFailPolicyLeavesTheReaderAfterTheBadRow() throws {
        let url = try logFile([sessionHeader, sessionRow("a", 1, 1, skip2: "x"), sessionRow("b", 1, 1)])
        let reader = try SessionLogReader(url: url)
        XCTAssertThrowsError(try reader.next())
        XCTAssertEqual(try reader.next()?.sessionID, "b")
        XCTAssertNil(try reader.next())
    }

    func testGarbageNeverCrashes() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab,\"\r\n01truefalse-:".utf8) + [0, 0xFF]
        for round in 0..<40 {
            var bytes = Array((sessionHeader + "\n").utf8)
            bytes += (0..<400).map { _ in alphabet.randomElement(using: &generator)! }
            let url = try makeTemporaryFolder(for: self).appendingPathComponent("g\(round).csv")
            try Data(bytes).write(to: url)
            let reader = try SessionLogReader(url: url, policy: ReadPolicy(onMalformedRow: .skip, chunkSize: 16))
            let report = try reader.forEach { _ in }
            XCTAssertGreaterThanOrEqual(report.rowsSkipped + report.rowsRead, 0)
        }
    }
}
