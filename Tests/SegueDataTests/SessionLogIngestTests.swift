import Foundation
import XCTest
@testable import SegueData

/// The string-free ingest (`SessionLogIngest`) against the way caches were
/// built before it: `SessionLogSource` sessions folded with `[String: UInt32]`
/// dictionaries. Logs full of what could set the two apart: unsorted and
/// missing positions, malformed rows, ids equal as strings but not as bytes
/// (composed and decomposed accents, U+212A KELVIN SIGN and K, bytes that are
/// not UTF-8), samples.
final class SessionLogIngestTests: XCTestCase {
    /// What the cache holds, folded as `SessionCacheBuilder` did with strings.
    struct Folded: Equatable {
        var playStart: [UInt64] = [0]
        var sessionInfo: [UInt32] = []
        var playTrack: [UInt32] = []
        var playFlags: [UInt8] = []
        var trackIDs: [String] = []
        var contextTypes: [String] = []
    }

    /// The reference: every session of `source`, folded with string dictionaries.
    func reference(_ source: SessionLogSource) throws -> Folded {
        var folded = Folded()
        var tracks: [String: UInt32] = [:], contexts: [String: UInt32] = [:]
        while let session = try source.nextSession() {
            let context: UInt32
            if let known = contexts[session.contextType] { context = known } else {
                context = UInt32(min(folded.contextTypes.count, 0xFFFF))
                if folded.contextTypes.count < 0xFFFF {
                    contexts[session.contextType] = context
                    folded.contextTypes.append(session.contextType)
                }
            }
            folded.sessionInfo.append((session.premium ? 1 : 0) | (session.isComplete ? 2 : 0)
                                      | UInt32(session.hourOfDay) << 2 | context << 8)
            for play in session.plays {
                let track: UInt32
                if let known = tracks[play.trackID] { track = known } else {
                    track = UInt32(folded.trackIDs.count)
                    tracks[play.trackID] = track
                    folded.trackIDs.append(play.trackID)
                }
                folded.playTrack.append(track)
                folded.playFlags.append((play.notSkipped ? 1 : 0) | (play.skip1 ? 2 : 0) | (play.skip2 ? 4 : 0) | (play.skip3 ? 8 : 0))
            }
            folded.playStart.append(UInt64(folded.playTrack.count))
        }
        return folded
    }

    func folded(_ builder: SessionCacheBuilder.Builder) -> Folded {
        Folded(playStart: builder.playStart, sessionInfo: builder.sessionInfo, playTrack: builder.playTrack,
               playFlags: builder.playFlags, trackIDs: builder.trackIDs.strings, contextTypes: builder.contextTypes.strings)
    }

    /// A log of `sessions` random sessions; byte 0x01 in an id stands for 0xFF and 0x02 for 0xFE (not UTF-8).
    func randomLog(seed: UInt64, sessions: Int, malformed: Bool) -> Data {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let sessionIDs = ["s_a", "s_b", "s\u{E9}", "se\u{301}", "\u{1}s", "\u{2}s", "s_\u{212A}", "s_K", "s_c"]
        let trackIDs = (0..<40).map { "t_\($0)" }
            + ["K", "\u{212A}", "\u{C5}", "\u{212B}", "A\u{30A}", "\u{1}t", "\u{2}t", "\u{FB01}", "fi", "t_\u{E9}", "\"t_q\""]
        let contexts = SessionLogRecord.knownContextTypes + ["K", "\u{212A}", "\u{1}c", "\u{2}c", ""]
        let bad = ["maybe", "x", "", "-1", "24", "2018-02-30", "1,2"]
        var lines = [sessionHeader]
        for s in 0..<sessions {
            // Sometimes the id of the session before, or one equal to it as a string only.
            let id = next(6) == 0 && s > 0 ? sessionIDs[next(sessionIDs.count)] : "\(sessionIDs[next(sessionIDs.count)])_\(s % 7)"
            let length = 1 + next(10)
            var positions = Array(1...length)
            switch next(6) {
            case 0: var generator = LCG(state: state); positions.shuffle(using: &generator)
            case 1: positions.removeLast(min(2, positions.count - 1))
            case 2: positions.append(positions[next(positions.count)])
            case 3: positions.reverse()
            default: break
            }
            for position in positions {
                var fields = [
                    id, " \(position) ", "\(length)", trackIDs[next(trackIDs.count)],
                    "\(next(2) == 0)", next(2) == 0 ? "1" : "0", "TRUE", "false",
                    "0", "1", "0", "0", "\(next(4))", "0", "true", "\(next(24))", "2018-07-\(10 + next(18))",
                    next(2) == 0 ? "true" : "false", contexts[next(contexts.count)], "trackdone", "fwdbtn",
                ]
                if malformed && next(25) == 0 { fields[next(fields.count)] = bad[next(bad.count)] }
                lines.append(fields.joined(separator: ","))
            }
        }
        var data = Data((lines.joined(separator: "\n") + "\n").utf8)
        for index in data.indices where data[index] < 3 && data[index] > 0 { data[index] = data[index] == 1 ? 0xFF : 0xFE }
        return data
    }

    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    func testIngestFoldsAsTheStringPathDid() throws {
        let folder = try makeTemporaryFolder(for: self)
        for seed in 1...6 as ClosedRange<UInt64> {
            let url = folder.appendingPathComponent("log-\(seed).csv")
            try randomLog(seed: seed, sessions: 400, malformed: seed % 2 == 0).write(to: url)
            for fraction in [1, 0.5, 0.2] {
                let sample = SessionSample(fraction: fraction)
                let expected = try reference(SessionLogSource(files: [url.path], policy: .skipping, sample: sample))
                let source = SessionLogSource(files: [url.path], policy: .skipping, sample: sample)
                _ = try reference(source)
                var builder = SessionCacheBuilder.Builder()
                var checkpoints = 0
                let summary = try SessionLogIngest.read(path: url.path, policy: .skipping, sample: sample, into: &builder) { _, _ in
                    checkpoints += 1
                }
                let context = "seed \(seed), fraction \(fraction)"
                XCTAssertEqual(folded(builder), expected, context)
                XCTAssertEqual(summary, source.summary, context)
                XCTAssertEqual(checkpoints, expected.sessionInfo.isEmpty ? 0 : 1, "the first session, then every 64k rows")
                XCTAssertGreaterThan(expected.sessionInfo.count, 50, context)
                if seed % 2 == 0 { XCTAssertGreaterThan(summary.rowsSkipped, 0, context) }
            }
        }
    }

    func testIngestStopsAtTheFirstMalformedRowUnderFailWithTheSameError() throws {
        let folder = try makeTemporaryFolder(for: self)
        let url = folder.appendingPathComponent("log.csv")
        try randomLog(seed: 2, sessions: 400, malformed: true).write(to: url)
        let source = SessionLogSource(files: [url.path], policy: .strict)
        let expected = assertDataError(try reference(source))
        var builder = SessionCacheBuilder.Builder()
        let error = assertDataError(try SessionLogIngest.read(path: url.path, policy: .strict, sample: .all, into: &builder) { _, _ in })
        XCTAssertNotNil(expected)
        XCTAssertEqual(error, expected)
    }

    /// `RowDecoder.bool` (one load per word) against the rule it implements,
    /// written out byte by byte here, on every byte in every place of the
    /// words, other lengths, and spaces around.
    func testBoolReadsExactlyTrueFalseInAnyCaseAndOneZero() throws {
        var words: [[UInt8]] = (0...255).map { [UInt8($0)] }
        for word in ["true", "false", "TRUE", "False"] {
            let bytes = Array(word.utf8)
            for index in bytes.indices {
                for value in 0...255 {
                    var changed = bytes
                    changed[index] = UInt8(value)
                    words.append(changed)
                }
            }
            words += [bytes + [0x65], Array(bytes.dropLast()), [0x20] + bytes + [0x09], [0x20, 0x31]]
        }
        var text: [UInt8] = Array("field\n".utf8)
        for word in words {
            text += [0x22] + word.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22, 0x0A]
        }
        let url = try makeTemporaryFolder(for: self).appendingPathComponent("flags.csv")
        try Data(text).write(to: url)
        let tokenizer = try CSVTokenizer(path: url.path, file: "flags.csv")
        XCTAssertTrue(try tokenizer.nextRow())
        var rows = 0, accepted = 0
        while try tokenizer.nextRow() {
            let decoder = RowDecoder<SessionLogRecord.Column>(
                row: tokenizer.row, positions: Array(repeating: 0, count: 21), file: "flags.csv", line: tokenizer.line)
            let expected = Self.referenceBool(tokenizer.row.field(0)), got = Result { try decoder.bool(.skip1) }
            switch (expected, got) {
            case let (a?, .success(b)): XCTAssertEqual(a, b, "line \(tokenizer.line)"); accepted += 1
            case let (nil, .failure(error)):
                guard case .invalidValue(_, _, let column, let what, _)? = error as? DataError else {
                    return XCTFail("line \(tokenizer.line): \(error)")
                }
                XCTAssertEqual(column, "skip_1")
                XCTAssertEqual(what, "true/false or 1/0")
            default: XCTFail("line \(tokenizer.line): the rule gives \(String(describing: expected)), bool \(got)")
            }
            rows += 1
        }
        XCTAssertEqual(rows, words.count)
        XCTAssertEqual(accepted, 2 + (4 + 5 + 4 + 5) * 2 + 4 + 4, "1, 0; each word with each letter as is or in the other case; spaced; ' 1'")
    }

    /// The boolean rule byte by byte: spaces and tabs around are ignored; then
    /// "1", "0", or "true"/"false" with any letter in either ASCII case.
    static func referenceBool(_ field: UnsafeBufferPointer<UInt8>) -> Bool? {
        var bytes = Array(field)
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        let lowered = bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        switch lowered {
        case Array("1".utf8), Array("true".utf8): return true
        case Array("0".utf8), Array("false".utf8): return false
        default: return nil
        }
    }

    func testKeyTableComparesAsStrings() {
        var table = UTF8KeyTable()
        XCTAssertEqual(table.index(of: "\u{212A}"), 0, "KELVIN SIGN first")
        XCTAssertEqual(table.index(of: "K"), 0, "K equals it as a string")
        XCTAssertEqual(table.index(of: "A\u{30A}"), 1)
        XCTAssertEqual(table.index(of: "\u{C5}"), 1)
        XCTAssertEqual(table.index(of: "\u{212B}"), 1)
        XCTAssertEqual(table.index(of: "k"), 2)
        XCTAssertEqual(table.index(of: ""), 3)
        for bytes: [UInt8] in [[0xFF, 0x41], [0xFE, 0x41]] {
            XCTAssertEqual(bytes.withUnsafeBufferPointer { table.index(of: $0) }, 4, "not UTF-8: read as U+FFFD")
        }
        XCTAssertEqual(table.index(of: "\u{FFFD}A"), 4)
        XCTAssertEqual(table.strings, ["\u{212A}", "A\u{30A}", "k", "", "\u{FFFD}A"], "first spellings")
        XCTAssertNil(table.index(of: "new", limit: 5))
        XCTAssertEqual(table.index(of: "K", limit: 5), 0, "known keys are found at the limit")
        for n in 0..<10_000 { XCTAssertEqual(table.index(of: "track-\(n)"), UInt32(5 + n)) }
        for n in stride(from: 0, to: 10_000, by: 7) { XCTAssertEqual(table.index(of: "track-\(n)"), UInt32(5 + n)) }
        XCTAssertEqual(table.count, 10_005)
    }
}
