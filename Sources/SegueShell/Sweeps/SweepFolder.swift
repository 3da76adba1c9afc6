import Foundation
import SegueCore

/// What a sweep folder records about its sweep, as `manifest.json`: the
/// session file, a hash of its text, the grid and the task list. Tasks run
/// the copy of the file kept beside it (`session.segue`), so a task run later
/// (a resume, a cluster node) runs exactly the text the sweep started with.
public struct SweepManifest: Codable, Equatable {
    /// One task: its number and its parameter values.
    public struct Task: Codable, Equatable {
        public var index: Int
        public var params: [String: String]
    }

    /// The session file as named when the sweep started.
    public var file: String
    /// `fnv1a64:` and 16 hex digits of the file's bytes.
    public var hash: String
    public var grid: SweepGrid
    public var tasks: [Task]

    public init(file: String, text: String, grid: SweepGrid) {
        self.file = file
        hash = SweepManifest.hash(text)
        self.grid = grid
        tasks = grid.tasks.map { t in Task(index: t.index, params: Dictionary(uniqueKeysWithValues: zip(grid.names, t.values))) }
    }

    /// `NAME=VALUE` for task `index`, in the grid's order.
    public func assignments(of index: Int) -> [String] {
        grid.names.map { "\($0)=\(tasks[index].params[$0] ?? "")" }
    }

    /// FNV-1a (64 bits) of `text`'s UTF-8 bytes.
    static func hash(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "fnv1a64:" + String(format: "%016llx", h)
    }
}

/// How a task ended, as `tasks/N/status.json`. Written last, so a task with
/// a status is finished; timing and the executor live here, never in the
/// result rows, so rows are the same whichever executor ran the task.
public struct SweepTaskStatus: Codable, Equatable {
    public var state: String
    /// The process's exit status (0 when done).
    public var exit: Int32
    /// The error, for a failed task.
    public var message: String?
    public var seconds: Double
    public var executor: String
    public var host: String

    public var isDone: Bool { state == "done" }
}

/// The layout of a sweep folder:
///
///     DIR/manifest.json          the sweep (SweepManifest)
///     DIR/session.segue          the session file's text as swept
///     DIR/tasks/N/results.jsonl  task N's rows (SweepRow)
///     DIR/tasks/N/status.json    how it ended (SweepTaskStatus)
///     DIR/tasks/N/log.txt        what it printed
///     DIR/results.jsonl          every finished task's rows, in task order
public struct SweepFolder {
    public let path: String

    public init(_ path: String) { self.path = path }

    public var manifestPath: String { "\(path)/manifest.json" }
    public var sessionPath: String { "\(path)/session.segue" }
    public var mergedResultsPath: String { "\(path)/results.jsonl" }
    public func taskFolder(_ i: Int) -> String { "\(path)/tasks/\(i)" }
    public func resultsPath(_ i: Int) -> String { "\(taskFolder(i))/results.jsonl" }
    public func statusPath(_ i: Int) -> String { "\(taskFolder(i))/status.json" }
    public func logPath(_ i: Int) -> String { "\(taskFolder(i))/log.txt" }

    /// The manifest.
    /// - Throws: `SegueError` when the folder holds no readable sweep.
    public func manifest() throws -> SweepManifest {
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw SegueError("no sweep in '\(path)' (no manifest.json)", hint: "run `segue sweep FILE NAME=VALUES … --dir \(path)` first")
        }
        do { return try JSONDecoder().decode(SweepManifest.self, from: data) } catch {
            throw SegueError("\(manifestPath): not a sweep manifest (\(error))")
        }
    }

    /// Writes `manifest` and the session text for a new sweep, or checks that
    /// the folder already holds this same sweep (a resume).
    /// - Throws: `SegueError` when the folder holds another sweep.
    public func prepare(_ manifest: SweepManifest, text: String) throws {
        if FileManager.default.fileExists(atPath: manifestPath) {
            let old = try self.manifest()
            guard old.hash == manifest.hash, old.grid == manifest.grid else {
                let what = old.hash != manifest.hash ? "\(old.file) as it was (hash \(old.hash))" : "another grid (\(old.grid.names.joined(separator: ", ")))"
                throw SegueError("'\(path)' holds a sweep of \(what); it cannot be resumed with this file and grid",
                                 hint: "choose another folder with --dir, or delete '\(path)'")
            }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(text, to: sessionPath)
        try AtomicFile.write(String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n", to: manifestPath)
    }

    /// Task `i`'s status, nil while it has not finished.
    public func status(_ i: Int) -> SweepTaskStatus? {
        FileManager.default.contents(atPath: statusPath(i)).flatMap { try? JSONDecoder().decode(SweepTaskStatus.self, from: $0) }
    }

    /// Records how task `i` ended.
    public func write(_ status: SweepTaskStatus, of i: Int) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(String(decoding: try encoder.encode(status), as: UTF8.self) + "\n", to: statusPath(i))
    }

    /// Forgets how task `i` ended, so it runs again.
    public func clear(_ i: Int) {
        try? FileManager.default.removeItem(atPath: statusPath(i))
        try? FileManager.default.removeItem(atPath: resultsPath(i))
    }

    /// The last `count` lines of task `i`'s log.
    public func logTail(_ i: Int, lines count: Int = 12) -> String {
        let text = (try? String(contentsOfFile: logPath(i), encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        return lines.suffix(count).joined(separator: "\n")
    }

    /// Writes `results.jsonl`: the rows of every finished task, in task order.
    public func mergeResults(tasks: Int) throws {
        var text = ""
        for i in 0..<tasks where status(i)?.isDone == true {
            text += (try? String(contentsOfFile: resultsPath(i), encoding: .utf8)) ?? ""
        }
        try AtomicFile.write(text, to: mergedResultsPath)
    }
}
