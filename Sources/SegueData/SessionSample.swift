/// A sample of sessions chosen by a hash of the session id, so the same
/// sessions are kept on every run, in every file order and on every shard.
///
/// The hash is FNV-1a over the id's UTF-8 bytes, mixed by SplitMix64's
/// finaliser: it depends on nothing but the id (never on Swift's per-process
/// `Hasher` seed), and a session is kept when the hash, read as a fraction of
/// 2⁶⁴, is below `fraction`.
public struct SessionSample: Equatable, Sendable {
    /// The share of sessions kept, 0 to 1. Default: 1 (every session).
    public let fraction: Double
    private let threshold: UInt64

    /// A sample keeping `fraction` of sessions (clamped to 0...1).
    public init(fraction: Double = 1) {
        self.fraction = min(max(fraction, 0), 1)
        threshold = self.fraction >= 1 ? .max : UInt64(self.fraction * 18_446_744_073_709_551_616.0)
    }

    /// Every session.
    public static let all = SessionSample()

    /// Whether every session is kept.
    public var keepsAll: Bool { fraction >= 1 }

    /// Whether the session `id` is in the sample.
    public func contains(_ id: String) -> Bool {
        keepsAll || SessionSample.hash(id) < threshold
    }

    /// Whether the session whose id is spelled by these UTF-8 bytes is in the
    /// sample: the same answer as `contains(String(decoding: utf8, as: UTF8.self))`
    /// (bytes that are not UTF-8 are read as U+FFFD first, as that string would).
    func contains(utf8 id: UnsafeBufferPointer<UInt8>) -> Bool {
        if keepsAll { return true }
        guard id.allSatisfy({ $0 < 0x80 }) else { return contains(String(decoding: id, as: UTF8.self)) }
        return SessionSample.hash(utf8: id) < threshold
    }

    /// The stable 64-bit hash of a session id.
    public static func hash(_ id: String) -> UInt64 {
        hash(utf8: id.utf8)
    }

    /// The hash of the id these bytes spell, when they are its UTF-8 (see `hash(_:)`).
    static func hash<Bytes: Sequence<UInt8>>(utf8 bytes: Bytes) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        h ^= h >> 30
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
