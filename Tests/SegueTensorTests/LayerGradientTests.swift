import XCTest
@testable import SegueTensor

/// Finite-difference checks of every feed-forward layer's backward pass.
final class LayerGradientTests: XCTestCase {
    /// Runs `layer` forward on `input`, backpropagates `L = Σ y ⊙ R` for a random `R`,
    /// then checks `∂L/∂input` and every parameter gradient by central differences.
    private func checkLayer(
        _ layer: any Layer, input: Matrix, generator: inout TestGenerator,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let output = layer(input)
        let weights = randomMatrix(output.rows, output.columns, using: &generator)
        layer.zeroGradients()
        let dInput = layer.backward(weights)

        var x = input
        let loss = { weightedSum(layer(x), weights) }
        assertGradientMatches(dInput, "input", read: { x }, write: { x = $0 }, loss: loss, file: file, line: line)
        for (name, parameter) in layer.namedParameters {
            assertParameterGradientMatches(parameter, name, loss: loss, file: file, line: line)
        }
    }

    func testDenseGradients() {
        var generator = TestGenerator(seed: 10)
        let dense = Dense(inputSize: 4, outputSize: 3, biasInitializer: .uniform(limit: 0.5), using: &generator)
        checkLayer(dense, input: randomMatrix(5, 4, using: &generator), generator: &generator)
    }

    func testDenseForwardIsAffine() {
        let dense = Dense(weight: Matrix([[1, 2], [3, 4], [5, 6]]), bias: Matrix(rowVector: [10, 20]))
        XCTAssertEqual(dense(Matrix([[1, 0, 1]])), Matrix([[16, 28]]))
        XCTAssertEqual(dense.parameters.map(\.name), ["weight", "bias"])
    }

    func testDenseBackwardAccumulatesUntilZeroed() {
        var generator = TestGenerator(seed: 11)
        let dense = Dense(inputSize: 2, outputSize: 2, using: &generator)
        let x = randomMatrix(3, 2, using: &generator)
        let dy = randomMatrix(3, 2, using: &generator)
        _ = dense(x)
        _ = dense.backward(dy)
        let once = dense.weight.grad
        _ = dense.backward(dy)
        assertMatricesEqual(dense.weight.grad, 2 * once, accuracy: 1e-6)
        dense.zeroGradients()
        XCTAssertEqual(dense.weight.grad, .zeros(2, 2))
    }

    func testReLUGradients() {
        var generator = TestGenerator(seed: 12)
        // Keep inputs away from the kink at 0, where finite differences are meaningless.
        var input = randomMatrix(4, 5, using: &generator)
        input.apply { abs($0) < 0.1 ? $0 + 0.3 : $0 }
        checkLayer(ReLU(), input: input, generator: &generator)
        XCTAssertEqual(ReLU()(Matrix([[-1, 0, 2]])), Matrix([[0, 0, 2]]))
    }

    func testTanhGradients() {
        var generator = TestGenerator(seed: 13)
        checkLayer(Tanh(), input: randomMatrix(4, 5, in: -2...2, using: &generator), generator: &generator)
    }

    func testFastTanhAgreesWithLibmToAFewUlps() {
        var worst: Float = 0
        for i in -120_000...120_000 {
            let x = Float(i) * 1e-4
            let exact = Float(tanh(Double(x)))
            worst = max(worst, abs(fastTanh(x) - exact) / max(abs(exact), .leastNormalMagnitude))
        }
        XCTAssertLessThan(worst, 1e-6)
        XCTAssertEqual(fastTanh(50), 1)
        XCTAssertEqual(fastTanh(-50), -1)
        XCTAssertEqual(fastTanh(0), 0)
    }

    func testSigmoidGradientsAndStability() {
        var generator = TestGenerator(seed: 14)
        checkLayer(Sigmoid(), input: randomMatrix(4, 5, in: -3...3, using: &generator), generator: &generator)
        let extreme = Sigmoid()(Matrix([[-1000, 0, 1000]]))
        XCTAssertEqual(extreme, Matrix([[0, 0.5, 1]]))
    }

    func testSequentialGradientsThroughMixedLayers() {
        var generator = TestGenerator(seed: 15)
        let model = Sequential(
            Dense(inputSize: 3, outputSize: 5, biasInitializer: .uniform(limit: 0.3), using: &generator),
            Tanh(),
            Dense(inputSize: 5, outputSize: 4, biasInitializer: .uniform(limit: 0.3), using: &generator),
            Sigmoid(),
            Dense(inputSize: 4, outputSize: 2, using: &generator))
        checkLayer(model, input: randomMatrix(6, 3, using: &generator), generator: &generator)
        XCTAssertEqual(model.namedParameters.map(\.name),
                       ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
    }

    func testNestedSequentialNamesAndMLPShape() {
        var generator = TestGenerator(seed: 16)
        let mlp = Sequential.mlp(sizes: [3, 8, 8, 2], using: &generator)
        XCTAssertEqual(mlp.layers.count, 5)
        XCTAssertEqual(mlp(randomMatrix(4, 3, using: &generator)).shape, [4, 2])
        XCTAssertEqual(mlp.parameterCount, 3 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2)
        let outer = Sequential(mlp, Tanh())
        XCTAssertEqual(outer.namedParameters.first?.name, "0.0.weight")
    }

    func testCopyAndSoftUpdateBetweenModels() {
        var generator = TestGenerator(seed: 17)
        let online = Sequential.mlp(sizes: [2, 3, 1], using: &generator)
        let target = Sequential.mlp(sizes: [2, 3, 1], using: &generator)
        let before = target.parameters[0].value
        target.softUpdate(from: online, rate: 0.25)
        assertMatricesEqual(target.parameters[0].value,
                            0.75 * before + 0.25 * online.parameters[0].value, accuracy: 1e-6)
        target.copyParameters(from: online)
        for (a, b) in zip(target.parameters, online.parameters) { XCTAssertEqual(a.value, b.value) }
    }
}
