import Foundation
import XCTest
import SegueCore
@testable import SegueShell

/// A write that fails — a full disk, a read-only folder — during `checkpoint`,
/// `save-model` or `save` leaves the previous file as it was, leaves no
/// temporary file behind, says so, and the session keeps its values. As root
/// the tests mount a small tmpfs (full, then read-only); otherwise a folder
/// without write permission stands in for the read-only one and the full disk
/// is skipped.
final class UnwritableFileTests: XCTestCase {
    var mountPoint: String?

    override func tearDown() {
        if let mountPoint {
            _ = system("umount '\(mountPoint)' 2>/dev/null")
            try? FileManager.default.removeItem(atPath: mountPoint)
        }
    }

    /// A fresh folder with a small tmpfs mounted on it (root only), else nil.
    func mountTmpfs(kilobytes: Int) -> String? {
        guard getuid() == 0 else { return nil }
        let folder = NSTemporaryDirectory() + "segue-tmpfs-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard system("mount -t tmpfs -o size=\(kilobytes)k segue-test '\(folder)' 2>/dev/null") == 0 else {
            try? FileManager.default.removeItem(atPath: folder)
            return nil
        }
        mountPoint = folder
        return folder
    }

    /// A session with a world, an environment, an agent and a model, and its
    /// three files written once under `folder`.
    func sessionWithFiles(in folder: String) throws -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        s.statusSink = { _, _ in }
        s.sessionsFolder = folder
        let world = NSTemporaryDirectory() + "segue-unwritable-world"
        for line in ["w = world demo tracks=300 users=40 sessions=300 folder=\(world)", "e = env world=w seed=1",
                     "a = agent ahdqn env=e replay=1000", "m = train-model popularity world=w",
                     "checkpoint a \(folder)/a.safetensors env=e", "save-model m \(folder)/m.safetensors",
                     "save notes --force"] {
            try s.execute(line)
        }
        return s
    }

    /// Runs the three writes again and checks that each fails, says the previous
    /// file is intact, and leaves every file and value as it was.
    func assertWritesFailKeepingFiles(_ s: ShellSession, in folder: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let names = ["a.safetensors", "m.safetensors", "notes.segue"]
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\($0)")) }
        let values = s.valueOrder
        try s.execute("echo one more cell")   // so `save` would write something new
        for (command, name) in [("checkpoint a \(folder)/a.safetensors env=e", "a.safetensors"),
                                ("save-model m \(folder)/m.safetensors", "m.safetensors"), ("save notes --force", "notes.segue")] {
            do {
                try s.execute(command)
                XCTFail("`\(command)` wrote to a folder that cannot take it", file: file, line: line)
            } catch {
                XCTAssertTrue("\(error)".contains("the previous '\(name)' is intact"), "`\(command)`: \(error)", file: file, line: line)
            }
        }
        let after = try names.map { try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\($0)")) }
        XCTAssertEqual(after, before, "a failed write changed a file", file: file, line: line)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(left, [], "temporary files left behind", file: file, line: line)
        XCTAssertEqual(s.valueOrder, values, file: file, line: line)
    }

    func testAFullDiskKeepsThePreviousFiles() throws {
        guard let folder = mountTmpfs(kilobytes: 2048) else { throw XCTSkip("mounting a small tmpfs needs root") }
        let s = try sessionWithFiles(in: folder)
        // Fill the disk to the last block.
        let filler = fopen("\(folder)/filler", "wb")!
        let block = [UInt8](repeating: 7, count: 4096)
        while fwrite(block, 1, block.count, filler) == block.count, fflush(filler) == 0 {}
        fclose(filler)
        try assertWritesFailKeepingFiles(s, in: folder)
    }

    func testAReadOnlyFolderKeepsThePreviousFiles() throws {
        if let folder = mountTmpfs(kilobytes: 2048) {
            let s = try sessionWithFiles(in: folder)
            XCTAssertEqual(system("mount -o remount,ro '\(folder)'"), 0)
            try assertWritesFailKeepingFiles(s, in: folder)
        } else {
            let folder = NSTemporaryDirectory() + "segue-readonly-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { chmod(folder, 0o755); try? FileManager.default.removeItem(atPath: folder) }
            let s = try sessionWithFiles(in: folder)
            chmod(folder, 0o555)
            try assertWritesFailKeepingFiles(s, in: folder)
        }
    }
}
