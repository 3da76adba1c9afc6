import Foundation
import SegueCore

/// One result row of a sweep: one figure of one `ResultRecord`, tagged with
/// the task and its parameters. Rows hold no timing and nothing about the
/// machine or executor, so a task's rows are the same bytes wherever it ran.
public struct SweepRow: Equatable {
    public var task: Int
    /// Parameter values in the grid's order.
    public var params: [(String, String)]
    public var cell: Int
    public var command: String
    public var subject: String
    public var figure: String
    /// The figure's value (nil when it is not a finite number, written `null`).
    public var value: Double?

    public static func == (a: SweepRow, b: SweepRow) -> Bool { a.json == b.json }

    /// One JSON object on one line, keys in a fixed order, numbers in
    /// Swift's shortest round-trip form.
    public var json: String {
        let p = params.map { "\(SweepRow.quote($0.0)):\(SweepRow.quote($0.1))" }.joined(separator: ",")
        let v = value.map { $0.isFinite ? "\($0)" : "null" } ?? "null"
        return "{\"task\":\(task),\"params\":{\(p)},\"cell\":\(cell),\"command\":\(SweepRow.quote(command)),"
            + "\"subject\":\(SweepRow.quote(subject)),\"figure\":\(SweepRow.quote(figure)),\"value\":\(v)}"
    }

    /// The row a JSON object parsed from `json` holds, nil when it is not one.
    /// `names` orders the parameters.
    public init?(object: [String: Any], names: [String]) {
        guard let task = object["task"] as? Int, let params = object["params"] as? [String: String],
              let cell = object["cell"] as? Int, let command = object["command"] as? String,
              let subject = object["subject"] as? String, let figure = object["figure"] as? String else { return nil }
        self.init(task: task, params: names.compactMap { n in params[n].map { (n, $0) } }, cell: cell, command: command,
                  subject: subject, figure: figure, value: (object["value"] as? NSNumber)?.doubleValue)
    }

    public init(task: Int, params: [(String, String)], cell: Int, command: String, subject: String, figure: String, value: Double?) {
        self.task = task
        self.params = params
        self.cell = cell
        self.command = command
        self.subject = subject
        self.figure = figure
        self.value = value
    }

    /// `text` as a JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Runs one task of a sweep headless, in this process: the sweep's copy of
/// the session file with the task's parameters, every result record written
/// as rows to `tasks/N/results.jsonl`, then `tasks/N/status.json`. Both
/// executors run tasks through this (as `segue sweep-task DIR N`), and so
/// can a Python bridge.
public enum SweepTask {
    /// Runs task `index` of the sweep in `folder`; what the session prints
    /// goes to `sink`.
    /// - Returns: whether the task finished without an error.
    /// - Throws: `SegueError` only when the folder or the task number is bad
    ///   (a failing session is recorded as a failed task instead).
    @discardableResult
    public static func run(folder: SweepFolder, index: Int, pluginsAllowed: Bool = false,
                           sink: @escaping (String) -> Void = { Swift.print($0) }) throws -> Bool {
        let manifest = try folder.manifest()
        guard manifest.tasks.indices.contains(index) else {
            throw SegueError("sweep '\(folder.path)' has tasks 0 to \(manifest.tasks.count - 1), not \(index)")
        }
        let assignments = manifest.assignments(of: index)
        let params = manifest.grid.names.map { ($0, manifest.tasks[index].params[$0] ?? "") }
        let session = ShellSession()
        session.pluginsAllowed = pluginsAllowed
        session.sink = sink
        session.statusSink = { _, _ in }
        var rows: [SweepRow] = []
        session.resultObserver = { record in
            rows += record.figures.map {
                SweepRow(task: index, params: params, cell: record.cell, command: record.command,
                         subject: record.subject, figure: $0.0, value: $0.1.isFinite ? $0.1 : nil)
            }
        }
        let started = Date()
        let environment = ProcessInfo.processInfo.environment
        var status = SweepTaskStatus(state: "done", exit: 0, message: nil, seconds: 0,
                                     executor: environment["SEGUE_SWEEP_EXECUTOR"] ?? "direct",
                                     host: ProcessInfo.processInfo.hostName)
        sink("task \(index) of \(manifest.file): \(assignments.joined(separator: " "))")
        do {
            try ScriptRunner(session: session, assignments: assignments).run(file: folder.sessionPath)
            try AtomicFile.write(rows.map { $0.json + "\n" }.joined(), to: folder.resultsPath(index))
        } catch {
            let message = "\(error)".replacingOccurrences(of: folder.sessionPath, with: manifest.file)
            sink("error: \(message)")
            status.state = "failed"
            status.exit = 1
            status.message = message
        }
        status.seconds = Date().timeIntervalSince(started)
        try folder.write(status, of: index)
        return status.isDone
    }
}
