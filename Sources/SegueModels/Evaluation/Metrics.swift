import Foundation

/// Scores of probabilistic predictions against 0/1 labels, in Double.
public enum Metrics {
    /// Mean `−[y·log p + (1 − y)·log(1 − p)]`, with `p` clamped to [1e-7, 1 − 1e-7].
    public static func logLoss(_ p: [Float], _ y: [Float]) -> Double {
        guard !p.isEmpty else { return .nan }
        var sum = 0.0
        for (pi, yi) in zip(p, y) {
            let q = min(max(Double(pi), 1e-7), 1 - 1e-7)
            sum -= yi > 0.5 ? Foundation.log(q) : Foundation.log(1 - q)
        }
        return sum / Double(p.count)
    }

    /// Area under the ROC curve: the chance that a random listen scores above
    /// a random skip (ties count one half), by the rank-sum formula.
    /// - Complexity: O(n log n).
    public static func auc(_ p: [Float], _ y: [Float]) -> Double {
        let order = p.indices.sorted { p[$0] < p[$1] }
        var rankSum = 0.0, positives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && p[order[j + 1]] == p[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1          // average rank of the tie group
            for k in i...j where y[order[k]] > 0.5 { rankSum += rank; positives += 1 }
            i = j + 1
        }
        let negatives = Double(p.count) - positives
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Share of plays where `p ≥ 0.5` agrees with the label.
    public static func accuracy(_ p: [Float], _ y: [Float]) -> Double {
        guard !p.isEmpty else { return .nan }
        let right = zip(p, y).reduce(0) { $0 + (($1.0 >= 0.5) == ($1.1 > 0.5) ? 1 : 0) }
        return Double(right) / Double(p.count)
    }

    /// `bins` equal-width bins of predicted probability over [0, 1].
    public static func reliability(_ p: [Float], _ y: [Float], bins: Int = 10) -> [ReliabilityBin] {
        var count = [Int](repeating: 0, count: bins)
        var predicted = [Double](repeating: 0, count: bins), observed = [Double](repeating: 0, count: bins)
        for (pi, yi) in zip(p, y) {
            let b = min(max(Int(Double(pi) * Double(bins)), 0), bins - 1)
            count[b] += 1
            predicted[b] += Double(pi)
            observed[b] += Double(yi)
        }
        return (0..<bins).map { b in
            ReliabilityBin(lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins), count: count[b],
                           meanPredicted: count[b] == 0 ? .nan : predicted[b] / Double(count[b]),
                           observedRate: count[b] == 0 ? .nan : observed[b] / Double(count[b]))
        }
    }

    /// Expected calibration error over `bins`: `Σ (n_b / n)·|mean p_b − rate_b|`.
    public static func expectedCalibrationError(_ bins: [ReliabilityBin]) -> Double {
        let n = bins.reduce(0) { $0 + $1.count }
        guard n > 0 else { return .nan }
        return bins.filter { $0.count > 0 }.reduce(0.0) {
            $0 + Double($1.count) / Double(n) * abs($1.meanPredicted - $1.observedRate)
        }
    }
}

/// One bin of a reliability diagram.
public struct ReliabilityBin: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    /// Mean predicted P(listen) of the bin's plays (NaN when empty).
    public var meanPredicted: Double
    /// Share of the bin's plays that were listens (NaN when empty).
    public var observedRate: Double
}

/// Skip rate at one session position, predicted and logged.
public struct PositionRow: Sendable, Equatable {
    /// 1-based position; the last row gathers this position and later ones.
    public var position: Int
    public var count: Int
    /// Mean of `1 − P(listen)` over the plays at this position.
    public var predictedSkipRate: Double
    /// Share of plays at this position that were skips.
    public var loggedSkipRate: Double
}
