import Foundation
import XCTest

/// Replays the committed fuzz corpora (Fuzz/corpus/TARGET/) through the same
/// entry functions the libFuzzer targets drive (`scripts/fuzz`), in the
/// ordinary test build: a reader that crashes on a corpus input — a seed, or a
/// crash the fuzzer found and that was fixed — fails the suite without the
/// sanitizer build. Seeds that are valid files must still read as valid.
final class FuzzCorpusTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/corpus").path

    /// The inputs of `target`'s corpus, by file name.
    func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = "\(Self.corpus)/\(target)"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertFalse(names.isEmpty, "Fuzz/corpus/\(target) is empty")
        return try names.map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\($0)")))) }
    }

    func testCSVCorpus() throws {
        let results = try inputs("csv").map { FuzzCSV.run($0.bytes) }
        XCTAssertTrue(results.contains(true), "no csv seed reads cleanly")
        XCTAssertTrue(results.contains(false), "no csv seed has a malformed row")
    }

    func testMSSDCorpus() throws {
        for input in try inputs("mssd") where input.name.hasPrefix("sessions.") || input.name.hasPrefix("tracks.") {
            XCTAssertTrue(FuzzMSSD.run(input.bytes), "\(input.name) should read as a log or a tracks file")
        }
        for input in try inputs("mssd") { FuzzMSSD.run(input.bytes) }
    }

    func testSafeTensorsCorpus() throws {
        for input in try inputs("safetensors") {
            XCTAssertEqual(FuzzSafeTensors.run(input.bytes), !input.name.hasPrefix("bad-"), input.name)
        }
    }

    func testModelFileCorpus() throws {
        for input in try inputs("modelfile") {
            XCTAssertEqual(FuzzModelFile.run(input.bytes), !input.name.hasPrefix("bad-"), input.name)
        }
    }

    /// The generated model seeds are what this version writes: if the format
    /// changes, `scripts/fuzz --seeds modelfile` writes them again.
    func testModelFileSeedsAreCurrent() throws {
        for (name, bytes) in try FuzzModelFile.seeds() {
            XCTAssertTrue(FuzzModelFile.run(bytes), name)
        }
    }

    func testCheckpointCorpus() throws {
        for input in try inputs("checkpoint") {
            XCTAssertEqual(FuzzCheckpoint.run(input.bytes), !input.name.hasPrefix("bad-"), input.name)
        }
    }

    func testShellCorpus() throws {
        let valid = try inputs("shell").map { FuzzShell.run($0.bytes) }
        XCTAssertGreaterThan(valid.reduce(0, +), 0, "no shell seed holds a valid command")
    }

    func testSessionCorpus() throws {
        for input in try inputs("session") {
            XCTAssertEqual(FuzzSession.run(input.bytes) != nil, !input.name.hasPrefix("bad-"), input.name)
        }
    }

    func testJournalCorpus() throws {
        let counts = try inputs("journal").map { FuzzJournal.run($0.bytes) }
        XCTAssertTrue(counts.contains { $0 > 0 }, "no journal seed holds a command")
    }
}
