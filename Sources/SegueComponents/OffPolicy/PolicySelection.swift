import Foundation
import SegueCore

/// How well a way of valuing policies offline (a simulator or an off-policy
/// estimator) chooses among them, judged by their online mean returns — the
/// selection metrics of SCOPE-RL beside the rank correlations:
///
/// - regret@1: the online return lost by deploying the policy ranked first
///   offline instead of the online best (0 when they agree; policies tied
///   first count by their mean);
/// - pairwise calls: pairs (A, B) the method calls "A beats B" at 95% (the
///   interval of the difference excludes 0), and how many of those the online
///   means contradict (online B > A).
public struct PolicySelection: Sendable {
    public var agreement: Agreement
    public var regretAtOne: Double
    /// regret@1 as a share of the online best's return.
    public var regretShare: Double
    public var calls: Int
    public var contradicted: Int

    /// - Parameters:
    ///   - offline: each policy's offline value.
    ///   - online: each policy's online mean return.
    ///   - draws: resampled offline values, one row per draw, one column per
    ///     policy (the same sessions or episodes for every policy in a row):
    ///     they give τ's interval and decide the pairwise calls.
    public init(offline: [Double], online: [Double], draws: [[Double]]) {
        agreement = Agreement(offline: offline, online: online)
        let best = online.max() ?? 0
        // Policies tied first offline are deployed with equal chance: the regret is their mean shortfall.
        let top = offline.max() ?? 0
        let chosen = offline.indices.filter { offline[$0] == top }
        regretAtOne = chosen.isEmpty ? 0 : best - chosen.reduce(0) { $0 + online[$1] } / Double(chosen.count)
        regretShare = best > 0 ? regretAtOne / best : 0
        var taus = draws.map { Correlation.kendall($0, online).value }.filter { !$0.isNaN }
        taus.sort()
        if !taus.isEmpty {
            agreement.kendallInterval = taus[Int((0.025 * Double(taus.count - 1)).rounded())]...taus[Int((0.975 * Double(taus.count - 1)).rounded())]
        }
        calls = 0
        contradicted = 0
        guard draws.count >= 20 else { return }
        for a in offline.indices {
            for b in offline.indices where a != b {
                let wins = draws.filter { $0[a] > $0[b] }.count
                // "A beats B" at 95%: A above B in at least 97.5% of the draws (a two-sided interval excluding 0).
                guard Double(wins) >= 0.975 * Double(draws.count) else { continue }
                calls += 1
                if online[b] > online[a] { contradicted += 1 }
            }
        }
    }

    /// Bootstrap draws of per-policy means of paired per-episode returns (one
    /// resampled set of episodes per draw, shared by every policy).
    public static func bootstrapMeans(_ returns: [[Double]], resamples: Int, seed: UInt64) -> [[Double]] {
        let n = returns.map(\.count).min() ?? 0
        guard n > 0 else { return [] }
        let key = SeedKey(seed).derive(500)
        return (0..<resamples).map { r in
            let stream = key.derive(UInt64(r))
            let picks = (0..<n).map { stream.index(UInt64($0), below: n) }
            return returns.map { series in picks.reduce(0) { $0 + series[$1] } / Double(n) }
        }
    }
}
