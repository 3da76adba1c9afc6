import XCTest
@testable import SegueTensor

/// The lane versions of the activations and the LSTM step built on them give
/// the scalar code's numbers bit for bit: recorded sessions depend on it.
final class LanesTests: XCTestCase {
    /// Every branch of `fastTanh` (the series below 0.1, the quotient, ±1 past
    /// 9), its edges, both zeros, infinities and a spread of magnitudes.
    func testLaneActivationsAreTheScalarOnesBitForBit() {
        var values: [Float] = [0, -0, 0.1, -0.1, Float(0.1).nextDown, Float(0.1).nextUp, 9, -9, Float(9).nextDown, Float(9).nextUp,
                               .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNormalMagnitude, 88, -88, 104, -104]
        var generator = TestGenerator(seed: 12)
        for _ in 0..<20_000 {
            let magnitude = Float.random(in: -12...4, using: &generator)
            values.append((Bool.random(using: &generator) ? 1 : -1) * Float(pow(2.0, Double(magnitude))))
        }
        while values.count % Lanes.width != 0 { values.append(0.5) }
        for start in stride(from: 0, to: values.count, by: Lanes.width) {
            let x = values[start..<(start + Lanes.width)]
            let tanhLanes = fastTanh(Lanes.Vector(x), exponential: Lanes.Vector(x.map(tanhExponential)))
            let sigmoidLanes = sigmoid(exponential: Lanes.Vector(x.map(sigmoidExponential)))
            for (k, value) in x.enumerated() {
                XCTAssertEqual(tanhLanes[k].bitPattern, fastTanh(value).bitPattern, "fastTanh(\(value))")
                XCTAssertEqual(sigmoidLanes[k].bitPattern, sigmoid(value).bitPattern, "sigmoid(\(value))")
            }
        }
    }

    /// An LSTM layer whose width is not a multiple of the lanes (8 in lanes,
    /// 3 one by one), with padded steps and large preactivations, against the
    /// plain per-element step written out here.
    func testLSTMStepInLanesIsThePlainStep() {
        var generator = TestGenerator(seed: 5)
        let (input, hidden, batch, length) = (6, 11, 3, 4)
        let layer = LSTMLayer(inputSize: input, hiddenSize: hidden, using: &generator)
        layer.kernel.value.scale(by: 4)   // reach every branch of the activations
        var x = Matrix(rows: length * batch, columns: input)
        for i in 0..<x.count { x.storage[i] = Float.random(in: -3...3, using: &generator) }
        var valid = [Float](repeating: 1, count: length * batch)
        valid[3 * batch + 1] = 0
        valid[2 * batch + 2] = 0
        valid[3 * batch + 2] = 0
        let outputs = layer.forward(x, batchSize: batch, valid: valid, initialState: nil, cache: false).outputs

        // The plain step: same products, each element activated on its own.
        let width = 4 * hidden
        var gates = Matrix.matmul(x, layer.kernel.value)
        gates.addRowVector(layer.bias.value)
        var h = Matrix(rows: batch, columns: hidden), c = Matrix(rows: batch, columns: hidden)
        var expected = Matrix(rows: length * batch, columns: hidden)
        for t in 0..<length {
            var step = Matrix(rows: batch, columns: width)
            step.storage = Array(gates.storage[(t * batch * width)..<((t + 1) * batch * width)])
            Matrix.gemm(h, layer.recurrentKernel.value, into: &step, beta: 1)
            for b in 0..<batch where valid[t * batch + b] == 1 {
                for j in 0..<hidden {
                    let i = sigmoid(step[b, j]), f = sigmoid(step[b, hidden + j])
                    let g = fastTanh(step[b, 2 * hidden + j]), o = sigmoid(step[b, 3 * hidden + j])
                    c[b, j] = f * c[b, j] + i * g
                    h[b, j] = o * fastTanh(c[b, j])
                    expected[t * batch + b, j] = h[b, j]
                }
            }
        }
        XCTAssertEqual(outputs.storage.map(\.bitPattern), expected.storage.map(\.bitPattern))
        XCTAssertGreaterThan(outputs.storage.filter { abs($0) > 0.5 }.count, 5, "saturated units too")
    }
}
