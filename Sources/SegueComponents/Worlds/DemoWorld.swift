import Foundation
import SegueCore

/// The embedded demo world: a catalog with MSSD-like features clustered by
/// genre, a population with tastes in acoustic space, and a hidden ground
/// truth with sequential dynamics (see `DemoTruth` and docs/demo-world.md).
///
/// Everything is a pure function of `seed`: the same parameters give the
/// same world, bit for bit.
public struct DemoWorld {
    public var tracks = 5_000
    public var users = 1_000
    public var genres = 8
    public var seed: UInt64 = 7

    public init() {}

    /// Width of the acoustic space (MSSD's acoustic_vector_0...7).
    public static let acousticWidth = 8
    /// Names of the model features, in catalog order. The first eight are the
    /// acoustic vector; the rest are MSSD columns standardised.
    public static let featureNames = (0..<8).map { "acoustic_vector_\($0)" } + [
        "popularity", "duration", "release_year", "energy", "danceability", "valence", "acousticness", "tempo",
    ]

    /// Builds catalog, population and ground truth.
    public func makeWorld() -> World { build().world }

    /// Builds the world and the raw MSSD-style facts of each track (for
    /// writing the track-features file).
    public func build() -> (world: World, facts: [DemoTrackFacts]) {
        let key = SeedKey(seed)
        let a = DemoWorld.acousticWidth, f = DemoWorld.featureNames.count
        // Genre centroids and their share of the catalog (Zipf-like).
        let centroids = (0..<genres * a).map { Float(key.derive(0).normal(UInt64($0)) * 1.2) }
        let weights = (0..<genres).map { 1 / Double($0 + 1).squareRoot() }
        let total = weights.reduce(0, +)
        func genre(_ u: Double) -> Int {
            var acc = 0.0
            for g in 0..<genres { acc += weights[g] / total; if u < acc { return g } }
            return genres - 1
        }
        // Tracks.
        var features = [Float](repeating: 0, count: tracks * f)
        var raw: [DemoTrackFacts] = []
        raw.reserveCapacity(tracks)
        let tk = key.derive(1)
        let projections = (0..<4 * a).map { Float(key.derive(2).normal(UInt64($0)) * 0.6) }
        for i in 0..<tracks {
            let r = tk.derive(UInt64(i))
            let g = genre(r.uniform(0))
            var row = (0..<a).map { centroids[g * a + $0] + Float(r.normal(UInt64(2 + $0)) * 0.5) }
            let popZ = r.normal(20)
            let duration = Foundation.exp(5.4 + 0.25 * r.normal(21))
            let year = 2018 - Int(-8 * Foundation.log(1 - r.uniform(30)))
            let tempo = 120 + 25 * r.normal(22)
            let derived = (0..<4).map { k -> Float in
                var z: Float = 0
                for j in 0..<a { z += projections[k * a + j] * row[j] }
                return 1 / (1 + Foundation.exp(-z))
            }
            row += [Float(popZ), Float(4 * (Foundation.log(duration) - 5.4)), Float(year - 2010) / 8]
            row += derived.map { ($0 - 0.5) * 4 }
            row.append(Float((tempo - 120) / 25))
            features.replaceSubrange(i * f ..< (i + 1) * f, with: row)
            raw.append(DemoTrackFacts(genre: g, popularityZ: popZ, duration: duration, year: year, tempo: tempo,
                                      energy: derived[0], danceability: derived[1], valence: derived[2],
                                      acousticness: derived[3], key: r.index(31, below: 12), major: r.uniform(32) < 0.6))
        }
        let ids = (0..<tracks).map { "t_" + String(SeedKey.mix64(seed &+ UInt64($0)) >> 16, radix: 16) }
        let catalog = Catalog(ids: ids, featureNames: DemoWorld.featureNames, features: features)

        // Users: taste near a favourite genre, in the same 16-d space as tracks.
        let uk = key.derive(3)
        var userFeatures = [Float](repeating: 0, count: users * f)
        var premium = [Bool](repeating: false, count: users)
        for u in 0..<users {
            let r = uk.derive(UInt64(u))
            let g = genre(r.uniform(0))
            for j in 0..<a { userFeatures[u * f + j] = centroids[g * a + j] + Float(r.normal(UInt64(2 + j)) * 0.7) }
            for j in a..<f { userFeatures[u * f + j] = Float(r.normal(UInt64(20 + j)) * 0.5) }
            premium[u] = r.uniform(1) < 0.6
        }
        let population = Population(featureNames: DemoWorld.featureNames, features: userFeatures, premium: premium)
        let truth = DemoTruthParameters()
        let world = World(name: "demo", catalog: catalog, population: population,
                          groundTruth: { DemoTruth(catalog: catalog, population: population, parameters: truth) })
        world.details = [("tracks", "\(tracks)"), ("users", "\(users)"), ("genres", "\(genres)"), ("seed", "\(seed)")]
        return (world, raw)
    }
}

/// A track's MSSD-style raw facts, before standardisation.
public struct DemoTrackFacts: Sendable {
    public var genre: Int
    public var popularityZ: Double
    public var duration: Double
    public var year: Int
    public var tempo: Double
    public var energy: Float
    public var danceability: Float
    public var valence: Float
    public var acousticness: Float
    public var key: Int
    public var major: Bool

    /// MSSD's `us_popularity_estimate`: skewed towards 100.
    public var usPopularityEstimate: Double {
        min(99.999, max(80, 100 - 10 * Foundation.exp(-0.6 * popularityZ - 0.5)))
    }
}
