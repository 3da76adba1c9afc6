import XCTest
@testable import SegueTensor

final class InitializerTests: XCTestCase {
    private func buildModel(seed: UInt64) -> (Sequential, LSTM, GRU) {
        var generator = TestGenerator(seed: seed)
        return (Sequential.mlp(sizes: [4, 8, 2], using: &generator),
                LSTM(inputSize: 3, hiddenSizes: [5, 4], using: &generator),
                GRU(inputSize: 3, hiddenSizes: [5], using: &generator))
    }

    private func values(_ models: (Sequential, LSTM, GRU)) -> [Matrix] {
        (models.0.parameters + models.1.parameters + models.2.parameters).map(\.value)
    }

    func testSameSeedGivesIdenticalWeightsAndOtherSeedsDiffer() {
        XCTAssertEqual(values(buildModel(seed: 7)), values(buildModel(seed: 7)))
        XCTAssertNotEqual(values(buildModel(seed: 7)), values(buildModel(seed: 8)))
    }

    func testGlorotUniformStaysWithinItsLimit() {
        var generator = TestGenerator(seed: 50)
        let m = Initializer.glorotUniform.matrix(rows: 20, columns: 30, using: &generator)
        let limit = (6.0 / 50.0).squareRoot()
        XCTAssertTrue(m.storage.allSatisfy { abs(Double($0)) <= limit })
        XCTAssertGreaterThan(m.storage.map { abs(Double($0)) }.max()!, 0.9 * limit)
    }

    func testHeNormalHasTheExpectedSpread() {
        var generator = TestGenerator(seed: 51)
        let m = Initializer.heNormal.matrix(rows: 50, columns: 200, using: &generator)
        let deviation = (m.squaredNorm() / Double(m.count) - m.mean() * m.mean()).squareRoot()
        XCTAssertEqual(deviation, (2.0 / 50).squareRoot(), accuracy: 0.01)
        XCTAssertEqual(m.mean(), 0, accuracy: 0.01)
    }

    func testOrthogonalRowsOrColumnsAreOrthonormal() {
        var generator = TestGenerator(seed: 52)
        for (rows, columns) in [(4, 4), (3, 12), (12, 3)] {
            let m = Initializer.orthogonal().matrix(rows: rows, columns: columns, using: &generator)
            let gram = rows <= columns ? m.matmul(m.transposed()) : m.transposed().matmul(m)
            let size = min(rows, columns)
            var identity = Matrix.zeros(size, size)
            for i in 0..<size { identity[i, i] = 1 }
            assertMatricesEqual(gram, identity, accuracy: 1e-5, "orthogonal \(rows)×\(columns)")
        }
    }

    func testZerosAndConstantDrawNothing() {
        var generator = TestGenerator(seed: 53)
        let before = generator.state
        XCTAssertEqual(Initializer.zeros.matrix(rows: 2, columns: 2, using: &generator), .zeros(2, 2))
        XCTAssertEqual(Initializer.constant(1).matrix(rows: 1, columns: 2, using: &generator), Matrix([[1, 1]]))
        XCTAssertEqual(generator.state, before)
    }

    func testLSTMForgetGateBiasStartsAtOne() {
        var generator = TestGenerator(seed: 54)
        let layer = LSTMLayer(inputSize: 2, hiddenSize: 3, using: &generator)
        XCTAssertEqual(layer.bias.value.storage, [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    }
}
