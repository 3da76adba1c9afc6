import Foundation

/// Correlation coefficients between two measurements of the same items —
/// here, each policy's mean return offline (in a simulator) and online.
///
/// Every coefficient lies in [−1, 1] and is NaN when it is undefined: fewer
/// than two items, or a series with no spread (all values tied).
public enum Correlation {
    /// Pearson's r: the covariance of `x` and `y` over the product of their
    /// standard deviations. It measures linear agreement of the values
    /// themselves, so one far-off policy can move it a lot.
    /// - Complexity: O(n).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "Correlation: the series differ in length (\(x.count) and \(y.count))")
        guard x.count > 1 else { return .nan }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Spearman's ρ: Pearson's r of the ranks (ties share their average
    /// rank). It asks whether the two orderings agree, whatever the scale.
    /// - Complexity: O(n log n).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        pearson(ranks(x), ranks(y))
    }

    /// Kendall's τ-b with the pair counts behind it.
    ///
    /// Over all pairs of items, a pair is concordant when `x` and `y` order it
    /// the same way, discordant when they order it oppositely, and tied when
    /// either series ties it. `τ-b = (C − D) / √((n₀ − t_x)(n₀ − t_y))`, with
    /// `n₀ = n(n − 1)/2` and `t_x`, `t_y` the pairs tied in `x` and in `y`;
    /// without ties it is `(C − D) / n₀`.
    /// - Complexity: O(n²), for the handful of policies it compares.
    public static func kendall(_ x: [Double], _ y: [Double]) -> KendallTau {
        precondition(x.count == y.count, "Correlation: the series differ in length (\(x.count) and \(y.count))")
        var tau = KendallTau()
        for i in x.indices {
            for j in x.indices where j > i {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 { tau.tiedInX += 1 }
                if dy == 0 { tau.tiedInY += 1 }
                if dx == 0 || dy == 0 { continue }
                if (dx > 0) == (dy > 0) { tau.concordant += 1 } else { tau.discordant += 1 }
            }
        }
        tau.pairs = x.count * (x.count - 1) / 2
        return tau
    }

    /// 1-based ranks of `values` in ascending order; tied values share the
    /// mean of the ranks they span (`[5, 1, 5]` → `[2.5, 1, 2.5]`).
    /// - Complexity: O(n log n).
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return ranks
    }
}

/// Kendall's τ-b and the pair counts it is made of (see `Correlation.kendall`).
public struct KendallTau: Sendable, Equatable {
    /// All pairs of items, `n(n − 1)/2`.
    public var pairs = 0
    /// Pairs both series order the same way.
    public var concordant = 0
    /// Pairs the series order oppositely.
    public var discordant = 0
    /// Pairs tied in the first series.
    public var tiedInX = 0
    /// Pairs tied in the second series.
    public var tiedInY = 0

    /// τ-b; NaN when either series is entirely tied (or has under two items).
    public var value: Double {
        let denominator = (Double(pairs - tiedInX) * Double(pairs - tiedInY)).squareRoot()
        return denominator > 0 ? Double(concordant - discordant) / denominator : .nan
    }
}
