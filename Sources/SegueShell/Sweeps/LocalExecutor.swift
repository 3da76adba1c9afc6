import Foundation
import SegueCore

/// Runs sweep tasks as `segue sweep-task DIR N` processes on this machine,
/// at most `jobs` at a time, each writing its output to `tasks/N/log.txt`.
/// Ctrl-C stops the pool: running tasks are killed (they leave no status, so
/// they run again on resume) and finished ones stay as they are.
struct LocalExecutor {
    /// Processes at once (default: the number of cores).
    var jobs = Processors.usable
    /// The `segue` binary the tasks run.
    var binary: String
    var pluginsAllowed = false

    /// Runs `indices`.
    /// - Returns: false when Ctrl-C stopped the pool.
    /// Ctrl-C is watched through `Interrupts`, which the caller installs and
    /// clears once for the whole sweep (a Ctrl-C between two runs still counts).
    func run(_ indices: [Int], folder: SweepFolder, progress: SweepProgress, counts: () -> (done: Int, failed: Int)) throws -> Bool {
        var pending = indices[...]
        var running: [(index: Int, process: Process)] = []
        var stopped = false
        while !stopped && (!pending.isEmpty || !running.isEmpty) {
            while running.count < max(jobs, 1), let next = pending.popFirst() {
                running.append((next, try launch(next, folder: folder)))
            }
            for (i, entry) in running.enumerated().reversed() where !entry.process.isRunning {
                running.remove(at: i)
                let p = entry.process
                // A child that got the terminal's Ctrl-C ends by SIGINT: the sweep is being stopped.
                if p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGINT { stopped = true; continue }
                if folder.status(entry.index) == nil {
                    let how = p.terminationReason == .uncaughtSignal ? "killed by signal \(p.terminationStatus)" : "exit \(p.terminationStatus)"
                    try folder.write(SweepTaskStatus(state: "failed", exit: p.terminationStatus,
                                                     message: "the task ended without a status (\(how))", seconds: 0,
                                                     executor: "local", host: ProcessInfo.processInfo.hostName), of: entry.index)
                }
            }
            let c = counts()
            progress.update(done: c.done, failed: c.failed, running: running.count)
            if Interrupts.isRequested { stopped = true }
            if !stopped { usleep(50_000) }
        }
        for entry in running {
            entry.process.terminate()
            entry.process.waitUntilExit()
            // A task killed between writing its status and exiting keeps it; any other leaves nothing.
            if folder.status(entry.index) == nil { try? FileManager.default.removeItem(atPath: folder.resultsPath(entry.index)) }
        }
        return !stopped
    }

    /// Starts task `index`, its output into its log.
    private func launch(_ index: Int, folder: SweepFolder) throws -> Process {
        let log = folder.logPath(index)
        try FileManager.default.createDirectory(atPath: folder.taskFolder(index), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: log, contents: nil), let handle = FileHandle(forWritingAtPath: log) else {
            throw SegueError("cannot write '\(log)'", hint: "check the sweep folder is writable")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["sweep-task", folder.path, String(index)] + (pluginsAllowed ? ["--allow-plugins"] : [])
        var environment = ProcessInfo.processInfo.environment
        environment["SEGUE_SWEEP_EXECUTOR"] = "local"
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw SegueError("cannot start '\(binary)' for task \(index): \(error)")
        }
        try? handle.close()
        return process
    }
}
