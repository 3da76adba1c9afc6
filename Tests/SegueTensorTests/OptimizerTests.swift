import XCTest
@testable import SegueTensor

final class OptimizerTests: XCTestCase {
    func testAdamFitsALinearRegression() {
        var generator = TestGenerator(seed: 40)
        let x = randomMatrix(32, 3, using: &generator)
        let trueWeight = Matrix([[1.5], [-2], [0.5]])
        let y = x.matmul(trueWeight).addingRowVector(Matrix([[0.7]]))
        let model = Dense(inputSize: 3, outputSize: 1, using: &generator)
        let adam = Adam(parameters: model.parameters, learningRate: 0.05)
        var losses: [Float] = []
        for _ in 0..<300 {
            adam.zeroGradients()
            let loss = Loss.meanSquaredError(predictions: model(x), targets: y)
            _ = model.backward(loss.gradient)
            adam.step()
            losses.append(loss.value)
        }
        XCTAssertEqual(adam.stepCount, 300)
        XCTAssertLessThan(losses.last!, losses.first! * 1e-3, "loss \(losses.first!) → \(losses.last!)")
        XCTAssertEqual(model.bias.value[0, 0], 0.7, accuracy: 0.02)
    }

    func testAdamLearnsXORWithCrossEntropy() {
        var generator = TestGenerator(seed: 41)
        let x = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Matrix(columnVector: [0, 1, 1, 0])
        let model = Sequential.mlp(sizes: [2, 16, 1], activation: { Tanh() }, using: &generator)
        let adam = Adam(parameters: model.parameters, learningRate: 0.02)
        var first: Float = 0
        var last: Float = 0
        for step in 0..<400 {
            adam.zeroGradients()
            let loss = Loss.binaryCrossEntropy(logits: model(x), targets: y)
            _ = model.backward(loss.gradient)
            adam.step()
            if step == 0 { first = loss.value }
            last = loss.value
        }
        XCTAssertGreaterThan(first, 0.5)
        XCTAssertLessThan(last, 0.05, "loss \(first) → \(last)")
        let predictions = model(x).storage.map { $0 > 0 ? Float(1) : 0 }
        XCTAssertEqual(predictions, y.storage)
    }

    func testAdamFirstStepMovesEachWeightByTheLearningRate() {
        // With bias correction, the first step is lr · g / (|g| + ε) ≈ lr · sign(g).
        let parameter = Parameter(name: "w", value: Matrix([[1, 1]]))
        parameter.grad = Matrix([[0.5, -3]])
        let adam = Adam(parameters: [parameter], learningRate: 0.1)
        adam.step()
        assertMatricesEqual(parameter.value, Matrix([[0.9, 1.1]]), accuracy: 1e-5)
    }

    func testSGDStep() {
        let parameter = Parameter(name: "w", value: Matrix([[1, 2]]))
        parameter.grad = Matrix([[10, -10]])
        SGD(parameters: [parameter], learningRate: 0.1).step()
        assertMatricesEqual(parameter.value, Matrix([[0, 3]]), accuracy: 1e-6)
    }

    func testClippingBoundsTheGlobalNormAndKeepsDirection() {
        let a = Parameter(name: "a", value: .zeros(1, 2))
        let b = Parameter(name: "b", value: .zeros(2, 1))
        a.grad = Matrix([[3, 0]])
        b.grad = Matrix(columnVector: [0, 4])
        let parameters = [a, b]
        XCTAssertEqual(parameters.globalGradientNorm(), 5, accuracy: 1e-6)
        let before = parameters.clipGradients(maxGlobalNorm: 1)
        XCTAssertEqual(before, 5, accuracy: 1e-6)
        XCTAssertEqual(parameters.globalGradientNorm(), 1, accuracy: 1e-5)
        assertMatricesEqual(a.grad, Matrix([[0.6, 0]]), accuracy: 1e-6)
        assertMatricesEqual(b.grad, Matrix(columnVector: [0, 0.8]), accuracy: 1e-6)
        // Below the bound nothing changes.
        parameters.clipGradients(maxGlobalNorm: 10)
        assertMatricesEqual(a.grad, Matrix([[0.6, 0]]), accuracy: 1e-6)
        parameters.zeroGradients()
        XCTAssertEqual(parameters.globalGradientNorm(), 0)
    }
}
