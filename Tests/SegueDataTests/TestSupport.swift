import Foundation
import XCTest
@testable import SegueData

/// A fresh folder under the system's temporary folder, removed when the test ends.
func makeTemporaryFolder(for test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("SegueDataTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}

/// Writes `text` as UTF-8 to `name` in `folder`, returning its URL.
func writeFile(_ text: String, named name: String, in folder: URL) throws -> URL {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}

/// A play with varied fields, deterministic in its arguments.
func samplePlay(session: Int, position: Int, length: Int) -> SessionLogRecord {
    let reasons = SessionLogRecord.knownReasons
    let contexts = SessionLogRecord.knownContextTypes
    let seed = session &* 31 &+ position
    return SessionLogRecord(
        sessionID: "s_\(session)", sessionPosition: position, sessionLength: length,
        trackID: "t_\(seed % 997)",
        skip1: seed % 5 == 0, skip2: seed % 4 == 0, skip3: seed % 3 == 0, notSkipped: seed % 3 != 0,
        contextSwitch: position > 1 && seed % 7 == 0, noPauseBeforePlay: seed % 2 == 0,
        shortPauseBeforePlay: seed % 6 == 1, longPauseBeforePlay: seed % 11 == 3,
        seekForwardCount: seed % 3, seekBackCount: seed % 2, isShuffle: session % 2 == 0,
        hourOfDay: session % 24, date: LogDate(year: 2018, month: 7, day: 1 + session % 28)!,
        premium: session % 3 != 0, contextType: contexts[session % contexts.count],
        reasonStart: reasons[seed % reasons.count], reasonEnd: reasons[(seed + 1) % reasons.count]
    )
}

/// A track with every feature set to a distinct value.
func sampleTrack(_ index: Int) -> TrackFeatureRecord {
    let x = Float(index)
    return TrackFeatureRecord(
        trackID: "t_\(index)", duration: 180.25 + x, releaseYear: 1950 + index % 70,
        usPopularityEstimate: 99.1 - x / 10, acousticness: 0.1, beatStrength: 0.2, bounciness: 0.3,
        danceability: 0.4, dynRangeMean: 7.5, energy: 0.6, flatness: 0.7, instrumentalness: 1e-6,
        key: index % 12, liveness: 0.9, loudness: -8.123, mechanism: 0.11, mode: index % 2 == 0 ? .major : .minor,
        organism: 0.12, speechiness: 0.13, tempo: 120.5, timeSignature: 4, valence: 0.14,
        acousticVector: (0..<8).map { Float($0) * 0.1 - 0.35 + x / 1000 }
    )
}

/// The header line of a session log in canonical order.
let sessionHeader = SessionLogRecord.columnNames.joined(separator: ",")

/// A valid session-log row in canonical order for session `id`, position `position` of `length`.
func sessionRow(_ id: String, _ position: Int, _ length: Int, skip2: String = "false") -> String {
    "\(id),\(position),\(length),t_1,false,\(skip2),false,true,0,1,0,0,0,0,true,14,2018-07-15,true,"
        + "editorial_playlist,trackdone,trackdone"
}

/// Asserts that `body` throws a `DataError` and returns it.
func assertDataError<T>(
    _ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line
) -> DataError? {
    do {
        _ = try body()
        XCTFail("expected a DataError", file: file, line: line)
    } catch let error as DataError {
        return error
    } catch {
        XCTFail("expected a DataError, got \(error)", file: file, line: line)
    }
    return nil
}

/// One row of a CSV file as strings, and the line it starts on.
struct CSVRow: Equatable {
    var fields: [String]
    var line: Int
}

extension CSVTokenizer {
    /// The next row as strings, or nil at the end of the file.
    func nextFields() throws -> CSVRow? {
        try nextRow() ? CSVRow(fields: fields, line: line) : nil
    }
}
