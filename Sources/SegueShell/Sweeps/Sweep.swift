import Foundation
import SegueCore

/// How a sweep runs: where, on what, and what to do with earlier results.
public struct SweepOptions {
    public enum Executor: String, CaseIterable { case local, slurm }

    /// The sweep folder (default `sweeps/STEM`, STEM the session file's name).
    public var folder: String?
    public var executor = Executor.local
    /// Local processes at once (default: the core count).
    public var jobs = Processors.usable
    public var partition: String?
    public var time: String?
    public var cpusPerTask: Int?
    /// Whether tasks that failed in an earlier run run again.
    public var retryFailed = false
    public var pluginsAllowed = false
    /// The `segue` binary tasks run (default: this process's own).
    public var binary = Sweep.ownExecutable

    public init() {}
}

/// `segue sweep FILE NAME=VALUES …`: every combination of the values as a
/// task, run headless by an executor into one sweep folder; rerunning the
/// same sweep into the same folder resumes it.
public enum Sweep {
    /// Runs the sweep of `file` over `arguments` (`NAME=VALUES` each),
    /// printing what it does.
    /// - Returns: the sweep folder and whether every task is done.
    /// - Throws: `SegueError` for a bad file, grid or folder, or when the
    ///   executor cannot start; `SweepStopped` after Ctrl-C.
    @discardableResult
    public static func run(file: String, arguments: [String], options: SweepOptions) throws -> (folder: SweepFolder, complete: Bool) {
        let lines = try ScriptRunner.lines(of: file)
        let parameters = try SessionParameters(file: file, lines: lines)
        let grid = try SweepGrid(arguments: arguments, parameters: parameters)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let folder = SweepFolder(absolute(options.folder ?? "sweeps/\(stem)"))
        let manifest = SweepManifest(file: file, text: lines.joined(separator: "\n"), grid: grid)
        try folder.prepare(manifest, text: lines.joined(separator: "\n"))

        let all = manifest.tasks.map(\.index)
        let finished = all.filter { folder.status($0)?.isDone == true }
        var failedBefore = all.filter { folder.status($0)?.isDone == false }
        if options.retryFailed { failedBefore.forEach(folder.clear); failedBefore = [] }
        let toRun = all.filter { folder.status($0) == nil }
        print("sweep \(folder.path): \(all.count) tasks over \(grid.names.joined(separator: " × "))"
              + (finished.isEmpty ? "" : ", \(finished.count) finished earlier (skipped)")
              + (failedBefore.isEmpty ? "" : ", \(failedBefore.count) failed earlier (rerun them with --retry-failed)")
              + ", running \(toRun.count) (\(options.executor.rawValue))")
        let progress = SweepProgress(total: toRun.count)
        let counts = { () -> (done: Int, failed: Int) in
            let statuses = toRun.map { folder.status($0) }
            return (statuses.filter { $0?.isDone == true }.count, statuses.filter { $0?.isDone == false }.count)
        }
        func execute(_ tasks: [Int]) throws -> Bool {
            switch options.executor {
            case .local:
                return try LocalExecutor(jobs: options.jobs, binary: options.binary, pluginsAllowed: options.pluginsAllowed)
                    .run(tasks, folder: folder, progress: progress, counts: counts)
            case .slurm:
                return try SlurmExecutor(partition: options.partition, time: options.time, cpusPerTask: options.cpusPerTask,
                                         binary: options.binary, pluginsAllowed: options.pluginsAllowed)
                    .run(tasks, folder: folder, progress: progress, counts: counts)
            }
        }
        var completed = true
        Interrupts.install()
        Interrupts.clear()
        defer { Interrupts.clear() }
        if !toRun.isEmpty {
            // The first task of a fresh sweep runs alone, so files every task shares (a demo world's
            // logs under .segue/worlds) are written once, before any other task reads them.
            let alone = finished.isEmpty && toRun.count > 1 ? [toRun[0]] : []
            completed = try (alone.isEmpty || execute(alone)) && execute(Array(toRun.dropFirst(alone.count)))
            progress.finish()
        }
        try folder.mergeResults(tasks: all.count)
        guard completed else {
            let kept = all.filter { folder.status($0) != nil }.count
            throw SweepStopped(message: "sweep stopped: \(kept) of \(all.count) tasks finished and kept in \(folder.path); "
                               + "run the same command again to run the other \(all.count - kept)")
        }
        let failed = all.filter { folder.status($0)?.isDone == false }
        print("\(all.count - failed.count) of \(all.count) tasks done" + (failed.isEmpty ? "" : ", \(failed.count) failed:"))
        for i in failed {
            let status = folder.status(i)!
            print("task \(i) (\(manifest.assignments(of: i).joined(separator: " "))) failed: \(status.message ?? "exit \(status.exit)")")
            print("  last lines of \(folder.logPath(i)):")
            print(folder.logTail(i).split(separator: "\n", omittingEmptySubsequences: false).map { "  | " + $0 }.joined(separator: "\n"))
        }
        if !failed.isEmpty { print("fix the cause and rerun the same command with --retry-failed to run the failed tasks again") }
        print("results: \(folder.mergedResultsPath); summary: segue sweep report \(folder.path)")
        return (folder, failed.isEmpty)
    }

    /// `path` made absolute against the current folder (tasks on other
    /// machines find the folder by this path).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// This process's executable, for tasks to run.
    public static var ownExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? absolute(CommandLine.arguments[0])
    }
}

/// Thrown when Ctrl-C stopped a sweep: finished tasks are kept.
public struct SweepStopped: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
