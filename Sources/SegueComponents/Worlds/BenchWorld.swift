import SegueCore

/// The reference workload's world (`bench-workload-v1`, sections 1–2), exact
/// to the letter: 10,000 tracks and 1,000 users of 16 standard-normal
/// features, and a fixed ground-truth network evaluated in float64.
///
/// Every array is filled from `normal(derive(W, n), k)` in index order, scaled
/// in float64, then rounded to float32, so a port reproduces the spec's
/// checksums to the last digit.
public struct BenchWorkload {
    /// Tracks in the catalog (T).
    public var trackCount = 10_000
    /// Features per track and per user (F).
    public var featureCount = 16
    /// Users (U).
    public var userCount = 1_000
    /// Hidden width of the ground-truth network (H).
    public var hiddenWidth = 64
    /// The world seed (W).
    public var seed: UInt64 = 20_240_601

    public init() {}

    /// Width of the ground truth's input: user ‖ track ‖ summary.
    public var inputWidth: Int { 2 * featureCount + SessionState.summaryCount }

    /// `count` float32 values of `normal(key, k) * scale`, k = 0, 1, 2, ...
    public static func normals(_ key: SeedKey, count: Int, scale: Double = 1) -> [Float] {
        (0..<count).map { Float(key.normal(UInt64($0)) * scale) }
    }

    /// Builds the world, its ground truth attached.
    public func makeWorld() -> World {
        let w = SeedKey(seed)
        let f = featureCount, h = hiddenWidth, x = inputWidth
        let tracks = BenchWorkload.normals(w.derive(0), count: trackCount * f)
        let users = BenchWorkload.normals(w.derive(1), count: userCount * f)
        let weights = BenchNetwork(
            w1: BenchWorkload.normals(w.derive(2), count: x * h, scale: (2.0 / Double(x)).squareRoot()).map(Double.init),
            w2: BenchWorkload.normals(w.derive(3), count: h * h, scale: (2.0 / Double(h)).squareRoot()).map(Double.init),
            w3: BenchWorkload.normals(w.derive(4), count: h, scale: 3 * (1.0 / Double(h)).squareRoot()).map(Double.init),
            b3: 0.5, inputWidth: x, hiddenWidth: h)
        let names = (0..<f).map { "f\($0)" }
        let catalog = Catalog(ids: (0..<trackCount).map { "t\($0)" }, featureNames: names, features: tracks)
        let population = Population(featureNames: names, features: users)
        let tables = BenchTables(network: weights, catalog: catalog, population: population)
        let world = World(name: "bench", catalog: catalog, population: population,
                          groundTruth: { BenchUserModel(network: weights, tables: tables) })
        world.details = [("workload", "bench-workload-v1"), ("tracks", "\(trackCount)"), ("users", "\(userCount)"),
                         ("features", "\(f)"), ("seed", "\(seed)")]
        return world
    }
}

/// The reference ground truth's weights: `x(40) → relu(·W1) → relu(·W2) → sigmoid(·w3 + b3)`.
public struct BenchNetwork: Sendable {
    public var w1: [Double]
    public var w2: [Double]
    public var w3: [Double]
    public var b3: Double
    public var inputWidth: Int
    public var hiddenWidth: Int
}

extension Double {
    @inline(__always) var exp: Double { Foundation.exp(self) }
}

import Foundation

extension BenchWorkload {
    /// The workload's environment recipe: ground truth, pools of C = 200,
    /// L = 20 plays, K consecutive skips, episode keys from `envSeed`.
    public static func recipe(envSeed: UInt64, skips: Int = 3) -> Recipe {
        Recipe(userModel: ComponentSpec("truth"), trackSampler: ComponentSpec("no-repeat"),
               episodeSampler: ComponentSpec("random-pool", [("size", "200")]),
               terminations: [ComponentSpec("max-length", [("length", "20")]),
                              ComponentSpec("consecutive-skips", [("limit", "\(skips)")])],
               seed: envSeed)
    }
}
