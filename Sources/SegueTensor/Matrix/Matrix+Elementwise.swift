// MARK: - Elementwise maps

extension Matrix {
    /// Sets every element to `value`.
    public mutating func fill(_ value: Float) {
        storage.withUnsafeMutableBufferPointer { x in
            x.update(repeating: value)
        }
    }

    /// A matrix of the same shape with `transform` applied to every element.
    public func map(_ transform: (Float) -> Float) -> Matrix {
        var result = self
        result.apply(transform)
        return result
    }

    /// Applies `transform` to every element in place.
    public mutating func apply(_ transform: (Float) -> Float) {
        storage.withUnsafeMutableBufferPointer { x in
            for i in x.indices { x[i] = transform(x[i]) }
        }
    }

    /// Combines two same-shaped matrices element by element: `result[i] = f(a[i], b[i])`.
    ///
    /// - Precondition: `a` and `b` have the same shape.
    public static func zip(_ a: Matrix, _ b: Matrix, _ combine: (Float, Float) -> Float) -> Matrix {
        precondition(
            a.hasSameShape(as: b),
            "Matrix.zip: shapes [\(a.rows), \(a.columns)] and [\(b.rows), \(b.columns)] differ")
        var result = a
        result.storage.withUnsafeMutableBufferPointer { r in
            b.storage.withUnsafeBufferPointer { y in
                for i in r.indices { r[i] = combine(r[i], y[i]) }
            }
        }
        return result
    }
}

// MARK: - Arithmetic operators

extension Matrix {
    /// Elementwise sum of two same-shaped matrices.
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = lhs
        result.add(rhs)
        return result
    }

    /// Elementwise difference of two same-shaped matrices.
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = lhs
        result.add(rhs, scaledBy: -1)
        return result
    }

    /// Elementwise (Hadamard) product of two same-shaped matrices.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        zip(lhs, rhs, *)
    }

    /// Every element multiplied by `scalar`.
    public static func * (scalar: Float, matrix: Matrix) -> Matrix {
        var result = matrix
        result.scale(by: scalar)
        return result
    }

    /// Every element multiplied by `scalar`.
    public static func * (matrix: Matrix, scalar: Float) -> Matrix {
        scalar * matrix
    }

    /// Adds `rhs` to `lhs` in place; same shapes.
    public static func += (lhs: inout Matrix, rhs: Matrix) {
        lhs.add(rhs)
    }

    /// Subtracts `rhs` from `lhs` in place; same shapes.
    public static func -= (lhs: inout Matrix, rhs: Matrix) {
        lhs.add(rhs, scaledBy: -1)
    }

    /// Negation of every element.
    public static prefix func - (matrix: Matrix) -> Matrix {
        -1 * matrix
    }
}

// MARK: - Broadcasts and reductions

extension Matrix {
    /// Adds the row vector `vector` (shape `[1, columns]`) to every row in place:
    /// `self[r, c] += vector[0, c]`, the bias broadcast of a dense layer.
    ///
    /// - Precondition: `vector` has shape `[1, columns]`.
    public mutating func addRowVector(_ vector: Matrix) {
        precondition(
            vector.rows == 1 && vector.columns == columns,
            "Matrix.addRowVector: vector is [\(vector.rows), \(vector.columns)], expected [1, \(columns)]")
        let (rowCount, columnCount) = (rows, columns)
        storage.withUnsafeMutableBufferPointer { x in
            vector.storage.withUnsafeBufferPointer { v in
                for r in 0..<rowCount {
                    let base = r * columnCount
                    for c in 0..<columnCount { x[base + c] += v[c] }
                }
            }
        }
    }

    /// This matrix with the row vector `vector` (shape `[1, columns]`) added to every row.
    public func addingRowVector(_ vector: Matrix) -> Matrix {
        var result = self
        result.addRowVector(vector)
        return result
    }

    /// The sum of each column, shape `[1, columns]`: `out[0, c] = Σ_r self[r, c]`.
    public func columnSums() -> Matrix {
        var result = Matrix(rows: 1, columns: columns)
        accumulateColumnSums(into: &result)
        return result
    }

    /// Adds the column sums of this matrix into `target` (shape `[1, columns]`), the bias
    /// gradient of a dense layer: `target[0, c] += Σ_r self[r, c]`.
    ///
    /// - Precondition: `target` has shape `[1, columns]`.
    public func accumulateColumnSums(into target: inout Matrix) {
        precondition(
            target.rows == 1 && target.columns == columns,
            "Matrix.accumulateColumnSums: target is [\(target.rows), \(target.columns)], expected [1, \(columns)]")
        let (rowCount, columnCount) = (rows, columns)
        storage.withUnsafeBufferPointer { x in
            target.storage.withUnsafeMutableBufferPointer { t in
                // Eight columns at a time in registers; each column is still
                // summed row by row, so the result is the plain loop's.
                var c = 0
                while c + 8 <= columnCount {
                    var sum = SIMD8<Float>(UnsafeBufferPointer(rebasing: t[c..<(c + 8)]))
                    for r in 0..<rowCount {
                        sum += SIMD8<Float>(UnsafeBufferPointer(rebasing: x[(r * columnCount + c)..<(r * columnCount + c + 8)]))
                    }
                    for k in 0..<8 { t[c + k] = sum[k] }
                    c += 8
                }
                for c in c..<columnCount {
                    var sum = t[c]
                    for r in 0..<rowCount { sum += x[r * columnCount + c] }
                    t[c] = sum
                }
            }
        }
    }

    /// The sum of each row, shape `[rows, 1]`.
    public func rowSums() -> Matrix {
        var result = Matrix(rows: rows, columns: 1)
        let columnCount = columns
        storage.withUnsafeBufferPointer { x in
            result.storage.withUnsafeMutableBufferPointer { t in
                for r in t.indices {
                    var total: Float = 0
                    for c in 0..<columnCount { total += x[r * columnCount + c] }
                    t[r] = total
                }
            }
        }
        return result
    }

    /// The sum of all elements, accumulated in `Double`.
    public func sum() -> Double {
        storage.withUnsafeBufferPointer { x in
            var total = 0.0
            for value in x { total += Double(value) }
            return total
        }
    }

    /// The mean of all elements (0 for an empty matrix).
    public func mean() -> Double {
        count == 0 ? 0 : sum() / Double(count)
    }

    /// The column index of the largest element in each row (first on ties).
    ///
    /// - Precondition: `columns > 0`.
    public func argmaxPerRow() -> [Int] {
        precondition(columns > 0, "Matrix.argmaxPerRow: no columns")
        return (0..<rows).map { r in
            var best = 0
            for c in 1..<columns where self[r, c] > self[r, best] { best = c }
            return best
        }
    }
}
