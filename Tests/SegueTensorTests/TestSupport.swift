import XCTest
@testable import SegueTensor

/// SplitMix64: a tiny seeded generator so tests are reproducible without depending on
/// any other Segue module.
struct TestGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A `rows × columns` matrix of uniform values in `range`.
func randomMatrix(
    _ rows: Int, _ columns: Int, in range: ClosedRange<Float> = -1...1,
    using generator: inout TestGenerator
) -> Matrix {
    Matrix(rows: rows, columns: columns,
           storage: (0..<(rows * columns)).map { _ in Float.random(in: range, using: &generator) })
}

/// `Σ a ⊙ b` in Double: a scalar "loss" whose gradient with respect to `a` is `b`.
func weightedSum(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.hasSameShape(as: b))
    return zip(a.storage, b.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// Compares `analytic` with central differences `(L(x + ε) − L(x − ε)) / 2ε`, element by
/// element, where `read`/`write` reach the perturbed matrix and `loss` recomputes the
/// scalar from scratch. Passes when `|a − n| ≤ absolute + relative · max(|a|, |n|)`.
func assertGradientMatches(
    _ analytic: Matrix, _ label: String,
    epsilon: Float = 1e-2, relative: Float = 1e-2, absolute: Float = 1e-3,
    read: () -> Matrix, write: (Matrix) -> Void, loss: () -> Double,
    file: StaticString = #filePath, line: UInt = #line
) {
    let original = read()
    XCTAssertEqual(analytic.shape, original.shape, "\(label): gradient shape", file: file, line: line)
    var failures = 0
    for i in 0..<original.count {
        var perturbed = original
        perturbed.storage[i] = original.storage[i] + epsilon
        write(perturbed)
        let plus = loss()
        perturbed.storage[i] = original.storage[i] - epsilon
        write(perturbed)
        let minus = loss()
        write(original)
        let numeric = Float((plus - minus) / (2 * Double(epsilon)))
        let exact = analytic.storage[i]
        let tolerance = absolute + relative * max(abs(numeric), abs(exact))
        if abs(numeric - exact) > tolerance {
            failures += 1
            if failures <= 5 {
                XCTFail("\(label)[\(i)]: analytic \(exact), numeric \(numeric)", file: file, line: line)
            }
        }
    }
}

/// Checks the gradient stored in `parameter.grad` against central differences.
func assertParameterGradientMatches(
    _ parameter: Parameter, _ label: String, loss: () -> Double,
    file: StaticString = #filePath, line: UInt = #line
) {
    let analytic = parameter.grad
    assertGradientMatches(
        analytic, label, read: { parameter.value }, write: { parameter.value = $0 }, loss: loss,
        file: file, line: line)
}

/// Asserts every element of `a` and `b` agrees within `accuracy`.
func assertMatricesEqual(
    _ a: Matrix, _ b: Matrix, accuracy: Float, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.shape, b.shape, "shape \(message)", file: file, line: line)
    guard a.shape == b.shape else { return }
    for i in 0..<a.count where abs(a.storage[i] - b.storage[i]) > accuracy {
        XCTFail("\(message) element \(i): \(a.storage[i]) vs \(b.storage[i])", file: file, line: line)
        return
    }
}
