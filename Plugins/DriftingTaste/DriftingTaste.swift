// DriftingTaste: a user model whose taste drifts within a session.
//
//   plugin load Plugins/DriftingTaste
//   env user=drifting-taste(drift=0.3)
//   compare random cosine greedy
//
// Imports only SegueCore (and Foundation for exp); see docs/plugins.md.
import Foundation
import SegueCore

/// A listener whose taste moves with what they hear: each listened track
/// pulls the taste toward it, each skipped track pushes it away.
///
/// With `a` the unit track vectors (the acoustic features, or all features
/// users and tracks share), `τ₀` the user's unit taste and `pop` the track's
/// standardised popularity:
///
/// ```
/// τₖ₊₁ = normalise((1 − drift)·τₖ + drift·aₖ)   after a listen of track k
/// τₖ₊₁ = normalise(τₖ − repel·aₖ)               after a skip
/// P(listen i) = sigmoid(bias + affinity·cos(τₜ, aᵢ) + popularity·popᵢ)
/// ```
///
/// The taste is a pure function of the session so far, so the model keeps
/// no state and two instances agree bit for bit. A policy that reads only
/// the user's profile (`cosine`) falls behind one that follows the session
/// (`cosine(session=...)`, or `greedy` with this model).
final class DriftingTaste: UserModel {
    let bias: Double
    let affinity: Double
    let drift: Double
    let repel: Double
    let popularity: Double
    /// Unit vectors of the tracks and the users, over `columns`, row-major.
    let tracks: [Double]
    let users: [Double]
    let width: Int
    /// Standardised popularity per track (0 when the world has none).
    let pop: [Double]

    init(world: World, bias: Double, affinity: Double, drift: Double, repel: Double, popularity: Double) throws {
        self.bias = bias
        self.affinity = affinity
        self.drift = drift
        self.repel = repel
        self.popularity = popularity
        let catalog = world.catalog, population = world.population
        // The acoustic vector where the world has one, else every feature users and tracks share.
        var columns = catalog.featureNames.indices.filter { catalog.featureNames[$0].hasPrefix("acoustic_vector_") }
        if columns.isEmpty { columns = Array(0..<min(catalog.featureCount, population.featureCount)) }
        guard !columns.isEmpty, columns.allSatisfy({ $0 < population.featureCount }) else {
            throw SegueError("drifting-taste: world '\(world.name)' has no features shared by users and tracks",
                             hint: "use a world whose users live in track-feature space, such as `world demo`")
        }
        width = columns.count
        tracks = DriftingTaste.unitRows(catalog.features, width: catalog.featureCount, columns: columns)
        users = DriftingTaste.unitRows(population.features, width: population.featureCount, columns: columns)
        let column = catalog.featureIndex(named: "popularity")
        pop = (0..<catalog.count).map { i in column.map { Double(catalog.features[i * catalog.featureCount + $0]) } ?? 0 }
    }

    func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        let taste = self.taste(user: episode.user, session: session)
        var cosine = 0.0
        for k in 0..<width { cosine += taste[k] * tracks[track * width + k] }
        return 1 / (1 + exp(-(bias + affinity * cosine + popularity * pop[track])))
    }

    func listenProbabilities(of candidates: [Int], episode: Episode, session: SessionState) -> [Double] {
        let taste = self.taste(user: episode.user, session: session)   // once for the whole pool
        return candidates.map { track in
            var cosine = 0.0
            for k in 0..<width { cosine += taste[k] * tracks[track * width + k] }
            return 1 / (1 + exp(-(bias + affinity * cosine + popularity * pop[track])))
        }
    }

    /// The unit taste after the plays of `session`, in order.
    func taste(user: Int, session: SessionState) -> [Double] {
        var taste = Array(users[user * width ..< (user + 1) * width])
        for (track, listened) in zip(session.played, session.outcomes) {
            for k in 0..<width {
                let a = tracks[track * width + k]
                taste[k] = listened ? (1 - drift) * taste[k] + drift * a : taste[k] - repel * a
            }
            let norm = max(taste.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            for k in 0..<width { taste[k] /= norm }
        }
        return taste
    }

    /// The chosen `columns` of each row of `values` (rows of `width`),
    /// scaled to unit length, flattened row-major.
    static func unitRows(_ values: [Float], width: Int, columns: [Int]) -> [Double] {
        let rows = values.count / max(width, 1)
        var out: [Double] = []
        out.reserveCapacity(rows * columns.count)
        for r in 0..<rows {
            let picked = columns.map { Double(values[r * width + $0]) }
            let norm = max(picked.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            out += picked.map { $0 / norm }
        }
        return out
    }

    static let descriptor = ComponentDescriptor(
        kind: .userModel, name: "drifting-taste",
        summary: "a listener whose taste drifts toward what they listen to and away from what they skip",
        parameters: [
            .double("drift", 0.3, range: 0...1, "how far each listened track pulls the taste toward it"),
            .double("repel", 0.1, range: 0...1, "how far each skipped track pushes the taste away"),
            .double("affinity", 3, range: -20...20, "weight of cos(taste, track)"),
            .double("bias", -0.8, range: -10...10, "base log-odds of a listen"),
            .double("popularity", 0.3, range: -5...5, "weight of the track's standardised popularity"),
        ],
        make: { p, context in
            try DriftingTaste(world: try context.requireWorld(for: "drifting-taste"), bias: p.double("bias"),
                              affinity: p.double("affinity"), drift: p.double("drift"), repel: p.double("repel"),
                              popularity: p.double("popularity"))
        })
}

/// The plugin API version this plugin is built for (checked when it is loaded).
@_cdecl("segue_plugin_api_version")
public func segueAPIVersion() -> Int32 { PluginAPI.version }

/// Registers the plugin's components with the host's registry.
@_cdecl("segue_plugin_register")
public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
    PluginRegistrar.from(pointer).register(DriftingTaste.descriptor)
}
