import Foundation

/// A rule for the starting values of a weight matrix, drawn from a caller-supplied
/// generator so every initialisation is seeded and reproducible.
///
/// For a weight of shape `[rows, columns]` used as `x · W`, `fanIn = rows` and
/// `fanOut = columns`.
public enum Initializer: Sendable, Equatable {
    /// Uniform on `[-limit, limit]` with `limit = sqrt(6 / (fanIn + fanOut))`
    /// (Glorot & Bengio, 2010). Suits tanh and sigmoid layers.
    case glorotUniform
    /// Normal with mean 0 and standard deviation `sqrt(2 / fanIn)` (He et al., 2015),
    /// not truncated. Suits ReLU layers.
    case heNormal
    /// A (semi-)orthogonal matrix times `gain` (Saxe et al., 2014), from Gram–Schmidt
    /// on a standard normal draw; the usual choice for recurrent kernels.
    case orthogonal(gain: Float = 1)
    /// Uniform on `[-limit, limit]`.
    case uniform(limit: Float)
    /// Every element equal to the value (e.g. a forget-gate bias of 1).
    case constant(Float)
    /// All zeros. Draws nothing from the generator.
    case zeros

    /// A `rows × columns` matrix initialised by this rule.
    ///
    /// Draws from `generator` in row-major order, so the same generator state always
    /// gives the same matrix.
    public func matrix(
        rows: Int, columns: Int, using generator: inout some RandomNumberGenerator
    ) -> Matrix {
        let fanIn = Float(max(rows, 1))
        let fanOut = Float(max(columns, 1))
        switch self {
        case .glorotUniform:
            let limit = (6 / (fanIn + fanOut)).squareRoot()
            return Initializer.uniform(limit: limit).matrix(rows: rows, columns: columns, using: &generator)
        case .uniform(let limit):
            var m = Matrix(rows: rows, columns: columns)
            for i in 0..<m.count {
                m.storage[i] = limit == 0 ? 0 : Float.random(in: -limit...limit, using: &generator)
            }
            return m
        case .heNormal:
            let deviation = (2 / fanIn).squareRoot()
            return Initializer.normalMatrix(
                rows: rows, columns: columns, deviation: deviation, using: &generator)
        case .orthogonal(let gain):
            return Initializer.orthogonalMatrix(rows: rows, columns: columns, gain: gain, using: &generator)
        case .constant(let value):
            return Matrix(rows: rows, columns: columns, repeating: value)
        case .zeros:
            return Matrix(rows: rows, columns: columns)
        }
    }

    // MARK: - Sampling helpers

    /// A matrix of independent normal draws `N(0, deviation²)` (Box–Muller, in Double).
    static func normalMatrix(
        rows: Int, columns: Int, deviation: Float, using generator: inout some RandomNumberGenerator
    ) -> Matrix {
        var m = Matrix(rows: rows, columns: columns)
        var i = 0
        while i < m.count {
            let u1 = 1 - Double.random(in: 0..<1, using: &generator)  // (0, 1]: log is finite
            let u2 = Double.random(in: 0..<1, using: &generator)
            let radius = (-2 * log(u1)).squareRoot()
            m.storage[i] = Float(radius * cos(2 * Double.pi * u2)) * deviation
            if i + 1 < m.count {
                m.storage[i + 1] = Float(radius * sin(2 * Double.pi * u2)) * deviation
            }
            i += 2
        }
        return m
    }

    /// A `rows × columns` matrix with orthonormal rows or columns (whichever are
    /// fewer), times `gain`.
    static func orthogonalMatrix(
        rows: Int, columns: Int, gain: Float, using generator: inout some RandomNumberGenerator
    ) -> Matrix {
        // Orthonormalise the k = min(rows, columns) vectors of length n = max(...).
        let n = max(rows, columns)
        let k = min(rows, columns)
        let draw = normalMatrix(rows: k, columns: n, deviation: 1, using: &generator)
        var vectors = (0..<k).map { draw.row($0).map(Double.init) }
        for i in 0..<k {
            for j in 0..<i {
                let projection = zip(vectors[i], vectors[j]).reduce(0) { $0 + $1.0 * $1.1 }
                for e in 0..<n { vectors[i][e] -= projection * vectors[j][e] }
            }
            let norm = vectors[i].reduce(0) { $0 + $1 * $1 }.squareRoot()
            let safeNorm = norm > 1e-12 ? norm : 1
            for e in 0..<n { vectors[i][e] /= safeNorm }
        }
        // Vectors as rows gives [k, n]; transpose when the wanted shape is [n, k].
        var result = Matrix(rows: rows, columns: columns)
        for i in 0..<k {
            for e in 0..<n {
                let value = Float(vectors[i][e]) * gain
                if rows == k { result[i, e] = value } else { result[e, i] = value }
            }
        }
        return result
    }
}
