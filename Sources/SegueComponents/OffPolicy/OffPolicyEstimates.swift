import Foundation
import SegueCore

/// Off-policy estimates of a policy's mean return from logged sessions with
/// propensities: what the logs say a policy would have earned, without a
/// simulator (IPS, SNIPS, PDIS) or with a learned user model as the direct
/// method (DR).
///
/// Each logged session is walked again in an environment of the logging
/// recipe (`LoggedOutcomeModel` replays its outcomes), so the target policy
/// sees the state it would have seen, and its pick is compared with the
/// logged one. Targets are deterministic: ρ_t = 1[logged pick = target's pick] / μ_t,
/// w_t = ρ_0 ⋯ ρ_t (w_{−1} = 1), and per session
///
/// - IPS: w_T · Σ r_t (the whole session reweighted);
/// - SNIPS: Σ_i w_T,i G_i / Σ_i w_T,i (self-normalised);
/// - PDIS: Σ_t w_t r_t (each reward by the weight of its prefix);
/// - DR: Σ_t [w_{t−1} q(s_t, π(s_t)) + w_t (r_t − q(s_t, a_t))], with q the direct
///   model's P(listen) at the logged state (Jiang & Li's per-decision form with a
///   one-step model: unbiased whatever q is, lower variance the better it is).
///
/// Intervals are the middle 95% of `resamples` bootstrap draws of sessions from `seed`.
public struct OffPolicyEstimates {
    /// The four estimators, in table order.
    public static let names = ["IPS", "SNIPS", "PDIS", "DR"]

    /// One estimator's value for one policy.
    public struct Estimate: Sendable {
        public var value: Double
        public var interval: ClosedRange<Double>
        /// Per-session contributions (SNIPS: weighted returns, with `weights`).
        var contributions: [Double]
        /// Per-session denominators (1 but for SNIPS).
        var weights: [Double]
    }

    /// Per policy, per estimator (in `names` order; DR absent without a direct model).
    public private(set) var estimates: [[Estimate?]] = []
    /// Per policy: sessions whose logged picks all matched the target's.
    public private(set) var fullMatches: [Int] = []
    /// Per policy: the effective sample size of the session weights, (Σw)²/Σw².
    public private(set) var effectiveSessions: [Double] = []
    public let sessions: Int
    public let resamples: Int
    public let seed: UInt64

    /// Walks every logged session once per policy.
    /// - Parameters:
    ///   - makeEnvironment: builds an environment of the logging recipe (its user model is replaced).
    ///   - directModel: the user model behind DR's q; nil leaves DR out.
    public init(policies: [(String, any Agent)], logs: LoggedPlays, makeEnvironment: () throws -> Environment,
                directModel: (any UserModel)?, resamples: Int = 200, seed: UInt64 = 1,
                progress: ((String, Int) -> Void)? = nil) throws {
        sessions = logs.sessions.count
        self.resamples = resamples
        self.seed = seed
        for (name, agent) in policies {
            let base = try makeEnvironment()
            let replay = LoggedOutcomeModel()
            let env = Environment(world: base.world, userModel: replay, trackSampler: base.trackSampler,
                                  episodeSampler: base.episodeSampler, terminations: base.terminations,
                                  seed: base.seed, history: base.history)
            var ips: [Double] = [], weights: [Double] = [], pdis: [Double] = [], dr: [Double] = []
            var matches = 0
            for (n, logged) in logs.sessions.enumerated() {
                replay.outcomes = logged.rewards
                var step = env.reset(episode: logged.episode)
                let episode = step.observation.episode
                directModel?.beginEpisode(episode)
                var w = 1.0, pd = 0.0, d = 0.0
                for t in logged.candidates.indices {
                    guard !step.isLast else {
                        throw SegueError("logged session '\(logged.id)' goes on after episode \(logged.episode) of the environment ended",
                                         hint: "estimate with the environment the sessions were logged in (same recipe and seed)")
                    }
                    let target = try env.trackSampler.candidate(for: try agent.act(step), observation: step.observation)
                    let a = logged.candidates[t], r = logged.rewards[t]
                    var qTarget = 0.0, qLogged = 0.0
                    if let directModel {
                        let q = directModel.listenProbabilities(of: [episode.pool[target], episode.pool[a]], episode: episode,
                                                                 session: step.observation.session)
                        (qTarget, qLogged) = (q[0], q[1])
                    }
                    let before = w
                    w *= (a == target ? 1 : 0) / logged.propensities[t]
                    pd += w * r
                    d += before * qTarget + w * (r - qLogged)
                    step = try env.step(.candidate(a))
                    directModel?.observe(track: episode.pool[a], listened: r > 0, episode: episode, session: step.observation.session)
                }
                if w > 0 { matches += 1 }
                let g = logged.rewards.reduce(0, +)
                ips.append(w * g)
                weights.append(w)
                pdis.append(pd)
                dr.append(d)
                progress?(name, n + 1)
            }
            let total = weights.reduce(0, +), squares = weights.reduce(0) { $0 + $1 * $1 }
            fullMatches.append(matches)
            effectiveSessions.append(squares > 0 ? total * total / squares : 0)
            estimates.append([
                Self.meanEstimate(ips, resamples: resamples, seed: seed),
                Self.ratioEstimate(ips, weights, resamples: resamples, seed: seed),
                Self.meanEstimate(pdis, resamples: resamples, seed: seed),
                directModel == nil ? nil : Self.meanEstimate(dr, resamples: resamples, seed: seed),
            ])
        }
    }

    /// The mean of `x` with a bootstrap interval.
    static func meanEstimate(_ x: [Double], resamples: Int, seed: UInt64) -> Estimate {
        ratioEstimate(x, [Double](repeating: 1, count: x.count), resamples: resamples, seed: seed)
    }

    /// Σx / Σw (0 when Σw is 0) with a bootstrap interval over sessions.
    static func ratioEstimate(_ x: [Double], _ w: [Double], resamples: Int, seed: UInt64) -> Estimate {
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
        let value = ratio(x.reduce(0, +), w.reduce(0, +))
        let key = SeedKey(seed).derive(400)
        var draws: [Double] = []
        for r in 0..<max(resamples, 1) {
            let stream = key.derive(UInt64(r))
            var sx = 0.0, sw = 0.0
            for i in x.indices {
                let j = stream.index(UInt64(i), below: x.count)
                sx += x[j]
                sw += w[j]
            }
            draws.append(ratio(sx, sw))
        }
        draws.sort()
        let lo = draws[Int((0.025 * Double(draws.count - 1)).rounded())]
        let hi = draws[Int((0.975 * Double(draws.count - 1)).rounded())]
        return Estimate(value: value, interval: min(lo, value)...max(hi, value), contributions: x, weights: w)
    }

    /// Estimator `e`'s bootstrap draws, one row per draw and one column per
    /// policy, every policy on the same resampled sessions (empty when the
    /// estimator is absent).
    public func draws(_ e: Int) -> [[Double]] {
        let columns = estimates.compactMap { $0[e] }
        guard columns.count == estimates.count, let n = columns.first?.contributions.count, n > 0 else { return [] }
        let key = SeedKey(seed).derive(400)
        return (0..<max(resamples, 1)).map { r in
            let stream = key.derive(UInt64(r))
            let picks = (0..<n).map { stream.index(UInt64($0), below: n) }
            return columns.map { c in
                let sw = picks.reduce(0) { $0 + c.weights[$1] }
                return sw > 0 ? picks.reduce(0) { $0 + c.contributions[$1] } / sw : 0
            }
        }
    }
}
