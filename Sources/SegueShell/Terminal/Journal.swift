import Foundation

/// The interactive session's journal: every command is appended (and
/// flushed) before it runs, and how it ended (`#= ok`, `#= failed`,
/// `#= interrupt N`) after, so after a crash or a kill the next `segue` can
/// rebuild the session by replaying what finished, stopping interrupted
/// commands where they stopped. A clean exit retires it to `…-last.segue`.
///
/// Each command and outcome line is followed by its checksum (`#~ HEX`, FNV-1a
/// 32 of the line, written with it in one write), so a journal damaged on disk is caught (see
/// `Journal+Reading.swift`) instead of replaying a command nobody typed.
///
/// Journals live in the user's own Segue home (`SEGUE_HOME`, else
/// `~/.segue`), under `journals/`, one per working folder, never in the
/// working folder itself, where a cloned repository could plant one.
public final class Journal {
    /// How a journaled command ended.
    public enum Outcome: Equatable {
        case finished
        case failed
        /// Stopped by Ctrl-C at this interrupt check (see `Replay`).
        case interrupted(Int)
        /// No outcome: it was running when the session ended.
        case running
    }

    /// One journaled command.
    public struct Entry: Equatable {
        public var line: String
        public var outcome: Outcome
    }

    public let path: String
    private var handle: FileHandle?

    public init(path: String) {
        self.path = path
    }

    /// The journal of the working folder `folder` in the Segue home `home`.
    public static func path(home: String, folder: String) -> String {
        let readable = folder.split(separator: "/").suffix(2).joined(separator: "-")
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in folder.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return "\(home)/journals/\(String(readable))-\(String(hash, radix: 16)).segue"
    }

    /// Commands left by a session that did not exit cleanly, if any (up to
    /// any damage; `read()` says what it is).
    public func unfinished() -> [Entry] {
        read().entries
    }

    /// The journal's commands, and what is wrong with it when it is damaged.
    public func read() -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else { return Contents() }
        return Journal.contents(of: [UInt8](data), file: path)
    }

    /// Whether this user's Segue wrote the journal: it is this user's file,
    /// writable by nobody else, and names `folder` as its working folder.
    public func isOwn(folder: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == getuid(),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o022 == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.hasPrefix(Journal.header(folder: folder))
    }

    static func header(folder: String) -> String {
        "# Segue journal of \(folder): commands of the running session, each written before it runs\(checksummedMark)\n"
    }

    /// How the header of a journal whose commands carry checksums ends.
    static let checksummedMark = ", with its checksum"

    /// Starts a new journal for the working folder `folder`.
    public func start(folder: String) {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        FileManager.default.createFile(atPath: path, contents: Data(Journal.header(folder: folder).utf8),
                                       attributes: [.posixPermissions: 0o600])
        handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
    }

    /// Appends a command (with its checksum) and flushes it to disk before it runs.
    public func record(_ line: String) {
        write(line)
    }

    /// Appends how the last recorded command ended.
    public func record(outcome: Outcome) {
        switch outcome {
        case .finished: write("#= ok")
        case .failed: write("#= failed")
        case .interrupted(let n): write("#= interrupt \(n)")
        case .running: break
        }
    }

    /// Appends `line` and its checksum line in one write, and flushes them.
    private func write(_ line: String) {
        guard let handle else { return }
        handle.write(Data((line + "\n#~ " + Journal.checksum(line) + "\n").utf8))
        handle.synchronizeFile()
    }

    /// Ends the session cleanly: the journal becomes `…-last.segue` beside it.
    public func finish() {
        handle?.closeFile()
        handle = nil
        _ = rename(path, String(path.dropLast(6)) + "-last.segue")
    }
}
