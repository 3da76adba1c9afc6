import Foundation

/// `sigmoid` and `fastTanh` eight lanes at a time, bit for bit the scalar
/// functions: the exponentials come from the same libm call, one per lane
/// (`sigmoidExponential`, `tanhExponential`), and everything after them —
/// the divisions, the polynomial, the choice of branch — runs on vectors with
/// the scalar code's operations in the scalar code's order (Swift fuses no
/// multiply-add, so each step rounds as it does in the scalar function).
/// Hot loops gather the exponentials first, then finish a row in lanes.
enum Lanes {
    typealias Vector = SIMD8<Float>
    static let width = 8

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }
}

/// The exponential `sigmoid(x)` takes: `e^{−x}`.
@inline(__always)
func sigmoidExponential(_ x: Float) -> Float {
    exp(-x)
}

/// `sigmoid` from `e = sigmoidExponential(x)`, per lane.
@inline(__always)
func sigmoid(exponential e: Lanes.Vector) -> Lanes.Vector {
    1 / (1 + e)
}

/// The exponential `fastTanh(x)` takes: `e^{−2|x|}` where it uses one
/// (`0.1 ≤ |x| < 9`), else 0 (never read).
@inline(__always)
func tanhExponential(_ x: Float) -> Float {
    let a = abs(x)
    return a >= 0.1 && a < 9 ? exp(-2 * a) : 0
}

/// `fastTanh(x)` from `e = tanhExponential(x)`, per lane: both branches are
/// computed and each lane keeps its own.
@inline(__always)
func fastTanh(_ x: Lanes.Vector, exponential e: Lanes.Vector) -> Lanes.Vector {
    // |x|, with +0 for both zeros, as `abs` gives.
    var a = x.replacing(with: -x, where: x .< 0)
    a.replace(with: 0, where: a .== 0)
    let a2 = a * a
    let (c3, c5, c7, c9): (Float, Float, Float, Float) = (-1.0 / 3, 2.0 / 15, -17.0 / 315, 62.0 / 2835)
    let series = a * (1 + a2 * (c3 + a2 * (c5 + a2 * (c7 + a2 * c9))))
    var t = (1 - e) / (1 + e)
    t.replace(with: 1, where: .!(a .< 9))
    t.replace(with: series, where: a .< 0.1)
    return t.replacing(with: -t, where: x .< 0)
}
