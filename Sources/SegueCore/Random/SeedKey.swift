import Foundation

/// A counter-based random stream: every draw is a pure function of a 64-bit key
/// and an index, so any draw can be recomputed without replaying the ones before
/// it, and child streams are derived by number instead of by consumption order.
///
/// This is SplitMix64 used as a hash, exactly as `bench-workload-v1` fixes it:
/// `u64(key, i) = mix64(key + (i + 1) * golden)` and
/// `derive(key, x) = mix64(key + (x + 1) * deriveMultiplier)`.
/// Every random draw in Segue flows from one of these keys, so the same seed
/// gives the same numbers, bit for bit.
public struct SeedKey: Hashable, Sendable, CustomStringConvertible {
    /// The 64-bit key.
    public var rawValue: UInt64

    /// Makes a stream from a seed.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let deriveMultiplier: UInt64 = 0xD1B5_4A32_D192_ED03

    /// The SplitMix64 finaliser.
    @inline(__always)
    public static func mix64(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The `i`-th 64-bit draw of this stream.
    @inline(__always)
    public func u64(_ i: UInt64) -> UInt64 {
        SeedKey.mix64(rawValue &+ (i &+ 1) &* SeedKey.golden)
    }

    /// The `i`-th uniform draw in [0, 1), with 53 bits of precision.
    @inline(__always)
    public func uniform(_ i: UInt64) -> Double {
        Double(u64(i) >> 11) * 0x1.0p-53
    }

    /// The `i`-th uniform draw scaled to an index in `0..<count`
    /// (truncation of `uniform(i) * count`, as the workload specifies).
    @inline(__always)
    public func index(_ i: UInt64, below count: Int) -> Int {
        precondition(count > 0, "index(below:) needs a positive count, got \(count)")
        return Int(uniform(i) * Double(count))
    }

    /// The `k`-th standard normal draw (Box–Muller over the uniform pair `k / 2`).
    public func normal(_ k: UInt64) -> Double {
        let pair = k / 2
        let u1 = uniform(2 * pair)
        let u2 = uniform(2 * pair + 1)
        let r = (-2 * Foundation.log(1 - u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return k % 2 == 0 ? r * Foundation.cos(angle) : r * Foundation.sin(angle)
    }

    /// Child stream number `x`: independent of this stream's draws and of its
    /// other children.
    @inline(__always)
    public func derive(_ x: UInt64) -> SeedKey {
        SeedKey(SeedKey.mix64(rawValue &+ (x &+ 1) &* SeedKey.deriveMultiplier))
    }

    /// A sequential generator over this stream, for APIs that want a
    /// `RandomNumberGenerator` (shuffles, `Int.random(in:using:)`).
    public func generator() -> SeededGenerator { SeededGenerator(key: self) }

    public var description: String { "SeedKey(\(rawValue))" }
}

/// A `RandomNumberGenerator` that walks a `SeedKey` stream in order.
/// Copying it copies its position, so a copy replays the same draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The stream being walked.
    public let key: SeedKey
    /// How many draws have been taken.
    public private(set) var position: UInt64 = 0

    public init(key: SeedKey) { self.key = key }
    public init(seed: UInt64) { self.key = SeedKey(seed) }

    public mutating func next() -> UInt64 {
        defer { position &+= 1 }
        return key.u64(position)
    }

    /// The next uniform draw in [0, 1).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// The next standard normal draw (Box–Muller, one pair per call pair).
    public mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * Foundation.log(1 - u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
