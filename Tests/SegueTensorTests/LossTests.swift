import XCTest
@testable import SegueTensor

final class LossTests: XCTestCase {
    /// Checks `loss(predictions).gradient` against central differences of its value.
    private func checkLossGradient(
        _ predictions: Matrix, _ label: String, _ loss: @escaping (Matrix) -> LossOutput,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var x = predictions
        assertGradientMatches(
            loss(predictions).gradient, label, epsilon: 1e-2, read: { x }, write: { x = $0 },
            loss: { Double(loss(x).value) }, file: file, line: line)
    }

    func testBinaryCrossEntropyGradientsWithAndWithoutRowWeights() {
        var generator = TestGenerator(seed: 30)
        let logits = randomMatrix(5, 3, in: -4...4, using: &generator)
        let targets = randomMatrix(5, 3, in: 0...1, using: &generator)
        let rowMask = Matrix(columnVector: [1, 0, 1, 1, 0])
        let elementWeights = randomMatrix(5, 3, in: 0...2, using: &generator)
        checkLossGradient(logits, "bce") { Loss.binaryCrossEntropy(logits: $0, targets: targets) }
        checkLossGradient(logits, "bce masked") {
            Loss.binaryCrossEntropy(logits: $0, targets: targets, weights: rowMask)
        }
        checkLossGradient(logits, "bce element weights, mean") {
            Loss.binaryCrossEntropy(logits: $0, targets: targets,
                                    weights: elementWeights, reduction: .mean)
        }
        // Masked rows get no gradient.
        let masked = Loss.binaryCrossEntropy(logits: logits, targets: targets, weights: rowMask)
        XCTAssertEqual(masked.gradient.row(1), [0, 0, 0])
    }

    func testBinaryCrossEntropyMatchesTheDefinitionAndStaysFiniteForHugeLogits() {
        let logits = Matrix([[0.3, -1.2]])
        let targets = Matrix([[1, 0]])
        let expected = (-log(1 / (1 + exp(-0.3))) - log(1 - 1 / (1 + exp(1.2)))) / 2
        XCTAssertEqual(Loss.binaryCrossEntropy(logits: logits, targets: targets).value, Float(expected), accuracy: 1e-6)

        let extreme = Loss.binaryCrossEntropy(logits: Matrix([[1000, -1000]]), targets: Matrix([[0, 1]]))
        XCTAssertEqual(extreme.value, 1000, accuracy: 1e-3)
        XCTAssertTrue(extreme.gradient.isFinite)
        XCTAssertEqual(extreme.gradient, Matrix([[0.5, -0.5]]))
    }

    func testHuberGradientsOnBothSidesOfDelta() {
        var generator = TestGenerator(seed: 31)
        var predictions = randomMatrix(4, 4, in: -3...3, using: &generator)
        let targets = Matrix.zeros(4, 4)
        // Keep |d| away from δ = 1, where the second derivative jumps.
        predictions.apply { abs(abs($0) - 1) < 0.1 ? $0 * 1.3 : $0 }
        checkLossGradient(predictions, "huber") { Loss.huber(predictions: $0, targets: targets, delta: 1) }
        let rowWeights = Matrix(columnVector: [0.5, 2, 0, 1])
        checkLossGradient(predictions, "huber weighted") {
            Loss.huber(predictions: $0, targets: targets, delta: 1, weights: rowWeights)
        }
    }

    func testHuberValues() {
        let result = Loss.huber(predictions: Matrix([[0.5, 3, -3]]), targets: .zeros(1, 3), delta: 1, reduction: .sum)
        XCTAssertEqual(result.value, 0.125 + 2.5 + 2.5, accuracy: 1e-6)
        XCTAssertEqual(result.gradient, Matrix([[0.5, 1, -1]]))
    }

    func testMeanSquaredErrorGradientsAndValue() {
        var generator = TestGenerator(seed: 32)
        let predictions = randomMatrix(3, 4, using: &generator)
        let targets = randomMatrix(3, 4, using: &generator)
        checkLossGradient(predictions, "mse") { Loss.meanSquaredError(predictions: $0, targets: targets) }
        let simple = Loss.meanSquaredError(predictions: Matrix([[1, 3]]), targets: Matrix([[0, 0]]))
        XCTAssertEqual(simple.value, 5)
        XCTAssertEqual(simple.gradient, Matrix([[1, 3]]))
    }

    func testAllZeroWeightsGiveZeroLossAndGradient() {
        let result = Loss.meanSquaredError(
            predictions: Matrix([[1, 2]]), targets: Matrix([[0, 0]]), weights: Matrix(columnVector: [0]))
        XCTAssertEqual(result.value, 0)
        XCTAssertEqual(result.gradient, .zeros(1, 2))
    }
}
