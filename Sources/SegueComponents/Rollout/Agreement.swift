import Foundation
import SegueCore

/// How closely a simulator's estimates of several policies agree with the
/// online returns of the same policies: the paper's test of an offline
/// simulator (does it rank policies as the listeners would?).
public struct Agreement: Sendable, Equatable {
    /// Number of policies compared.
    public var policies: Int
    /// Pearson's r of the mean returns.
    public var pearson: Double
    /// Spearman's ρ of the mean returns.
    public var spearman: Double
    /// Kendall's τ-b of the mean returns, with its pair counts.
    public var kendall: KendallTau
    /// Mean over policies of `offline − online` return: the simulator's bias.
    public var meanGap: Double
    /// 95% percentile-bootstrap interval of τ-b (nil when not computed).
    public var kendallInterval: ClosedRange<Double>?

    /// The agreement of `offline[i]` and `online[i]`, the mean returns of policy `i`.
    public init(offline: [Double], online: [Double]) {
        policies = offline.count
        pearson = Correlation.pearson(offline, online)
        spearman = Correlation.spearman(offline, online)
        kendall = Correlation.kendall(offline, online)
        meanGap = offline.isEmpty ? .nan : zip(offline, online).reduce(0) { $0 + $1.0 - $1.1 } / Double(offline.count)
    }

    /// The agreement of two sets of per-episode returns, with a bootstrap
    /// interval for τ-b.
    ///
    /// `offline[i][e]` and `online[i][e]` are policy `i`'s returns on episode
    /// number `e` in each world. Each of `resamples` bootstrap draws takes
    /// episode numbers with replacement — the same numbers for every policy
    /// and both worlds, since they played the same episodes — and recomputes
    /// τ-b from the resampled means; the interval spans the middle 95%. The
    /// draws come from `seed`, so the interval is reproducible.
    /// - Complexity: O(resamples · policies · episodes).
    public init(offline: [[Double]], online: [[Double]], resamples: Int = 1000, seed: UInt64 = 1) {
        precondition(offline.count == online.count, "Agreement: \(offline.count) offline and \(online.count) online policies")
        self.init(offline: offline.map(Agreement.mean), online: online.map(Agreement.mean))
        let episodes = (offline + online).map(\.count).min() ?? 0
        guard resamples > 0, episodes > 0, policies > 1 else { return }
        let key = SeedKey(seed).derive(300)
        var taus: [Double] = []
        taus.reserveCapacity(resamples)
        var drawn = [Int](repeating: 0, count: episodes)
        for r in 0..<resamples {
            let stream = key.derive(UInt64(r))
            for e in 0..<episodes { drawn[e] = stream.index(UInt64(e), below: episodes) }
            func means(_ returns: [[Double]]) -> [Double] {
                returns.map { series in drawn.reduce(0) { $0 + series[$1] } / Double(episodes) }
            }
            let tau = Correlation.kendall(means(offline), means(online)).value
            if !tau.isNaN { taus.append(tau) }
        }
        guard !taus.isEmpty else { return }
        taus.sort()
        let lo = taus[Int((0.025 * Double(taus.count - 1)).rounded())]
        let hi = taus[Int((0.975 * Double(taus.count - 1)).rounded())]
        kendallInterval = lo...hi
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}
