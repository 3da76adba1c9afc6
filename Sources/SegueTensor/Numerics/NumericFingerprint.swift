import Foundation

/// The fixed computation behind ``Numerics/fingerprint``.
///
/// Inputs come from an integer hash, so the computation needs no random
/// generator; outputs are hashed bit for bit with FNV-1a. The shapes are odd
/// (no multiple of any kernel's register block) and the inner dimension of 300
/// is longer than one of OpenBLAS's inner blocks is wide, so both tails and
/// blocked accumulation show in the hash.
enum NumericFingerprint {
    static func compute() -> String {
        var hash = FNV1a()
        let (m, n, k) = (37, 29, 300)
        let a = Matrix(rows: m, columns: k, storage: (0..<m * k).map(value))
        let b = Matrix(rows: k, columns: n, storage: (0..<k * n).map { value($0 &+ 7919) })
        var c = Matrix(rows: m, columns: n, storage: (0..<m * n).map { value($0 &+ 104_729) })
        Matrix.gemm(a, b, into: &c, alpha: 0.75, beta: 0.5)
        hash.add(c.storage)
        let bt = Matrix(rows: n, columns: k, storage: (0..<k * n).map { value($0 &+ 31) })
        var d = Matrix(rows: k, columns: k)
        Matrix.gemm(a, transposeA: true, a, into: &d)
        hash.add(d.storage)
        var e = Matrix(rows: m, columns: n)
        Matrix.gemm(a, bt, transposeB: true, into: &e)
        e.add(c, scaledBy: -1.25)
        e.scale(by: 0.3)
        hash.add(e.storage)
        let xs = (0..<97).map { value($0) * 8 }
        hash.add(xs.map { expf($0) } + xs.map { logf(abs($0) + 1e-3) } + xs.map { tanhf($0) })
        hash.add(xs.map { Float(exp(Double($0))) } + xs.map { Float(log(Double(abs($0)) + 1e-3)) })
        return String(hash.value, radix: 16).leftPadded(to: 16)
    }

    /// A value in [-1, 1) from an index (SplitMix64's finaliser).
    static func value(_ index: Int) -> Float {
        var z = UInt64(truncatingIfNeeded: index) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 23) - 1
    }

    struct FNV1a {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        mutating func add(_ floats: [Float]) {
            for f in floats {
                var bits = f.bitPattern
                for _ in 0..<4 {
                    value = (value ^ UInt64(bits & 0xFF)) &* 0x100_0000_01B3
                    bits >>= 8
                }
            }
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
