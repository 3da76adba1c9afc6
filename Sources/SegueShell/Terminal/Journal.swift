import Foundation

/// The interactive session's journal: every command is appended (and
/// flushed) before it runs, so after a crash or a kill the next `segue`
/// can rebuild the session by replaying it. A clean exit retires it to
/// `last-session.segue`.
public final class Journal {
    public let path: String
    private var handle: FileHandle?

    public init(path: String) {
        self.path = path
    }

    /// Commands left by a session that did not exit cleanly, if any.
    public func unfinished() -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    /// Starts a new journal, keeping `carried` commands (a restored session's) at its top.
    public func start(carrying carried: [String] = []) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let header = "# Segue journal: commands of the running session, written before each runs\n"
        FileManager.default.createFile(atPath: path, contents: Data((header + carried.map { $0 + "\n" }.joined()).utf8))
        handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
    }

    /// Appends a command and flushes it to disk before it runs.
    public func record(_ line: String) {
        guard let handle else { return }
        handle.write(Data((line + "\n").utf8))
        handle.synchronizeFile()
    }

    /// Ends the session cleanly: the journal becomes `last-session.segue`.
    public func finish() {
        handle?.closeFile()
        handle = nil
        let last = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("last-session.segue").path
        _ = rename(path, last)
    }
}
