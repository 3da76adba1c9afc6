import Foundation
import SegueCore

/// A sweep's results as researchers read them: for each measured figure, per
/// setting (the values of every swept parameter but `seed`), the mean across
/// seeds with a 95% t-interval, the number of seeds, the best setting, and a
/// text plot of the figure against the setting.
public struct SweepReport {
    /// One figure's summary in one setting.
    public struct Summary: Equatable {
        /// The setting's values, in the order of `SweepReport.settingNames`.
        public var setting: [String]
        public var mean: Double
        /// Half-width of the 95% t-interval across seeds (0 with one seed).
        public var halfWidth: Double
        public var seeds: Int
    }

    /// A measured figure: which cell, command, subject and figure it is.
    public struct Figure: Hashable {
        public var cell: Int
        public var command: String
        public var subject: String
        public var name: String

        public var title: String { "\(command) \(subject): \(name) (cell \(cell))" }
        /// Whether lower values are better (losses, calibration error).
        public var lowerIsBetter: Bool { ["log_loss", "ece", "loss"].contains(name) }
    }

    public let manifest: SweepManifest
    public let settingNames: [String]
    /// Figures in the order their first rows appear.
    public private(set) var figures: [Figure] = []
    public private(set) var summaries: [Figure: [Summary]] = [:]
    /// Tasks with rows (finished), of all tasks.
    public let finishedTasks: Int

    /// Reads every finished task's rows in `folder`.
    /// - Throws: `SegueError` when the folder holds no sweep or a row is malformed (naming FILE:LINE).
    public init(folder: SweepFolder) throws {
        manifest = try folder.manifest()
        settingNames = manifest.grid.settingNames
        var values: [Figure: [[String]: [Double]]] = [:]
        var settingOrder: [[String]] = []
        var finished = 0
        for task in manifest.tasks where folder.status(task.index)?.isDone == true {
            finished += 1
            let setting = settingNames.map { task.params[$0] ?? "" }
            if !settingOrder.contains(setting) { settingOrder.append(setting) }
            let path = folder.resultsPath(task.index)
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            for (n, line) in text.split(separator: "\n").enumerated() {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let row = SweepRow(object: object, names: manifest.grid.names) else {
                    throw SegueError("\(path):\(n + 1): not a result row", hint: "rerun the task: delete \(folder.statusPath(task.index)) and resume")
                }
                let figure = Figure(cell: row.cell, command: row.command, subject: row.subject, name: row.figure)
                if values[figure] == nil { figures.append(figure) }
                if let v = row.value { values[figure, default: [:]][setting, default: []].append(v) }
            }
        }
        finishedTasks = finished
        for figure in figures {
            summaries[figure] = settingOrder.compactMap { setting in
                guard let v = values[figure]?[setting], !v.isEmpty else { return nil }
                let mean = v.reduce(0, +) / Double(v.count)
                let sd = v.count > 1 ? (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot() : 0
                return Summary(setting: setting, mean: mean,
                               halfWidth: v.count > 1 ? SweepReport.t975(v.count - 1) * sd / Double(v.count).squareRoot() : 0,
                               seeds: v.count)
            }
        }
    }

    /// The best summary of `figure`: the highest mean, or the lowest for losses.
    public func best(_ figure: Figure) -> Summary? {
        let s = summaries[figure] ?? []
        return figure.lowerIsBetter ? s.min { $0.mean < $1.mean } : s.max { $0.mean < $1.mean }
    }

    /// Whether `figure` has the same value in every task (e.g. a step count).
    func isConstant(_ figure: Figure) -> Bool {
        let s = summaries[figure] ?? []
        return s.allSatisfy { $0.halfWidth == 0 && $0.mean == s.first?.mean }
    }

    /// `setting` as `lr=3e-4 batch=64` (or `all` when only seeds are swept).
    public func label(_ setting: [String]) -> String {
        settingNames.isEmpty ? "all" : zip(settingNames, setting).map { "\($0)=\($1)" }.joined(separator: " ")
    }

    /// The 0.975 quantile of Student's t with `df` degrees of freedom.
    public static func t975(_ df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        if df >= 1 && df <= table.count { return table[df - 1] }
        return 1.959964 + 2.37 / Double(max(df, 1))   // within 0.002 of the exact value beyond 30
    }
}
