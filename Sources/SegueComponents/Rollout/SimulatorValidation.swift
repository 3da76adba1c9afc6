import Foundation
import SegueCore

/// Does a simulator predict the online world? The same policies played on
/// the same episode numbers online (the listeners themselves, or whichever
/// user model stands in for them) and in one or more offline simulators;
/// per policy both mean returns, and per simulator how well its estimates
/// agree with the online ones (Pearson, Spearman, Kendall).
///
/// This is the paper's offline-online check: a simulator is useful for
/// choosing policies when it orders them as the listeners do, even if its
/// returns are biased.
public struct SimulatorValidation {
    /// One world the policies played in (online or a simulator), by name.
    public struct Side {
        public var name: String
        public var evaluation: Evaluation
    }

    /// The world the simulators are judged against.
    public let online: Side
    /// The simulators, in the order given.
    public let offline: [Side]
    /// Policy names, in the order given.
    public let policies: [String]
    /// The policy that is played everywhere as a yardstick but not chosen
    /// among (an oracle that reads the ground truth cannot be deployed): it is
    /// left out of the correlations and of regret@1, whose share is then of
    /// its online return. Nil: every policy is a candidate.
    public let reference: Int?
    /// Episodes every policy played in every world (fewer than asked when stopped early).
    public let episodes: Int
    /// The first episode number played.
    public let firstEpisode: Int
    /// Bootstrap draws behind each interval of τ.
    public let resamples: Int
    /// Seed of the bootstrap draws.
    public let seed: UInt64

    /// Plays each policy on episodes `firstEpisode ..< firstEpisode + episodes`
    /// of a fresh environment of each world: online first, then each offline one.
    ///
    /// Environments of the worlds should share their episode sampler and seed,
    /// so episode `j` has the same listener, pool and context everywhere.
    /// - Parameters:
    ///   - progress: called with the world, the policy and the episodes played.
    ///   - shouldStop: asked between episodes; true stops early (Ctrl-C).
    /// - Throws: whatever building or playing throws.
    /// - Parameter reference: the index in `policies` of the yardstick policy, if any.
    public init(policies: [(String, any Agent)], reference: Int? = nil, episodes: Int, firstEpisode: Int = 0,
                online: (name: String, make: () throws -> Environment),
                offline: [(name: String, make: () throws -> Environment)],
                resamples: Int = 1000, seed: UInt64 = 1,
                progress: ((String, String, Int) -> Void)? = nil, shouldStop: (() -> Bool)? = nil) throws {
        func play(_ world: (name: String, make: () throws -> Environment)) throws -> Side {
            Side(name: world.name, evaluation: try Evaluation(
                policies: policies, episodes: episodes, firstEpisode: firstEpisode, makeEnvironment: world.make,
                progress: { progress?(world.name, $0, $1) }, shouldStop: shouldStop))
        }
        self.online = try play(online)
        self.offline = try offline.map(play)
        self.policies = policies.map(\.0)
        self.reference = reference
        self.firstEpisode = firstEpisode
        self.resamples = resamples
        self.seed = seed
        self.episodes = ([self.online] + self.offline).flatMap { $0.evaluation.entries.map(\.results.count) }.min() ?? 0
    }

    /// Each policy's returns in `world`, over the episodes every world played.
    public func returns(in world: Side) -> [[Double]] {
        world.evaluation.entries.map { Array($0.returns.prefix(episodes)) }
    }

    /// Indices of the policies chosen among: all but the reference.
    public var candidates: [Int] { policies.indices.filter { $0 != reference } }

    /// Each policy's mean return with its 95% interval in `world`.
    public func estimates(in world: Side) -> [MeanEstimate] {
        returns(in: world).map(MeanEstimate.init)
    }

    /// How well `simulator`'s estimates agree with the online ones, over the candidates.
    public func agreement(_ simulator: Side) -> Agreement {
        let pick = candidates
        let offline = returns(in: simulator), online = returns(in: online)
        return Agreement(offline: pick.map { offline[$0] }, online: pick.map { online[$0] },
                         resamples: resamples, seed: seed)
    }

    /// What choosing by `simulator` costs online (SCOPE-RL's regret@1): the
    /// online return lost by deploying the candidate it ranks first instead of
    /// the online best candidate, and that loss as a share of the best's
    /// return — of the reference's, when there is one.
    public func regretAtOne(_ simulator: Side) -> (loss: Double, share: Double) {
        let pick = candidates
        let offline = estimates(in: simulator).map(\.mean), online = estimates(in: online).map(\.mean)
        let selection = PolicySelection(offline: pick.map { offline[$0] }, online: pick.map { online[$0] }, draws: [])
        guard let reference else { return (selection.regretAtOne, selection.regretShare) }
        return (selection.regretAtOne, online[reference] > 0 ? selection.regretAtOne / online[reference] : 0)
    }

    /// The simulator called `name`.
    public func simulator(named name: String) -> Side? {
        offline.first { $0.name == name }
    }
}

// MARK: - Text and CSV

extension SimulatorValidation {
    /// Per policy: the online mean return ± 95% CI and its rank, then each
    /// simulator's (rank 1 is the highest return; ties share a mean rank).
    /// The reference is ranked with no one and listed last.
    public func table() -> String {
        let worlds = [online] + offline
        let estimates = worlds.map(estimates(in:))
        let pick = candidates
        let ranks = estimates.map { values in
            let ranked = Self.descendingRanks(pick.map { values[$0].mean })
            return Dictionary(uniqueKeysWithValues: zip(pick, ranked))
        }
        var rows = [["policy"] + worlds.flatMap { ["\($0.name) (95% CI)", "rank"] }]
        for i in pick + (reference.map { [$0] } ?? []) {
            rows.append([policies[i] + (i == reference ? " (reference)" : "")] + worlds.indices.flatMap { w in
                [estimates[w][i].description, ranks[w][i].map(Self.rankText) ?? "—"]
            })
        }
        return TextTable.render(rows)
    }

    /// Per simulator: r, ρ, τ-b with its bootstrap interval, the pairs of
    /// policies it orders as the online world does, and its mean bias; then
    /// one line on what each number means.
    public func agreementTable() -> String {
        var rows = [["simulator", "Pearson r", "Spearman ρ", "Kendall τ", "τ 95% interval", "pairs in order", "bias", "regret@1"]]
        for simulator in offline {
            let a = agreement(simulator)
            let regret = regretAtOne(simulator)
            rows.append([simulator.name, Self.number(a.pearson), Self.number(a.spearman), Self.number(a.kendall.value),
                         a.kendallInterval.map { "[\(Self.number($0.lowerBound)), \(Self.number($0.upperBound))]" } ?? "—",
                         "\(a.kendall.concordant)/\(a.kendall.pairs)", String(format: "%+.3f", a.meanGap),
                         String(format: "%.3f (%.1f%%)", regret.loss, 100 * regret.share)])
        }
        return TextTable.render(rows) + "\n" + """
        agreement of offline with online mean returns over \(candidates.count) policies, \(episodes) episodes each\(reference.map { " (\(policies[$0]), the reference, left out)" } ?? ""):
        r: linear agreement of the returns; ρ: agreement of their rankings; τ: (pairs in the same order −
        pairs reversed) / pairs, 1 = same ranking, 0 = unrelated; interval: \(resamples) bootstrap draws of
        episodes; bias: mean of offline − online return; regret@1: online return lost by deploying the
        simulator's first choice instead of the online best (and its share of \(reference.map { "\(policies[$0])'s" } ?? "the best's") return).
        """
    }

    /// One row per world, policy and episode, as `Evaluation.csv` with the world first.
    public func csv() -> String {
        let rows = ([online] + offline).flatMap { world in
            world.evaluation.csvRows(episodes: episodes).map { "\(world.name),\($0)" }
        }
        return (["world," + Evaluation.csvHeader] + rows).joined(separator: "\n") + "\n"
    }

    /// Ranks with 1 for the largest value; ties share their mean rank.
    public static func descendingRanks(_ values: [Double]) -> [Double] {
        Correlation.ranks(values.map { -$0 })
    }

    public static func rankText(_ rank: Double) -> String {
        rank == rank.rounded() ? String(Int(rank)) : String(format: "%.1f", rank)
    }

    public static func number(_ value: Double) -> String {
        value.isNaN ? "—" : String(format: "%.3f", value)
    }
}
