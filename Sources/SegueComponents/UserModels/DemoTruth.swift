import Foundation
import SegueCore

/// Coefficients of the demo world's hidden behaviour (docs/demo-world.md).
public struct DemoTruthParameters: Sendable, Equatable {
    /// Base log-odds of a listen.
    public var bias = -0.6
    /// Weight of the cosine between the (drifting) taste and the track.
    public var affinity = 2.2
    /// Weight of the track's standardised popularity.
    public var popularity = 0.3
    /// Bonus for premium listeners.
    public var premium = 0.2
    /// Penalty per unit of fatigue from recent similar tracks.
    public var fatigue = 1.4
    /// How fast fatigue fades per play (0...1).
    public var fatigueDecay = 0.65
    /// Bonus for a smooth transition from the previous, listened track.
    public var smoothness = 0.5
    /// Weight of engagement, built by listening to tracks new to the session.
    public var engagement = 0.9
    /// How fast engagement fades per play (0...1).
    public var engagementDecay = 0.85
    /// How far the taste drifts toward what was listened to (0...1).
    public var drift = 0.35

    public init() {}
}

/// The demo world's ground truth: P(listen) with sequential dynamics that a
/// myopic policy cannot exploit.
///
/// With `a` the unit acoustic vectors, `τ` the user's unit taste, `m` the
/// unit mean of the acoustic vectors listened so far, `n` listens so far:
///
/// ```
/// τₜ      = normalise((1 − ω) τ + ω m),  ω = drift · min(n, 5) / 5
/// fatigue = Σ_{j<t} decay_f^(t−1−j) · max(0, cos(aᵢ, aⱼ))³
/// smooth  = max(0, cos(aᵢ, a_{t−1})) if the previous track was listened, else 0
/// E       = Σ_{listened j} decay_e^(t−1−j) · novelty_j,
///           novelty_j = 1 − max_{k<j} max(0, cos(aⱼ, aₖ))
/// logit   = bias + affinity·cos(τₜ, aᵢ) + popularity·popᵢ + premium·[premium]
///           − fatigue·fatigue + smoothness·smooth + engagement·E
/// P(listen) = sigmoid(logit)
/// ```
///
/// Greedy by this model maximises the next listen and keeps playing what the
/// user likes most; it never invests in novel tracks whose engagement pays
/// off later, nor spreads plays to avoid fatigue ahead of time.
public final class DemoTruth: UserModel {
    public let parameters: DemoTruthParameters
    let catalog: Catalog
    let population: Population
    /// Unit acoustic vectors, row-major `[tracks][8]`.
    let acoustic: [Double]
    /// Unit taste vectors, row-major `[users][8]`.
    let taste: [Double]
    let popularityColumn: Int
    static let width = DemoWorld.acousticWidth

    public init(catalog: Catalog, population: Population, parameters: DemoTruthParameters) {
        self.catalog = catalog
        self.population = population
        self.parameters = parameters
        acoustic = DemoTruth.unitRows(catalog.features, rowWidth: catalog.featureCount, take: DemoTruth.width)
        taste = DemoTruth.unitRows(population.features, rowWidth: population.featureCount, take: DemoTruth.width)
        popularityColumn = catalog.featureIndex(named: "popularity") ?? 8
    }

    static func unitRows(_ values: [Float], rowWidth: Int, take width: Int) -> [Double] {
        let rows = values.count / rowWidth
        var out = [Double](repeating: 0, count: rows * width)
        for r in 0..<rows {
            var norm = 0.0
            for j in 0..<width { let v = Double(values[r * rowWidth + j]); out[r * width + j] = v; norm += v * v }
            let s = 1 / max(norm.squareRoot(), 1e-12)
            for j in 0..<width { out[r * width + j] *= s }
        }
        return out
    }

    @inline(__always) func cosine(_ i: Int, _ j: Int) -> Double {
        var d = 0.0
        for k in 0..<DemoTruth.width { d += acoustic[i * DemoTruth.width + k] * acoustic[j * DemoTruth.width + k] }
        return d
    }

    public func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        let p = parameters
        let w = DemoTruth.width
        let played = session.played, outcomes = session.outcomes
        let t = played.count
        // Drifting taste.
        var tau = (0..<w).map { taste[episode.user * w + $0] }
        if session.listens > 0 {
            var mean = [Double](repeating: 0, count: w)
            for (j, track) in played.enumerated() where outcomes[j] {
                for k in 0..<w { mean[k] += acoustic[track * w + k] }
            }
            let norm = max(mean.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            let omega = p.drift * Double(min(session.listens, 5)) / 5
            for k in 0..<w { tau[k] = (1 - omega) * tau[k] + omega * mean[k] / norm }
            let tn = max(tau.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            for k in 0..<w { tau[k] /= tn }
        }
        var affinity = 0.0
        for k in 0..<w { affinity += tau[k] * acoustic[track * w + k] }
        // Fatigue, smoothness and engagement from the history.
        var fatigue = 0.0, engagement = 0.0
        for (j, previous) in played.enumerated() {
            let age = Double(t - 1 - j)
            let similarity = max(0, cosine(track, previous))
            fatigue += pow(p.fatigueDecay, age) * similarity * similarity * similarity
            if outcomes[j] {
                var closest = 0.0
                for k in 0..<j { closest = max(closest, cosine(previous, played[k])) }
                engagement += pow(p.engagementDecay, age) * (1 - closest)
            }
        }
        let smooth = (outcomes.last ?? false) ? max(0, cosine(track, played[t - 1])) : 0
        let popularity = Double(catalog.features[track * catalog.featureCount + popularityColumn])
        let logit = p.bias + p.affinity * affinity + p.popularity * popularity
            + (episode.context.premium ? p.premium : 0) - p.fatigue * fatigue + p.smoothness * smooth
            + p.engagement * engagement
        return 1 / (1 + Foundation.exp(-logit))
    }
}
