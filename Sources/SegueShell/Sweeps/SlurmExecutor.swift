import Foundation
import SegueCore

/// Runs sweep tasks on a Slurm cluster as one array job (`sbatch --array`),
/// each array task running `segue sweep-task DIR N` on a node, and polls
/// `squeue` until none is left. The sweep folder and the `segue` binary must
/// be on a file system every node sees (the same paths); results are read
/// from that folder.
struct SlurmExecutor {
    /// `--partition` (default: the cluster's default partition).
    var partition: String?
    /// `--time`, e.g. `10:00` (default: the partition's limit).
    var time: String?
    /// `--cpus-per-task` (default 1).
    var cpusPerTask: Int?
    /// The `segue` binary the tasks run.
    var binary: String
    var pluginsAllowed = false
    /// Seconds between polls of `squeue`.
    var pollInterval = 0.5

    /// Submits `indices` as one array job and waits for it.
    /// - Returns: false when Ctrl-C stopped the sweep (the job is cancelled).
    /// - Throws: `SegueError` when `sbatch` is missing or refuses the job.
    func run(_ indices: [Int], folder: SweepFolder, progress: SweepProgress, counts: () -> (done: Int, failed: Int)) throws -> Bool {
        let script = "\(folder.path)/slurm/array.sh"
        let quote = { (s: String) in "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        try AtomicFile.write("""
            #!/bin/sh
            # One task of the sweep in \(folder.path): written by `segue sweep --executor slurm`.
            export SEGUE_SWEEP_EXECUTOR=slurm
            exec \(quote(binary)) sweep-task \(quote(folder.path)) "$SLURM_ARRAY_TASK_ID"\(pluginsAllowed ? " --allow-plugins" : "")

            """, to: script)
        for i in indices { try FileManager.default.createDirectory(atPath: folder.taskFolder(i), withIntermediateDirectories: true) }
        var arguments = ["--parsable", "--job-name=segue-sweep", "--array=\(SlurmExecutor.arraySpec(indices))",
                         "--output=\(folder.path)/tasks/%a/log.txt", "--chdir=\(FileManager.default.currentDirectoryPath)"]
        if let partition { arguments.append("--partition=\(partition)") }
        if let time { arguments.append("--time=\(time)") }
        if let cpusPerTask { arguments.append("--cpus-per-task=\(cpusPerTask)") }
        let submitted = SlurmExecutor.command("sbatch", arguments + [script])
        guard submitted.status == 0, let job = submitted.output.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }),
              !job.isEmpty, job.allSatisfy(\.isNumber) else {
            throw SegueError("sbatch did not take the sweep: \(submitted.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                             hint: "is Slurm installed and SLURM_CONF set? check --partition and --time against `sinfo`")
        }
        Swift.print("submitted array job \(job) (\(indices.count) tasks) to Slurm")
        var unanswered = 0
        while true {
            let queue = SlurmExecutor.command("squeue", ["-h", "-j", job, "-o", "%T"])
            // squeue forgets a job some time after it ends ("Invalid job id"); any other failure
            // (a busy controller) is asked again, for a minute, before giving up.
            if queue.status != 0 && !queue.output.contains("Invalid job id") {
                unanswered += 1
                guard Double(unanswered) * pollInterval < 60 else {
                    throw SegueError("squeue did not answer for a minute: \(queue.output.trimmingCharacters(in: .whitespacesAndNewlines))",
                                     hint: "job \(job) may still run; when it is done, rerun the same command to collect its results")
                }
                usleep(UInt32(pollInterval * 1_000_000))
                continue
            }
            unanswered = 0
            let states = queue.status == 0 ? queue.output.split(separator: "\n").map(String.init) : []
            let c = counts()
            progress.update(done: c.done, failed: c.failed, running: states.filter { $0 == "RUNNING" }.count)
            if states.isEmpty { break }
            if Interrupts.isRequested {
                _ = SlurmExecutor.command("scancel", [job])
                return false
            }
            usleep(UInt32(pollInterval * 1_000_000))
        }
        for i in indices where folder.status(i) == nil {
            try folder.write(SweepTaskStatus(state: "failed", exit: -1,
                                             message: "Slurm task \(job)_\(i) ended without a status (killed, out of time, or not started)",
                                             seconds: 0, executor: "slurm", host: ""), of: i)
        }
        return true
    }

    /// Slurm's array syntax for `indices`: runs of consecutive numbers as `A-B`.
    static func arraySpec(_ indices: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        let sorted = indices.sorted()
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    /// Runs `program` (found on PATH) and returns its status and output.
    static func command(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (-1, "cannot run \(program): \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
