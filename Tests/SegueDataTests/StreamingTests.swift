import XCTest
@testable import SegueData

/// A log far larger than the reader's chunk is read one chunk at a time.
final class StreamingTests: XCTestCase {
    func testLargeLogIsGroupedIncrementallyWithBoundedMemory() throws {
        let url = try makeTemporaryFolder(for: self).appendingPathComponent("big.csv")
        let sessionCount = 20_000, length = 10   // 200,000 rows
        try writeLog(to: url, sessions: sessionCount, length: length)
        let fileSize = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        XCTAssertGreaterThan(fileSize, 15_000_000)

        let chunk = 64 * 1024
        let reader = try SessionLogReader(url: url, policy: ReadPolicy(chunkSize: chunk))
        let baseline = residentBytes()
        var peak = baseline
        var sessions = 0, plays = 0
        var firstSessionBytes: Int64 = -1
        try reader.forEachSession { session in
            sessions += 1
            plays += session.plays.count
            XCTAssertTrue(session.isComplete)
            if sessions == 1 { firstSessionBytes = reader.bytesRead }
            if sessions == sessionCount / 2 {
                let fraction = Double(reader.bytesRead) / Double(fileSize)
                XCTAssertEqual(fraction, 0.5, accuracy: 0.02, "halfway through the sessions, halfway through the file")
            }
            if sessions % 1000 == 0 { peak = max(peak, residentBytes()) }
        }
        XCTAssertEqual(sessions, sessionCount)
        XCTAssertEqual(plays, sessionCount * length)
        XCTAssertEqual(firstSessionBytes, Int64(chunk), "the first session came from the first chunk")
        XCTAssertEqual(reader.bytesRead, Int64(fileSize))
        XCTAssertLessThan(peak - baseline, 16 << 20, "resident memory grew by \(peak - baseline) bytes")
    }

    /// Writes a log of `sessions` sessions of `length` plays each, fast: one row
    /// template per position, prefixed with the session id, written in 1 MiB pieces.
    private func writeLog(to url: URL, sessions: Int, length: Int) throws {
        let rests = (1...length).map { position in
            String(samplePlay(session: 0, position: position, length: length).csvFields
                .dropFirst().joined(separator: ",")) + "\n"
        }
        try Data((sessionHeader + "\n").utf8).write(to: url)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        var piece = ""
        for session in 0..<sessions {
            let id = "s\(100_000 + session),"
            for rest in rests { piece += id + rest }
            if piece.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(piece.utf8))
                piece = ""
            }
        }
        try handle.write(contentsOf: Data(piece.utf8))
    }

    /// The process's resident memory in bytes, from /proc (0 where unavailable).
    private func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
