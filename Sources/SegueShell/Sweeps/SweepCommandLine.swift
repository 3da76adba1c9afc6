import Foundation
import SegueCore

/// `segue sweep …`, `segue sweep report …` and `segue sweep-task …` on the
/// command line: options declared once in `options`, from which the usage
/// text and the parser both come.
public enum SweepCommandLine {
    /// One `--name VALUE` (or `--name=VALUE`) option, or a flag when `value` is nil.
    struct Option {
        var name: String
        var value: String?
        var help: String
    }

    static let options: [Option] = [
        Option(name: "dir", value: "DIR", help: "sweep folder (default sweeps/STEM); the same folder resumes the sweep"),
        Option(name: "executor", value: "local|slurm", help: "where tasks run (default local)"),
        Option(name: "jobs", value: "N", help: "local: processes at once (default: the core count)"),
        Option(name: "partition", value: "P", help: "slurm: the partition (default: the cluster's default)"),
        Option(name: "time", value: "T", help: "slurm: time limit of each task, e.g. 10:00"),
        Option(name: "cpus-per-task", value: "N", help: "slurm: CPUs of each task"),
        Option(name: "retry-failed", value: nil, help: "run tasks that failed in an earlier run again"),
    ]
    static let reportOptions: [Option] = [
        Option(name: "csv", value: "PATH", help: "also write one row per figure and setting as CSV"),
        Option(name: "jsonl", value: "PATH", help: "also write them as JSON Lines"),
    ]

    public static var usage: String {
        func list(_ options: [Option]) -> String {
            options.map { "           --\($0.name)\($0.value.map { " " + $0 } ?? "")".padding(toLength: 40, withPad: " ", startingAt: 0) + $0.help }
                .joined(separator: "\n")
        }
        return """
        usage: segue sweep FILE NAME=A,B,C NAME=FIRST..LAST ... [options]   every combination as a headless task
        \(list(options))
               segue sweep report DIR [--csv PATH] [--jsonl PATH]         mean ± 95% t-interval across seeds per setting
        \(list(reportOptions))
               segue sweep-task DIR N                                      run task N of a sweep here (what executors run)
        """
    }

    /// Splits `arguments` into positional words and options.
    /// - Throws: `SegueError` naming an unknown option or one missing its value.
    static func parse(_ arguments: [String], options: [Option]) throws -> (positional: [String], values: [String: String]) {
        var positional: [String] = [], values: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            i += 1
            guard word.hasPrefix("--") else { positional.append(word); continue }
            var name = String(word.dropFirst(2)), value: String?
            if let eq = name.firstIndex(of: "=") { value = String(name[name.index(after: eq)...]); name = String(name[..<eq]) }
            guard let option = options.first(where: { $0.name == name }) else {
                let near = Suggestions.closest(to: name, in: options.map(\.name)).map { " — did you mean '--\($0)'?" } ?? ""
                throw SegueError("unknown option '--\(name)'\(near)", hint: "options: " + options.map { "--\($0.name)" }.joined(separator: " "))
            }
            if option.value == nil {
                guard value == nil else { throw SegueError("--\(name) takes no value") }
                values[name] = "true"
            } else {
                if value == nil, i < arguments.count { value = arguments[i]; i += 1 }
                guard let value, !value.isEmpty else { throw SegueError("--\(name) needs a value: --\(name) \(option.value!)") }
                values[name] = value
            }
        }
        return (positional, values)
    }

    /// Runs `segue sweep ARGS` (`arguments` without `sweep`).
    /// - Returns: the exit status: 0 when every task is done, 1 when some
    ///   failed or on an error, 130 after Ctrl-C.
    public static func sweep(_ arguments: [String], pluginsAllowed: Bool) -> Int32 {
        do {
            if arguments.first == "report" { return try report(Array(arguments.dropFirst())) }
            let (positional, values) = try parse(arguments, options: options)
            guard let file = positional.first else { throw SegueError("sweep needs a session file", hint: usage) }
            var o = SweepOptions()
            o.pluginsAllowed = pluginsAllowed
            o.folder = values["dir"]
            if let e = values["executor"] {
                guard let executor = SweepOptions.Executor(rawValue: e) else { throw SegueError("--executor is local or slurm, got '\(e)'") }
                o.executor = executor
            }
            if let j = values["jobs"] {
                guard let n = Int(j), n >= 1 else { throw SegueError("--jobs must be a whole number ≥ 1, got '\(j)'") }
                o.jobs = n
            }
            if let c = values["cpus-per-task"] {
                guard let n = Int(c), n >= 1 else { throw SegueError("--cpus-per-task must be a whole number ≥ 1, got '\(c)'") }
                o.cpusPerTask = n
            }
            o.partition = values["partition"]
            o.time = values["time"]
            o.retryFailed = values["retry-failed"] != nil
            return try Sweep.run(file: file, arguments: Array(positional.dropFirst()), options: o).complete ? 0 : 1
        } catch let stopped as SweepStopped {
            print(stopped.message)
            return 130
        } catch {
            FileHandle.standardError.write(Data("segue: \(error)\n".utf8))
            return 1
        }
    }

    /// `segue sweep report DIR [--csv PATH] [--jsonl PATH]`.
    static func report(_ arguments: [String]) throws -> Int32 {
        let (positional, values) = try parse(arguments, options: reportOptions)
        guard positional.count == 1 else { throw SegueError("sweep report needs one sweep folder", hint: "e.g. segue sweep report sweeps/NAME") }
        let report = try SweepReport(folder: SweepFolder(positional[0]))
        print(report.text(style: isatty(1) != 0 ? .terminal() : .recorded))
        if let path = values["csv"] { try AtomicFile.write(report.csv(), to: path); print("wrote \(path)") }
        if let path = values["jsonl"] { try AtomicFile.write(report.jsonl(), to: path); print("wrote \(path)") }
        return 0
    }

    /// `segue sweep-task DIR N`: runs one task here.
    /// - Returns: 0 when it is done, 1 when it failed.
    public static func task(_ arguments: [String], pluginsAllowed: Bool) -> Int32 {
        do {
            guard arguments.count == 2, let index = Int(arguments[1]) else {
                throw SegueError("sweep-task needs a sweep folder and a task number", hint: "e.g. segue sweep-task sweeps/NAME 3")
            }
            return try SweepTask.run(folder: SweepFolder(arguments[0]), index: index, pluginsAllowed: pluginsAllowed) ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("segue: \(error)\n".utf8))
            return 1
        }
    }
}
