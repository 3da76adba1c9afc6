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
        let world = World(name: "bench", catalog: catalog, population: population,
                          groundTruth: { BenchUserModel(network: weights, catalog: catalog, population: population) })
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

    /// P(listen) for input `x`, in float64.
    public func probability(_ x: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>) -> Double {
        let h = hiddenWidth
        let h1 = UnsafeMutableBufferPointer(rebasing: scratch[0..<h])
        let h2 = UnsafeMutableBufferPointer(rebasing: scratch[h..<2 * h])
        w1.withUnsafeBufferPointer { w1 in
            for j in 0..<h { h1[j] = 0 }
            for i in 0..<inputWidth {
                let xi = x[i]
                if xi == 0 { continue }
                let row = i * h
                for j in 0..<h { h1[j] += xi * w1[row + j] }
            }
        }
        for j in 0..<h where h1[j] < 0 { h1[j] = 0 }
        w2.withUnsafeBufferPointer { w2 in
            for j in 0..<h { h2[j] = 0 }
            for i in 0..<h {
                let a = h1[i]
                if a == 0 { continue }
                let row = i * h
                for j in 0..<h { h2[j] += a * w2[row + j] }
            }
        }
        var z = b3
        for j in 0..<h where h2[j] > 0 { z += h2[j] * w3[j] }
        return 1 / (1 + (-z).exp)
    }
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
