import Foundation
import SegueComponents

/// How well a user model predicts held-out logged plays: log-loss, AUC,
/// accuracy, expected calibration error (10 bins) with its reliability
/// table, and skip rate by session position, predicted vs logged.
public struct ModelReport: Sendable {
    /// The model's name (as the shell holds it) and kind.
    public var name: String
    /// Which sessions were scored, e.g. "test split (seed 1)".
    public var part: String
    public var sessions: Int
    public var plays: Int
    /// Share of listens among the scored plays.
    public var listenRate: Double
    public var logLoss: Double
    public var auc: Double
    public var accuracy: Double
    /// Expected calibration error over 10 equal-width bins.
    public var ece: Double
    public var reliability: [ReliabilityBin]
    public var positions: [PositionRow]

    /// Positions shown one by one; later ones are gathered in the last row.
    public static let maxPosition = 20

    /// Sessions scored at once; a multiple of the models' inference batch
    /// (256), so that the predictions are those of one call over all.
    static let chunk = 4_096

    /// Scores `model` on the plays of `sessions` (ascending) of `data`, a
    /// chunk at a time, releasing what was passed after each chunk: memory
    /// is set by the scored plays, not by `data`.
    public init(model: any LearnedUserModel, name: String, data: some LoggedSessions, sessions: [Int], part: String) {
        var p: [Float] = [], y: [Float] = [], position: [Int] = []
        var start = 0
        while start < sessions.count {
            let chunk = Array(sessions[start..<min(start + Self.chunk, sessions.count)])
            p += model.predict(data, sessions: chunk)
            for s in chunk {
                var t = 0
                data.forEachPlay(of: s) { _, listened in
                    y.append(listened ? 1 : 0)
                    t += 1
                    position.append(t)
                }
            }
            data.release(0..<(chunk[chunk.count - 1] + 1))
            start += chunk.count
        }
        self.init(name: name, part: part, sessions: sessions.count, predictions: p, labels: y, positions: position)
    }

    /// Scores predictions `p` of plays with `labels` at 1-based `positions`.
    public init(name: String, part: String, sessions: Int, predictions p: [Float], labels y: [Float], positions: [Int]) {
        precondition(p.count == y.count && y.count == positions.count, "ModelReport: predictions, labels and positions differ in count")
        self.name = name
        self.part = part
        self.sessions = sessions
        plays = p.count
        listenRate = y.isEmpty ? .nan : y.reduce(0.0) { $0 + Double($1) } / Double(y.count)
        logLoss = Metrics.logLoss(p, y)
        auc = Metrics.auc(p, y)
        accuracy = Metrics.accuracy(p, y)
        reliability = Metrics.reliability(p, y, bins: 10)
        ece = Metrics.expectedCalibrationError(reliability)
        let last = min(positions.max() ?? 1, ModelReport.maxPosition)
        var count = [Int](repeating: 0, count: last + 1)
        var predicted = [Double](repeating: 0, count: last + 1), logged = [Double](repeating: 0, count: last + 1)
        for i in p.indices {
            let k = min(positions[i], last)
            count[k] += 1
            predicted[k] += 1 - Double(p[i])
            logged[k] += 1 - Double(y[i])
        }
        self.positions = (1...max(last, 1)).filter { $0 < count.count && count[$0] > 0 }.map {
            PositionRow(position: $0, count: count[$0], predictedSkipRate: predicted[$0] / Double(count[$0]),
                        loggedSkipRate: logged[$0] / Double(count[$0]))
        }
    }

    /// The report as text: a summary line, the reliability table and the
    /// skip rate by position.
    public var text: String {
        var lines = [
            "\(name): \(part), \(sessions) sessions, \(plays) plays, listen rate \(format(listenRate, 3))",
            "log-loss \(format(logLoss, 4))  AUC \(format(auc, 4))  accuracy \(format(accuracy, 4))  ECE \(format(ece, 4))",
            "",
            "reliability (10 bins of predicted P(listen)):",
        ]
        var rows = [["bin", "plays", "predicted", "observed"]]
        for bin in reliability where bin.count > 0 {
            rows.append(["\(format(bin.lower, 1))-\(format(bin.upper, 1))", "\(bin.count)",
                         format(bin.meanPredicted, 3), format(bin.observedRate, 3)])
        }
        lines.append(TextTable.render(rows))
        lines += ["", "skip rate by session position:"]
        rows = [["position", "plays", "predicted", "logged"]]
        let last = positions.last?.position
        for row in positions {
            rows.append([row.position == last && row.position == ModelReport.maxPosition ? "\(row.position)+" : "\(row.position)",
                         "\(row.count)", format(row.predictedSkipRate, 3), format(row.loggedSkipRate, 3)])
        }
        lines.append(TextTable.render(rows))
        return lines.joined(separator: "\n")
    }

    /// Several reports side by side, one row per model.
    public static func comparison(_ reports: [ModelReport]) -> String {
        var rows = [["model", "plays", "log-loss", "AUC", "accuracy", "ECE"]]
        for r in reports {
            rows.append([r.name, "\(r.plays)", format(r.logLoss, 4), format(r.auc, 4), format(r.accuracy, 4), format(r.ece, 4)])
        }
        return TextTable.render(rows)
    }
}
