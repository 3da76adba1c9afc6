import XCTest
@testable import SegueTensor

final class MatrixTests: XCTestCase {
    /// `C = alpha * op(A) * op(B) + beta * C` by a naive triple loop.
    private func naiveGemm(
        _ a: Matrix, _ transposeA: Bool, _ b: Matrix, _ transposeB: Bool,
        _ c: Matrix, alpha: Float, beta: Float
    ) -> Matrix {
        let opA = transposeA ? a.transposed() : a
        let opB = transposeB ? b.transposed() : b
        var result = c
        for i in 0..<opA.rows {
            for j in 0..<opB.columns {
                var total: Double = 0
                for k in 0..<opA.columns { total += Double(opA[i, k]) * Double(opB[k, j]) }
                result[i, j] = alpha * Float(total) + beta * c[i, j]
            }
        }
        return result
    }

    func testGemmMatchesNaiveLoopForEveryTransposeOnNonSquareShapes() {
        var generator = TestGenerator(seed: 1)
        let (m, k, n) = (5, 7, 3)
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                let a = transposeA ? randomMatrix(k, m, using: &generator) : randomMatrix(m, k, using: &generator)
                let b = transposeB ? randomMatrix(n, k, using: &generator) : randomMatrix(k, n, using: &generator)
                let start = randomMatrix(m, n, using: &generator)
                for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                    var c = start
                    Matrix.gemm(a, transposeA: transposeA, b, transposeB: transposeB,
                                into: &c, alpha: alpha, beta: beta)
                    let expected = naiveGemm(a, transposeA, b, transposeB, start, alpha: alpha, beta: beta)
                    assertMatricesEqual(c, expected, accuracy: 1e-4,
                                        "transposeA \(transposeA) transposeB \(transposeB) α \(alpha) β \(beta)")
                }
                let product = Matrix.matmul(a, transposeA: transposeA, b, transposeB: transposeB)
                assertMatricesEqual(product, naiveGemm(a, transposeA, b, transposeB, .zeros(m, n), alpha: 1, beta: 0),
                                    accuracy: 1e-4)
            }
        }
    }

    func testGemmWithZeroBetaIgnoresGarbageInTheOutput() {
        let a = Matrix([[1, 2], [3, 4]])
        var c = Matrix(rows: 2, columns: 2, repeating: .nan)
        Matrix.gemm(a, a, into: &c)
        XCTAssertEqual(c, Matrix([[7, 10], [15, 22]]))
    }

    func testGemmWithEmptyInnerDimensionScalesTheOutput() {
        var c = Matrix([[1, 2]])
        Matrix.gemm(Matrix.zeros(1, 0), Matrix.zeros(0, 2), into: &c, beta: 3)
        XCTAssertEqual(c, Matrix([[3, 6]]))
    }

    func testBLASReportsItsKernel() {
        XCTAssertFalse(BLAS.coreName.isEmpty)
        XCTAssertTrue(BLAS.configuration.contains("OpenBLAS"), BLAS.configuration)
        XCTAssertGreaterThanOrEqual(BLAS.threadCount, 1)
    }

    func testSubscriptsRowsAndTranspose() {
        var m = Matrix([[1, 2, 3], [4, 5, 6]])
        XCTAssertEqual(m.shape, [2, 3])
        XCTAssertEqual(m[1, 2], 6)
        m[0, 1] = 9
        XCTAssertEqual(m.row(0), [1, 9, 3])
        m.setRow(1, to: [7, 8, 9])
        XCTAssertEqual(m.storage, [1, 9, 3, 7, 8, 9])
        XCTAssertEqual(m.transposed(), Matrix([[1, 7], [9, 8], [3, 9]]))
        XCTAssertEqual(m.gatherRows([1, 1, 0]).storage, [7, 8, 9, 7, 8, 9, 1, 9, 3])
        XCTAssertEqual(Matrix.zeros(2, 3), Matrix(rows: 2, columns: 3, storage: [0, 0, 0, 0, 0, 0]))
    }

    func testValueSemantics() {
        let a = Matrix([[1, 2]])
        var b = a
        b[0, 0] = 5
        XCTAssertEqual(a[0, 0], 1)
        XCTAssertEqual(b[0, 0], 5)
    }

    func testElementwiseBroadcastAndReductions() {
        let a = Matrix([[1, 2], [3, 4]])
        let b = Matrix([[10, 20], [30, 40]])
        XCTAssertEqual(a + b, Matrix([[11, 22], [33, 44]]))
        XCTAssertEqual(b - a, Matrix([[9, 18], [27, 36]]))
        XCTAssertEqual(a * b, Matrix([[10, 40], [90, 160]]))
        XCTAssertEqual(2 * a, Matrix([[2, 4], [6, 8]]))
        XCTAssertEqual(a.addingRowVector(Matrix(rowVector: [100, 200])), Matrix([[101, 202], [103, 204]]))
        XCTAssertEqual(a.columnSums(), Matrix([[4, 6]]))
        XCTAssertEqual(a.rowSums(), Matrix(columnVector: [3, 7]))
        XCTAssertEqual(a.sum(), 10)
        XCTAssertEqual(a.squaredNorm(), 30)
        XCTAssertEqual(Matrix([[1, 5, 2], [7, 0, 7]]).argmaxPerRow(), [1, 0])
        var total = Matrix([[1, 1]])
        a.accumulateColumnSums(into: &total)
        XCTAssertEqual(total, Matrix([[5, 7]]))
    }

    func testFiniteGuardNamesTheFirstBadElement() throws {
        var m = Matrix([[1, 2], [3, 4]])
        XCTAssertTrue(m.isFinite)
        XCTAssertNoThrow(try m.checkFinite("activations"))
        m[1, 0] = .infinity
        m[1, 1] = .nan
        XCTAssertFalse(m.isFinite)
        XCTAssertThrowsError(try m.checkFinite("activations")) { error in
            let error = error as? NonFiniteValueError
            XCTAssertEqual(error?.label, "activations")
            XCTAssertEqual(error?.row, 1)
            XCTAssertEqual(error?.column, 0)
            XCTAssertTrue(error?.description.contains("activations") ?? false)
        }
        XCTAssertThrowsError(try checkFinite(Float.nan, "loss"))
    }

    func testFiniteGuardOnModelNamesTheParameterPath() {
        var generator = TestGenerator(seed: 2)
        let model = Sequential(Dense(inputSize: 2, outputSize: 2, using: &generator), ReLU(),
                               Dense(inputSize: 2, outputSize: 1, using: &generator))
        XCTAssertNoThrow(try model.checkFinite())
        (model.layers[2] as! Dense).bias.grad[0, 0] = .nan
        XCTAssertThrowsError(try model.checkFinite()) { error in
            XCTAssertEqual((error as? NonFiniteValueError)?.label, "parameter 2.bias (gradient)")
        }
    }
}
