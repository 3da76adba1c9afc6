import Foundation
import XCTest
@testable import SegueData

/// Gzip input, date formats, file sets, session samples and multi-file
/// sources: the MSSD as Spotify ships it (many `.csv.gz` logs, two track files).
final class MSSDInputTests: XCTestCase {
    /// Compresses `url` with the system's gzip into `name` (gzip is Essential on Debian).
    func gzip(_ url: URL, to name: String, in folder: URL) throws -> URL {
        let target = folder.appendingPathComponent(name)
        XCTAssertEqual(system("gzip -c '\(url.path)' > '\(target.path)'"), 0)
        return target
    }

    func log(_ sessions: Int, plays: Int = 3) -> String {
        var lines = [sessionHeader]
        for s in 0..<sessions {
            for p in 1...plays { lines.append(sessionRow("s_\(s)", p, plays)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func testGzipIsReadByItsMagicBytesNotItsName() throws {
        let folder = try makeTemporaryFolder(for: self)
        let plain = try writeFile(log(40), named: "plain.csv", in: folder)
        let expected = try SessionLogReader(url: plain).readAll()
        let gz = try gzip(plain, to: "log.csv.gz", in: folder)
        let misnamed = try gzip(plain, to: "log_0.csv", in: folder)
        XCTAssertTrue(isGzipFile(atPath: gz.path))
        XCTAssertFalse(isGzipFile(atPath: plain.path))
        XCTAssertEqual(try SessionLogReader(url: gz).readAll(), expected)
        XCTAssertEqual(try SessionLogReader(url: misnamed).readAll(), expected)
        // A plain file named .gz reads as plain.
        let plainNamedGz = try writeFile(log(40), named: "plain.csv.gz", in: folder)
        XCTAssertEqual(try SessionLogReader(url: plainNamedGz).readAll(), expected)
        // Gzip input still skips a malformed row and goes on.
        let bad = try writeFile(log(2).replacingOccurrences(of: "s_1,2,3,t_1,false", with: "s_1,2,3,t_1,maybe"),
                                named: "bad.csv", in: folder)
        let reader = try SessionLogReader(url: try gzip(bad, to: "bad.csv.gz", in: folder), policy: .skipping)
        XCTAssertEqual(try reader.readAll().count, 5)
        XCTAssertEqual(reader.report.rowsSkipped, 1)
    }

    func testTruncatedGzipNamesTheFile() throws {
        let folder = try makeTemporaryFolder(for: self)
        let gz = try gzip(try writeFile(log(2_000), named: "big.csv", in: folder), to: "big.csv.gz", in: folder)
        let bytes = try Data(contentsOf: gz)
        let cut = folder.appendingPathComponent("cut.csv.gz")
        try bytes.prefix(bytes.count / 2).write(to: cut)
        XCTAssertThrowsError(try SessionLogReader(url: cut).readAll()) { error in
            guard case .cannotRead(let file, _)? = error as? DataError else { return XCTFail("\(error)") }
            XCTAssertTrue(file.hasSuffix("cut.csv.gz"), file)
        }
    }

    func testMalformedRowHintNamesTheShellOption() throws {
        let error = DataError.wrongFieldCount(file: "log.csv", line: 6, column: "#22", expected: 21, got: 22)
        XCTAssertTrue(error.hint.contains("skip_malformed=true"), error.hint)
        XCTAssertFalse(error.hint.contains("ReadPolicy"), error.hint)
    }

    func testDateFormatsAreNamedByPattern() throws {
        XCTAssertEqual(LogDateFormat("DD/MM/YYYY")?.date("15/07/2018"), LogDate(year: 2018, month: 7, day: 15))
        XCTAssertEqual(LogDateFormat("YYYYMMDD")?.date("20180715"), LogDate(year: 2018, month: 7, day: 15))
        XCTAssertEqual(LogDateFormat("YYYY-MM-DD*")?.date("2018-07-15 00:00:00"), LogDate(year: 2018, month: 7, day: 15))
        XCTAssertNil(LogDateFormat("YYYY-MM-DD")?.date("2018-07-15 00:00:00"))
        XCTAssertNil(LogDateFormat("DD/MM/YYYY")?.date("31/02/2018"), "not a real date")
        XCTAssertNil(LogDateFormat("MM/YYYY"), "no day")
        XCTAssertNil(LogDateFormat("DD/DD/YYYY"), "day twice")

        let folder = try makeTemporaryFolder(for: self)
        let url = try writeFile(log(2).replacingOccurrences(of: "2018-07-15", with: "15/07/2018"), named: "eu.csv", in: folder)
        XCTAssertThrowsError(try SessionLogReader(url: url).readAll()) { error in
            let data = error as? DataError
            XCTAssertEqual(data?.column, "date")
            XCTAssertTrue(data?.hint.contains("date_format=") ?? false, "\(String(describing: data?.hint))")
        }
        let records = try SessionLogReader(url: url, policy: ReadPolicy(dateFormat: LogDateFormat("DD/MM/YYYY")!)).readAll()
        XCTAssertEqual(records.count, 6)
        XCTAssertEqual(records[0].date, LogDate(year: 2018, month: 7, day: 15))
    }

    func testFileSetsResolveListsFoldersAndGlobs() throws {
        let folder = try makeTemporaryFolder(for: self)
        for name in ["log_1.csv", "log_0.csv.gz", "notes.txt", ".hidden.csv"] { _ = try writeFile("x", named: name, in: folder) }
        let path = folder.path
        XCTAssertEqual(try LogFileSet.resolve(path, option: "logs"), ["\(path)/log_0.csv.gz", "\(path)/log_1.csv"])
        XCTAssertEqual(try LogFileSet.resolve("\(path)/log_*", option: "logs"), ["\(path)/log_0.csv.gz", "\(path)/log_1.csv"])
        XCTAssertEqual(try LogFileSet.resolve("b.csv, a.csv,b.csv", option: "tracks"), ["b.csv", "a.csv"])
        XCTAssertThrowsError(try LogFileSet.resolve("\(path)/tf_*.csv", option: "tracks")) { error in
            XCTAssertTrue("\(error)".contains("tracks=\(path)/tf_*.csv: cannot open for reading: the pattern matches no file"), "\(error)")
        }
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        XCTAssertThrowsError(try LogFileSet.resolve(empty.path, option: "logs"))
    }

    func testSessionSampleIsStableNestedAndProportional() {
        let ids = (0..<10_000).map { "0_\($0)-\($0 * 7919)" }
        let half = SessionSample(fraction: 0.5), fifth = SessionSample(fraction: 0.2)
        let keptHalf = ids.filter(half.contains), keptFifth = ids.filter(fifth.contains)
        XCTAssertEqual(keptHalf, ids.filter(SessionSample(fraction: 0.5).contains), "the same ids every time")
        XCTAssertTrue((4_700...5_300).contains(keptHalf.count), "\(keptHalf.count)")
        XCTAssertTrue((1_800...2_200).contains(keptFifth.count), "\(keptFifth.count)")
        XCTAssertTrue(Set(keptFifth).isSubset(of: Set(keptHalf)), "a smaller fraction keeps a subset")
        XCTAssertEqual(ids.filter(SessionSample.all.contains).count, ids.count)
    }

    func testSourceReadsFilesInTurnAndCountsWhatItSkipped() throws {
        let folder = try makeTemporaryFolder(for: self)
        let first = try writeFile(log(3), named: "a.csv", in: folder)
        // The second file: session s_9 lacks position 2, and one row is malformed.
        var rows = [sessionHeader, sessionRow("s_8", 1, 2), sessionRow("s_8", 2, 2).replacingOccurrences(of: ",14,", with: ",25,"),
                    sessionRow("s_9", 1, 3), sessionRow("s_9", 3, 3)]
        rows.append(sessionRow("s_10", 1, 1))
        let second = try gzip(try writeFile(rows.joined(separator: "\n"), named: "b.csv", in: folder), to: "b.csv.gz", in: folder)
        let source = SessionLogSource(files: [first.path, second.path], policy: .skipping)
        var ids: [String] = []
        while let session = try source.nextSession() { ids.append(session.id) }
        XCTAssertEqual(ids, ["s_0", "s_1", "s_2", "s_8", "s_9", "s_10"])
        XCTAssertEqual(source.summary.rowsRead, 9 + 4)
        XCTAssertEqual(source.summary.rowsSkipped, 1)
        XCTAssertEqual(source.summary.incompleteSessions, 2, "s_8 lost a row, s_9 lacks position 2")
        XCTAssertTrue(source.summary.notices[0].hasPrefix("skipped 1 malformed rows of 14"), source.summary.notices[0])
        XCTAssertTrue(source.summary.notices[1].hasPrefix("2 of 6 sessions have missing positions"), source.summary.notices[1])
    }
}
