import XCTest
@testable import SegueData

/// Files written by other tools: columns in any order, extra columns, CRLF,
/// quoting, a byte-order mark, and the several spellings of booleans and modes.
final class ColumnLayoutTests: XCTestCase {
    func testReorderedAndExtraColumnsReadByName() throws {
        let columns = SessionLogRecord.columnNames
        let reordered = ["extra_a"] + columns.reversed() + ["extra_b"]
        let expected = samplePlay(session: 4, position: 2, length: 3)
        let canonical = expected.csvFields
        let byName = Dictionary(uniqueKeysWithValues: zip(columns, canonical))
        let row = reordered.map { byName[$0] ?? "ignored" }.joined(separator: ",")
        let url = try writeFile(reordered.joined(separator: ",") + "\n" + row + "\n", named: "r.csv",
                                in: makeTemporaryFolder(for: self))
        XCTAssertEqual(try SessionLogReader(url: url).readAll(), [expected])
    }

    func testCRLFQuotedFieldsAndByteOrderMark() throws {
        let text = "\u{FEFF}" + sessionHeader + "\r\n"
            + "\"s,1\",1,2,\"t\"\"1\",false,false,false,true,0,1,0,0,0,0,true,14,2018-07-15,true,"
            + "\"editorial_playlist\",trackdone,\"fwd,btn\"\r\n"
            + sessionRow("s,1", 2, 2).replacingOccurrences(of: "s,1", with: "\"s,1\"") + "\r\n"
        let url = try writeFile(text, named: "crlf.csv", in: makeTemporaryFolder(for: self))
        let sessions = try collectSessions(url)
        XCTAssertEqual(sessions.count, 1)
        XCTAssertEqual(sessions[0].id, "s,1")
        XCTAssertEqual(sessions[0].plays.map(\.trackID), ["t\"1", "t_1"])
        XCTAssertEqual(sessions[0].plays[0].reasonEnd, "fwd,btn")
        XCTAssertEqual(sessions[0].plays[0].contextType, "editorial_playlist")
        XCTAssertTrue(sessions[0].isComplete)
    }

    func testBooleansAsWordsOrDigits() throws {
        let spellings = ["true", "1", "True", "TRUE", " true ", "false", "0", "False", "FALSE"]
        let text = sessionHeader + "\n"
            + spellings.enumerated().map { sessionRow("s\($0.offset)", 1, 1, skip2: $0.element) }
            .joined(separator: "\n")
        let url = try writeFile(text, named: "b.csv", in: makeTemporaryFolder(for: self))
        let records = try SessionLogReader(url: url).readAll()
        XCTAssertEqual(records.map(\.skip2), [true, true, true, true, true, false, false, false, false])
        XCTAssertEqual(records[0].contextSwitch, false, "0 in context_switch")
        XCTAssertEqual(records[0].noPauseBeforePlay, true, "1 in no_pause_before_play")
    }

    func testModeAsMajorMinorOrDigits() throws {
        let header = TrackFeatureRecord.columnNames.joined(separator: ",")
        func row(_ id: String, mode: String) -> String {
            TrackFeatureRecord.columnNames.map { name in
                switch name {
                case "track_id": return id
                case "mode": return mode
                default: return "1"
                }
            }.joined(separator: ",")
        }
        let text = [header, row("a", mode: "major"), row("b", mode: "minor"), row("c", mode: "Major"),
                    row("d", mode: "1"), row("e", mode: "0")].joined(separator: "\r\n")
        let url = try writeFile(text, named: "tracks.csv", in: makeTemporaryFolder(for: self))
        let tracks = try TrackFeatureReader(url: url).readAll()
        XCTAssertEqual(tracks.map(\.mode), [.major, .minor, .major, .major, .minor])
        XCTAssertEqual(tracks[0].acousticVector, Array(repeating: 1, count: 8))
    }

    func testHeaderNamesMatchIgnoringCaseAndSpaces() throws {
        let header = SessionLogRecord.columnNames.map { " \($0.uppercased()) " }.joined(separator: ",")
        let url = try writeFile(header + "\n" + sessionRow("x", 1, 1), named: "h.csv",
                                in: makeTemporaryFolder(for: self))
        XCTAssertEqual(try SessionLogReader(url: url).readAll().map(\.sessionID), ["x"])
    }

    func testMixingNextAndNextSessionKeepsEveryRow() throws {
        let text = [sessionHeader, sessionRow("a", 1, 2), sessionRow("a", 2, 2), sessionRow("b", 1, 1),
                    sessionRow("a", 1, 1)].joined(separator: "\n")
        let reader = try SessionLogReader(url: writeFile(text, named: "m.csv", in: makeTemporaryFolder(for: self)))
        XCTAssertEqual(try reader.nextSession()?.plays.count, 2)
        XCTAssertEqual(try reader.next()?.sessionID, "b", "the row read ahead is handed out")
        XCTAssertEqual(try reader.nextSession()?.id, "a", "a returning id starts a new group")
        XCTAssertNil(try reader.nextSession())
        XCTAssertEqual(reader.report.rowsRead, 4)
    }

    private func collectSessions(_ url: URL) throws -> [LoggedSession] {
        var sessions: [LoggedSession] = []
        try SessionLogReader(url: url).forEachSession { sessions.append($0) }
        return sessions
    }
}
