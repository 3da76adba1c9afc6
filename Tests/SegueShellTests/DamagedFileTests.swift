import Foundation
import XCTest
import SegueCore
import SegueTensor
import SegueModels
import SegueAgents
@testable import SegueShell

/// Damaged files: a model file, a checkpoint or a journal that is truncated or
/// has one flipped bit is refused with a message naming the file and what is
/// wrong (header, size, tensor, checksum), never read as other weights or
/// other commands; and the shell keeps its values when a load fails.
final class DamagedFileTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "segue-damaged-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { [folder] in try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The message of the error `body` throws, or a failure when it does not throw.
    func message(_ body: () throws -> Void, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("\(what) was read as if it were whole", file: file, line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// Where a safetensors file's header ends.
    func headerEnd(_ bytes: [UInt8]) -> Int {
        8 + bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }

    /// Cuts before the header length, in the header, at its end, in the data, and one byte short.
    func cuts(_ bytes: [UInt8]) -> [Int] {
        let end = headerEnd(bytes)
        return [0, 5, 8, 9, end / 2, end - 1, end, end + 5, (end + bytes.count) / 2, bytes.count - 1]
    }

    let damageWords = ["header", "truncated", "size", "checksum", "tensor", "damaged"]

    func testTruncatedModelFilesAreRefusedNamingFileAndWhat() throws {
        for (name, bytes) in try FuzzModelFile.seeds() {
            for cut in cuts(bytes) {
                let path = "\(folder)/\(name)-\(cut).safetensors"
                try Data(bytes.prefix(cut)).write(to: URL(fileURLWithPath: path))
                let text = message({ _ = try ModelFile.load(path: path, catalog: FuzzModelFile.catalog,
                                                           population: FuzzModelFile.population) }, "\(name) cut at \(cut)")
                XCTAssertTrue(text.contains(path), "\(name) cut at \(cut): \(text)")
                XCTAssertTrue(damageWords.contains { text.contains($0) }, "\(name) cut at \(cut): \(text)")
            }
        }
    }

    func testEverySingleBitFlipInAModelFileIsRefused() throws {
        let bytes = try XCTUnwrap(FuzzModelFile.seeds()["cwm"])
        let path = "\(folder)/cwm.safetensors"
        var reasons: [String: Int] = [:]
        for index in bytes.indices {
            var flipped = bytes
            flipped[index] ^= 1 << UInt8(index % 8)
            try Data(flipped).write(to: URL(fileURLWithPath: path))
            let text = message({ _ = try ModelFile.load(path: path, catalog: FuzzModelFile.catalog) }, "byte \(index) flipped")
            XCTAssertTrue(text.contains(path), "byte \(index): \(text)")
            for word in damageWords + ["format", "JSON", "not a"] where text.contains(word) { reasons[word, default: 0] += 1 }
        }
        XCTAssertGreaterThan(reasons["checksum"] ?? 0, bytes.count / 4, "flips in data and metadata are caught by the checksum: \(reasons)")
        XCTAssertGreaterThan(reasons["header"] ?? 0, 0, "flips in the header length: \(reasons)")
    }

    func testAModelFileWithoutItsChecksumIsRefusedAndAnOldOneLoads() throws {
        let bytes = try XCTUnwrap(FuzzModelFile.seeds()["cwm"])
        let file = try SafeTensors(decoding: bytes)
        XCTAssertTrue(file.hasChecksum)
        // The same tensors and metadata written without the checksum key, as Segue did before it.
        func withoutChecksum(format: String) throws -> String {
            var metadata = file.metadata
            metadata["format"] = format
            var encoded = try SafeTensors(tensors: file.tensors, metadata: metadata).encoded()
            let end = headerEnd(encoded)
            var header = String(decoding: encoded[8..<end], as: UTF8.self)
            let key = try XCTUnwrap(header.range(of: #","segue_checksum":"fnv1a64:[0-9a-f]{16}""#, options: .regularExpression))
            header.replaceSubrange(key, with: String(repeating: " ", count: 0))
            header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
            let data = Array(encoded[end...])
            encoded = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init) + Array(header.utf8) + data
            let path = "\(folder)/\(format).safetensors"
            try Data(encoded).write(to: URL(fileURLWithPath: path))
            return path
        }
        let stripped = try withoutChecksum(format: ModelFile.format)
        let text = message({ _ = try ModelFile.load(path: stripped, catalog: FuzzModelFile.catalog) }, "a v2 file without checksum")
        XCTAssertTrue(text.contains(stripped) && text.contains("checksum: missing"), text)
        let old = try withoutChecksum(format: ModelFile.formatWithoutChecksum)
        XCTAssertEqual(try ModelFile.load(path: old, catalog: FuzzModelFile.catalog).kind, .cwm)
    }

    func testTruncatedAndBitFlippedCheckpointsAreRefused() throws {
        let seeds = try FuzzCheckpoint.seeds().filter { !$0.key.hasSuffix("-v1") }
        XCTAssertEqual(seeds.count, 2)
        for (name, bytes) in seeds {
            let path = "\(folder)/\(name).safetensors"
            func restore(_ damaged: [UInt8], _ what: String) -> String {
                try? Data(damaged).write(to: URL(fileURLWithPath: path))
                let agent = FuzzCheckpoint.agents(try! FuzzCheckpoint.environment().specs).first { $0.name == name }!
                let trainer = Trainer(agent: agent, environments: [try! FuzzCheckpoint.environment()])
                return message({ try trainer.restore(from: path) }, "\(name): \(what)")
            }
            for cut in cuts(bytes) {
                let text = restore(Array(bytes.prefix(cut)), "cut at \(cut)")
                XCTAssertTrue(text.contains(path) && damageWords.contains { text.contains($0) }, "\(name) cut at \(cut): \(text)")
            }
            // One flipped bit at every 13th byte (all of a checkpoint's regions; the model test flips every byte).
            for index in stride(from: 0, to: bytes.count, by: 13) {
                var flipped = bytes
                flipped[index] ^= 1 << UInt8(index % 8)
                let text = restore(flipped, "byte \(index) flipped")
                XCTAssertTrue(text.contains(path), "\(name) byte \(index): \(text)")
            }
        }
    }

    /// Found by the `checkpoint` fuzz target (Fuzz/corpus/checkpoint/bad-ppo-mask-closes-action,
    /// which negative Adam moments now stop first): a PPO rollout whose mask closes
    /// every candidate of a step trapped in the softmax at the next update; it is
    /// refused when read. Here the mask is closed in an otherwise whole checkpoint.
    func testACheckpointWhoseRolloutMaskClosesTheActionIsRefused() throws {
        var file = try SafeTensors(decoding: try XCTUnwrap(FuzzCheckpoint.seeds()["ppo"]))
        let index = try XCTUnwrap(file.tensors.firstIndex { $0.name == "rollout.masks" })
        var masks = file.tensors[index].matrix
        for c in 0..<masks.columns { masks[0, c] = 0 }
        file.tensors[index].matrix = masks
        let path = "\(folder)/closed.safetensors"
        try file.write(to: URL(fileURLWithPath: path))
        let agent = FuzzCheckpoint.agents(try FuzzCheckpoint.environment().specs).first { $0.name == "ppo" }!
        let trainer = Trainer(agent: agent, environments: [try FuzzCheckpoint.environment()])
        let text = message({ try trainer.restore(from: path) }, "a closed rollout mask")
        XCTAssertTrue(text.contains(path) && text.contains("'rollout.masks' row 0 closes the action"), text)
    }

    /// Found by the `checkpoint` fuzz target: a version 1 PPO checkpoint whose
    /// Adam second moments were negative made the next update's weights NaN,
    /// and the step after trapped in the softmax; such moments are refused when
    /// read (and a policy scoring NaN stops a step with a message).
    func testNegativeAdamMomentsAreRefused() throws {
        let path = FuzzCorpusTests.corpus + "/checkpoint/bad-ppo-negative-adam-moments"
        let agent = FuzzCheckpoint.agents(try FuzzCheckpoint.environment().specs).first { $0.name == "ppo" }!
        let trainer = Trainer(agent: agent, environments: [try FuzzCheckpoint.environment()])
        let text = message({ try trainer.restore(from: path) }, "negative second moments")
        XCTAssertTrue(text.contains(path) && text.contains("'adam.v.0' holds a negative second moment"), text)
    }

    /// A journal as the shell writes it: commands and outcomes with their checksums.
    func writeJournal() -> (path: String, bytes: [UInt8]) {
        let journal = Journal(path: "\(folder)/home/journals/j.segue")
        journal.start(folder: folder)
        for (line, outcome) in [("world demo tracks=300", Journal.Outcome.finished), ("e = env seed=1", .finished),
                                ("train a env=e steps=500", .interrupted(301)), ("save-model m m.safetensors", .failed)] {
            journal.record(line)
            journal.record(outcome: outcome)
        }
        journal.record("compare a random env=e")
        return (journal.path, [UInt8](FileManager.default.contents(atPath: journal.path)!))
    }

    func testAWholeJournalReadsWithoutDamage() {
        let (path, _) = writeJournal()
        let contents = Journal(path: path).read()
        XCTAssertNil(contents.damage)
        XCTAssertEqual(contents.entries.map(\.outcome), [.finished, .finished, .interrupted(301), .failed, .running])
        XCTAssertTrue(Journal(path: path).isOwn(folder: folder))
    }

    func testATruncatedJournalNamesTheLineAndKeepsWhatComesBefore() throws {
        let (path, bytes) = writeJournal()
        let lineStarts = bytes.indices.filter { $0 == 0 || bytes[$0 - 1] == UInt8(ascii: "\n") }
        var damaged = 0
        for start in lineStarts.dropFirst() {
            for cut in [start + 1, start + 3] where cut < bytes.count {   // in the middle of a line
                try Data(bytes.prefix(cut)).write(to: URL(fileURLWithPath: path))
                let contents = Journal(path: path).read()
                let line = bytes[..<cut].filter { $0 == UInt8(ascii: "\n") }.count + 1
                XCTAssertEqual(contents.damage, "\(path):\(line): the last line is cut short (no line end): the journal is damaged")
                XCTAssertLessThanOrEqual(contents.entries.count, 5)
                damaged += 1
            }
        }
        XCTAssertGreaterThan(damaged, 10)
    }

    func testEverySingleBitFlipInAJournalIsCaught() throws {
        let (path, bytes) = writeJournal()
        let headerEnd = try XCTUnwrap(bytes.firstIndex(of: UInt8(ascii: "\n")))
        for index in bytes.indices {
            var flipped = bytes
            flipped[index] ^= 1 << UInt8(index % 8)
            try Data(flipped).write(to: URL(fileURLWithPath: path))
            let journal = Journal(path: path)
            if index <= headerEnd {
                // A changed header (or its line end): no longer this user's journal, never replayed without a question.
                XCTAssertFalse(journal.isOwn(folder: folder), "header byte \(index)")
            } else {
                let damage = journal.read().damage
                XCTAssertNotNil(damage, "byte \(index) flipped, read as whole")
                XCTAssertTrue(damage?.hasPrefix(path + ":") ?? false, damage ?? "")
            }
        }
    }

    func testAFailedLoadFromADamagedFileKeepsTheShellsValues() throws {
        let s = ShellSession()
        s.sink = { _ in }
        s.statusSink = { _, _ in }
        for line in ["w = world demo tracks=300 users=40 sessions=300 folder=\(folder)/world", "e = env world=w seed=1",
                     "a = agent ahdqn env=e", "m = train-model popularity world=w",
                     "save-model m \(folder)/m.safetensors", "checkpoint a \(folder)/a.safetensors env=e"] {
            try s.execute(line)
        }
        let values = s.valueOrder
        for file in ["m", "a"] {
            let path = "\(folder)/\(file).safetensors"
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes[bytes.count - 3] ^= 0x10
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let load = message({ try s.execute("m = load-model \(folder)/m.safetensors world=w") }, "a damaged model file")
        XCTAssertTrue(load.contains("\(folder)/m.safetensors") && load.contains("checksum mismatch"), load)
        let resume = message({ try s.execute("resume a \(folder)/a.safetensors env=e") }, "a damaged checkpoint")
        XCTAssertTrue(resume.contains("\(folder)/a.safetensors") && resume.contains("checksum mismatch"), resume)
        XCTAssertEqual(s.valueOrder, values)
        try s.execute("rollout a env=e episodes=2")   // the agent is still whole
    }
}
