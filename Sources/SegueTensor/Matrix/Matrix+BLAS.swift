// MARK: - Matrix products (OpenBLAS sgemm)

extension Matrix {
    /// General matrix product into a preallocated output:
    /// `C = alpha * op(A) * op(B) + beta * C`, where `op(X)` is `X` or `Xᵀ`.
    ///
    /// Shapes: `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`. With `beta == 0`
    /// the old contents of `C` are ignored (NaNs there do not leak), so hot loops can
    /// reuse one output buffer without allocating. Runs OpenBLAS's `cblas_sgemm` on
/// row-major data, with the kernel the numeric mode chose (see ``NumericMode``).
    ///
    /// - Precondition: the inner dimensions agree and `C` has shape `[m, n]`.
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        into c: inout Matrix,
        alpha: Float = 1, beta: Float = 0
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(
            k == kB,
            "Matrix.gemm: inner dimensions differ: op(A) is [\(m), \(k)], op(B) is [\(kB), \(n)]")
        precondition(
            c.rows == m && c.columns == n,
            "Matrix.gemm: output is [\(c.rows), \(c.columns)], expected [\(m), \(n)]")
        if m == 0 || n == 0 { return }
        if k == 0 {
            // The product is empty: C = beta * C. (BLAS rejects zero leading dimensions.)
            if beta == 0 {
                c.fill(0)
            } else {
                c.scale(by: beta)
            }
            return
        }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    rawGemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        alpha: alpha, a: pa.baseAddress!, lda: a.columns,
                        b: pb.baseAddress!, ldb: b.columns,
                        beta: beta, c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// The product `op(A) * op(B)` as a new matrix of shape `[m, n]`.
    ///
    /// - Precondition: the inner dimensions agree.
    public static func matmul(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false
    ) -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let n = transposeB ? b.rows : b.columns
        var c = Matrix(rows: m, columns: n)
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// The product `self * other`: `[m, k] × [k, n] → [m, n]`.
    public func matmul(_ other: Matrix) -> Matrix {
        Matrix.matmul(self, other)
    }
}

// MARK: - Level-1 BLAS helpers

extension Matrix {
    /// Adds `alpha * other` to this matrix in place (`saxpy`).
    ///
    /// - Precondition: both matrices have the same shape.
    public mutating func add(_ other: Matrix, scaledBy alpha: Float = 1) {
        precondition(
            hasSameShape(as: other),
            "Matrix.add: shape [\(other.rows), \(other.columns)] into [\(rows), \(columns)]")
        let n = Int32(count)
        if n == 0 { return }
        other.storage.withUnsafeBufferPointer { x in
            storage.withUnsafeMutableBufferPointer { y in
                OpenBLASLibrary.shared.saxpy(n, alpha, x.baseAddress, 1, y.baseAddress, 1)
            }
        }
    }

    /// Multiplies every element by `factor` in place (`sscal`).
    public mutating func scale(by factor: Float) {
        let n = Int32(count)
        if n == 0 { return }
        storage.withUnsafeMutableBufferPointer { x in
            OpenBLASLibrary.shared.sscal(n, factor, x.baseAddress, 1)
        }
    }

    /// The sum of squared elements, `Σ x²`, accumulated in `Double`.
    public func squaredNorm() -> Double {
        storage.withUnsafeBufferPointer { x in
            var total = 0.0
            for value in x { total += Double(value) * Double(value) }
            return total
        }
    }
}

// MARK: - Raw kernel for blocks of larger buffers

/// Row-major `C = alpha * op(A) * op(B) + beta * C` on raw pointers, for kernels that
/// work on row blocks of a larger matrix (e.g. one time step of a sequence).
/// `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`; `lda`, `ldb`, `ldc` are
/// the row strides of the stored (untransposed) arrays.
@inline(__always)
func rawGemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        for r in 0..<m {
            for j in 0..<n { c[r * ldc + j] = beta == 0 ? 0 : beta * c[r * ldc + j] }
        }
        return
    }
    OpenBLASLibrary.shared.sgemm(
        OpenBLASLibrary.rowMajor,
        transposeA ? OpenBLASLibrary.transpose : OpenBLASLibrary.noTranspose,
        transposeB ? OpenBLASLibrary.transpose : OpenBLASLibrary.noTranspose,
        Int32(m), Int32(n), Int32(k),
        alpha, a, Int32(max(1, lda)), b, Int32(max(1, ldb)),
        beta, c, Int32(max(1, ldc)))
}

extension BLAS {
    /// Row-major `C = alpha * op(A) * op(B) + beta * C` on raw pointers, for other
    /// modules' hot loops that work on row blocks of their own preallocated buffers.
    /// `op(A)` is `[m, k]`, `op(B)` is `[k, n]`, `C` is `[m, n]`; `lda`, `ldb`, `ldc`
    /// are the row strides of the stored (untransposed) arrays. With `beta == 1`
    /// OpenBLAS leaves `C` as it is before accumulating (no scaling pass), so a
    /// caller can preload `C` with a broadcast bias and pay for one pass, not two.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        rawGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
}
