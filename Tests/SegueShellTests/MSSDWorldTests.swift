import Foundation
import XCTest
import SegueCore
import SegueModels
@testable import SegueShell

/// `world mssd` on logs as researchers have them: gzip, several files,
/// malformed rows, missing tracks, other date formats, few sessions. One test
/// per defect of issue 17, in-process, plus one through the real binary.
final class MSSDWorldTests: XCTestCase {
    /// A small demo world's MSSD-schema files: `sessions.csv` (80 sessions),
    /// `tracks.csv` (200 tracks), split into `tracks_a.csv` / `tracks_b.csv`.
    func fixture() throws -> String {
        let folder = NSTemporaryDirectory() + "segue-mssd-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let s = quietSession()
        try s.execute("world demo tracks=200 users=20 sessions=80 folder=\(folder)")
        let tracks = try lines(folder + "/tracks.csv")
        try write(folder + "/tracks_a.csv", [tracks[0]] + tracks[1...100])
        try write(folder + "/tracks_b.csv", [tracks[0]] + tracks[101...])
        return folder
    }

    func quietSession() -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        return s
    }

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func write(_ path: String, _ lines: [String]) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The output of the last cell, joined.
    func output(_ s: ShellSession) -> String { s.cells.last!.output.joined(separator: "\n") }

    func message(_ s: ShellSession, _ line: String) -> String {
        do { try s.execute(line); return "no error" } catch { return "\(error)" }
    }

    /// Defect 1 (and 3): skip_malformed=true holds for training too, with a count.
    func testSkipMalformedHoldsForTrainingAndIsCounted() throws {
        let folder = try fixture()
        var log = try lines(folder + "/sessions.csv")
        log[5] += ",extra"
        try write(folder + "/bad.csv", log)
        let s = quietSession()
        let strict = message(s, "world mssd cache=\(folder)/cache logs=\(folder)/bad.csv tracks=\(folder)/tracks.csv")
        XCTAssertTrue(strict.contains("bad.csv:6: column '#22': expected 21 fields"), strict)
        XCTAssertTrue(strict.contains("pass skip_malformed=true"), "the hint names the shell option: \(strict)")
        XCTAssertFalse(strict.contains("ReadPolicy"), strict)
        try s.execute("world mssd cache=\(folder)/cache logs=\(folder)/bad.csv tracks=\(folder)/tracks.csv skip_malformed=true")
        XCTAssertTrue(output(s).contains("note: skipped 1 malformed rows of \(log.count - 1)"), output(s))
        try s.execute("m = train-model popularity")
        XCTAssertTrue(output(s).contains("note: skipped 1 malformed rows"), output(s))
        XCTAssertTrue(output(s).contains("popularity: trained on"), output(s))
    }

    /// Defect 2: every play is checked against the track files; missing_tracks=drop drops them, counted.
    func testPlaysOfMissingTracksAreCountedOrDropped() throws {
        let folder = try fixture()
        // Drop one track that the last session plays, so a check of the first rows would miss it.
        let log = try lines(folder + "/sessions.csv")
        let lastTrack = log.last!.split(separator: ",")[3]
        let plays = log.dropFirst().filter { $0.split(separator: ",")[3] == lastTrack }.count
        try write(folder + "/fewer.csv", try lines(folder + "/tracks.csv").filter { !$0.hasPrefix(lastTrack + ",") })
        let s = quietSession()
        let error = message(s, "world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/fewer.csv")
        XCTAssertTrue(error.contains("\(plays) of \(log.count - 1) plays (1 track ids, e.g. '\(lastTrack)')"), error)
        XCTAssertTrue(error.contains("missing_tracks=drop"), error)
        try s.execute("world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/fewer.csv missing_tracks=drop")
        XCTAssertTrue(output(s).contains("note: missing_tracks=drop: dropped \(plays) of \(log.count - 1) plays"), output(s))
        try s.execute("m = train-model popularity")
        XCTAssertTrue(output(s).contains("note: missing_tracks=drop: dropped \(plays) plays"), output(s))
    }

    /// Defect 4: several track files in one list; the option twice is an error.
    func testSeveralTrackFilesAndRepeatedOptions() throws {
        let folder = try fixture()
        let s = quietSession()
        try s.execute("world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/tracks_a.csv,\(folder)/tracks_b.csv")
        XCTAssertEqual(try s.world(nil).catalog.count, 200)
        let twice = message(s, "world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/tracks_a.csv tracks=\(folder)/tracks_b.csv")
        XCTAssertEqual(twice, "world: option 'tracks' is given twice (give it once; lists are written with commas, e.g. a,b)")
    }

    /// Defect 5 and the dataset as shipped: gzip logs in a folder or a glob read like the plain log.
    func testGzipLogsInAFolderOrGlobReadLikeThePlainLog() throws {
        let folder = try fixture()
        let log = try lines(folder + "/sessions.csv")
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        // Cut between sessions, so no session spans two files.
        let cut = (400..<log.count).first { log[$0].split(separator: ",")[1] == "1" }!
        try write(folder + "/logs/log_0.csv", Array(log[..<cut]))
        try write(folder + "/logs/log_1.csv", [log[0]] + log[cut...])
        for name in ["log_0", "log_1"] {
            XCTAssertEqual(system("gzip '\(folder)/logs/\(name).csv'"), 0)
        }
        let s = quietSession()
        try s.execute("plain = world mssd cache=off logs=\(folder)/sessions.csv tracks=\(folder)/tracks.csv")
        try s.execute("folder = world mssd cache=\(folder)/cache logs=\(folder)/logs tracks=\(folder)/tracks.csv")
        try s.execute("glob = world mssd cache=\(folder)/cache logs=\(folder)/logs/log_*.csv.gz tracks=\(folder)/tracks.csv")
        let plain = try s.world("plain"), gz = try s.world("folder"), glob = try s.world("glob")
        XCTAssertEqual(gz.logFiles, ["\(folder)/logs/log_0.csv.gz", "\(folder)/logs/log_1.csv.gz"])
        XCTAssertEqual(glob.logFiles, gz.logFiles)
        XCTAssertEqual(gz.population.features, plain.population.features)
        let a = try SessionDataset.read(world: plain), b = try SessionDataset.read(world: gz)
        XCTAssertEqual(a.tracks, b.tracks)
        XCTAssertEqual(a.labels, b.labels)
    }

    /// Defects 6 and 7: a named world becomes the current world; `describe world` lists the kinds.
    func testNamedWorldBecomesCurrentAndDescribeWorldListsKinds() throws {
        let folder = try fixture()
        let s = quietSession()
        try s.execute("world demo tracks=50 users=5 sessions=0")
        try s.execute("w = world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/tracks.csv")
        XCTAssertTrue(try s.world(nil) === s.world("w"))
        try s.execute("m = train-model popularity")
        XCTAssertTrue(output(s).contains("popularity: trained on"), output(s))
        try s.execute("describe world")
        XCTAssertTrue(output(s).contains("mssd-v1"), output(s))
        XCTAssertTrue(output(s).contains("demo-v1"), output(s))
    }

    /// Defect 8: an empty test split is said, not printed as nan.
    func testEmptyTestSplitIsExplained() throws {
        let folder = try fixture()
        let s = quietSession()
        try s.execute("world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/tracks.csv")
        let count = (1...20).first { DatasetSplit(sessionCount: $0, seed: 1).test.isEmpty && $0 >= 3 }!
        try s.execute("m = train-model popularity sessions=\(count)")
        XCTAssertTrue(output(s).contains("no held-out report: the test split (seed 1) holds none of the \(count) logged sessions"), output(s))
        XCTAssertFalse(output(s).contains("nan"), output(s))
        let report = message(s, "model-report m sessions=\(count)")
        XCTAssertTrue(report.contains("model-report: the test split (seed 1) holds none"), report)
        XCTAssertTrue(report.contains("part=all"), report)
        try s.execute("model-report m sessions=\(count) part=all")
        XCTAssertFalse(output(s).contains("nan"), output(s))
    }

    /// Defect 9: date_format= names the logs' date format.
    func testDateFormatOption() throws {
        let folder = try fixture()
        let log = try lines(folder + "/sessions.csv")
        let european = log.map { line -> String in
            guard let match = line.range(of: #"2018-(\d\d)-(\d\d)"#, options: .regularExpression) else { return line }
            let parts = line[match].split(separator: "-")
            return line.replacingCharacters(in: match, with: "\(parts[2])/\(parts[1])/2018")
        }
        try write(folder + "/eu.csv", european)
        let s = quietSession()
        let error = message(s, "world mssd cache=\(folder)/cache logs=\(folder)/eu.csv tracks=\(folder)/tracks.csv")
        XCTAssertTrue(error.contains("column 'date': expected a date as YYYY-MM-DD"), error)
        XCTAssertTrue(error.contains("date_format="), error)
        XCTAssertTrue(message(s, "world mssd cache=\(folder)/cache logs=\(folder)/eu.csv tracks=\(folder)/tracks.csv date_format=MM/YYYY")
            .contains("must hold YYYY, MM and DD"))
        try s.execute("world mssd cache=\(folder)/cache logs=\(folder)/eu.csv tracks=\(folder)/tracks.csv date_format=DD/MM/YYYY")
        try s.execute("m = train-model popularity")
        XCTAssertTrue(output(s).contains("popularity: trained on"), output(s))
    }

    /// Defect 10: missing positions and the users= cap are told with counts.
    func testMissingPositionsAndUserCapAreNoticed() throws {
        let folder = try fixture()
        var log = try lines(folder + "/sessions.csv")
        let removed = log.firstIndex { $0.split(separator: ",")[1] == "2" }!
        log.remove(at: removed)
        try write(folder + "/gaps.csv", log)
        let s = quietSession()
        try s.execute("world mssd cache=\(folder)/cache logs=\(folder)/gaps.csv tracks=\(folder)/tracks.csv users=30")
        XCTAssertTrue(output(s).contains("note: 1 of 80 sessions have missing positions"), output(s))
        XCTAssertTrue(output(s).contains("note: users=30: the first 30 of 80 sessions are the listeners"), output(s))
    }

    /// fraction= keeps the same sessions on every load, in any file order.
    func testFractionKeepsTheSameSessionsByHash() throws {
        let folder = try fixture()
        let s = quietSession()
        try s.execute("a = world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/tracks.csv fraction=0.5")
        XCTAssertTrue(output(s).contains("note: kept "), output(s))
        try s.execute("b = world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv tracks=\(folder)/tracks.csv fraction=0.5")
        let a = try SessionDataset.read(world: s.world("a")), b = try SessionDataset.read(world: s.world("b"))
        XCTAssertEqual(a.tracks, b.tracks)
        XCTAssertTrue((20...60).contains(a.sessionCount), "\(a.sessionCount) of 80")
    }

    /// Through the real binary: a gzip log, a named world used by train-model.
    func testBinaryReadsGzipLogsIntoANamedWorld() throws {
        guard TerminalDriver.available else { throw XCTSkip("the segue binary is not built") }
        let folder = try fixture()
        XCTAssertEqual(system("gzip -k '\(folder)/sessions.csv'"), 0)
        let script = folder + "/mssd.segue"
        try write(script, ["w = world mssd cache=\(folder)/cache logs=\(folder)/sessions.csv.gz tracks=\(folder)/tracks_a.csv,\(folder)/tracks_b.csv users=50",
                           "m = train-model popularity", "describe world"])
        let result = TerminalDriver.run(TerminalDriver.binary, ["run", script])
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertTrue(result.output.contains("note: users=50: the first 50 of 80 sessions are the listeners"), result.output)
        XCTAssertTrue(result.output.contains("w: world 'logged': 200 tracks × 16 features, 50 users"), result.output)
        XCTAssertTrue(result.output.contains("popularity: trained on"), result.output)
        XCTAssertTrue(result.output.contains("mssd-v1"), result.output)
    }
}
