import XCTest
@testable import SegueTensor

/// LSTM and GRU: masking, state handling, and backpropagation through time checked
/// against finite differences.
final class RecurrentTests: XCTestCase {
    /// Three sequences of lengths 4, 2 and 0, padded to 4 steps of 3 features.
    private func paddedBatch(using generator: inout TestGenerator) -> SequenceBatch {
        let lengths = [4, 2, 0]
        let sequences = lengths.map { length in
            (0..<length).map { _ in (0..<3).map { _ in Float.random(in: -1...1, using: &generator) } }
        }
        return SequenceBatch(sequences: sequences, featureCount: 3, length: 4)
    }

    /// Checks `∂L/∂inputs`, `∂L/∂initialState` and every parameter gradient of `network`
    /// for `L = Σ outputs ⊙ R`, and that padded steps get exactly zero input gradient.
    private func checkRecurrentGradients<Cell: RecurrentLayer>(
        _ network: RecurrentStack<Cell>, initialState: [Cell.State],
        stateMatrices: (Cell.State) -> [Matrix], rebuild: (Cell.State, [Matrix]) -> Cell.State,
        generator: inout TestGenerator, file: StaticString = #filePath, line: UInt = #line
    ) {
        let input = paddedBatch(using: &generator)
        let output = network(input, initialState: initialState)
        let weights = randomMatrix(output.values.rows, output.values.columns, using: &generator)
        network.zeroGradients()
        let dInputs = network.backward(weights)
        let dInitial = network.initialStateGradient

        // Padded steps: zero output, zero input gradient.
        let valid = input.timeMajorValidity
        for row in 0..<valid.count where valid[row] == 0 {
            XCTAssertEqual(output.values.row(row), [Float](repeating: 0, count: output.values.columns),
                           "output at padded row \(row)", file: file, line: line)
            XCTAssertEqual(dInputs.row(row), [Float](repeating: 0, count: dInputs.columns),
                           "input gradient at padded row \(row)", file: file, line: line)
        }

        var x = input
        var state = initialState
        let loss = { weightedSum(network(x, initialState: state).values, weights) }
        assertGradientMatches(dInputs, "inputs", read: { x.values }, write: { x.values = $0 },
                              loss: loss, file: file, line: line)
        for (name, parameter) in network.namedParameters {
            assertParameterGradientMatches(parameter, name, loss: loss, file: file, line: line)
        }
        for layer in state.indices {
            let parts = stateMatrices(dInitial[layer])
            for part in parts.indices {
                assertGradientMatches(
                    parts[part], "initial state \(layer).\(part)",
                    read: { stateMatrices(state[layer])[part] },
                    write: { newPart in
                        var all = stateMatrices(state[layer])
                        all[part] = newPart
                        state[layer] = rebuild(state[layer], all)
                    },
                    loss: loss, file: file, line: line)
            }
        }
    }

    func testLSTMGradientsWithMaskedPaddingAndInitialState() {
        var generator = TestGenerator(seed: 20)
        let lstm = LSTM(inputSize: 3, hiddenSizes: [4, 3], using: &generator)
        for parameter in lstm.parameters where parameter.name == "bias" {
            parameter.value = randomMatrix(1, parameter.value.columns, in: -0.5...0.5, using: &generator)
        }
        let initial = lstm.layers.map {
            LSTMState(hidden: randomMatrix(3, $0.hiddenSize, in: -0.5...0.5, using: &generator),
                      cell: randomMatrix(3, $0.hiddenSize, in: -0.5...0.5, using: &generator))
        }
        checkRecurrentGradients(
            lstm, initialState: initial,
            stateMatrices: { [$0.hidden, $0.cell] },
            rebuild: { _, parts in LSTMState(hidden: parts[0], cell: parts[1]) },
            generator: &generator)
        XCTAssertEqual(lstm.namedParameters.map(\.name),
                       ["0.kernel", "0.recurrentKernel", "0.bias", "1.kernel", "1.recurrentKernel", "1.bias"])
    }

    func testGRUGradientsWithMaskedPaddingAndInitialState() {
        var generator = TestGenerator(seed: 21)
        let gru = GRU(inputSize: 3, hiddenSizes: [4, 3], using: &generator)
        for parameter in gru.parameters where parameter.name.hasSuffix("ias") {
            parameter.value = randomMatrix(1, parameter.value.columns, in: -0.5...0.5, using: &generator)
        }
        let initial = gru.layers.map { randomMatrix(3, $0.hiddenSize, in: -0.5...0.5, using: &generator) }
        checkRecurrentGradients(
            gru, initialState: initial,
            stateMatrices: { [$0] }, rebuild: { _, parts in parts[0] },
            generator: &generator)
    }

    func testPaddedStepsCarryTheStateAndIgnoreTheirInputs() {
        var generator = TestGenerator(seed: 22)
        let lstm = LSTM(inputSize: 3, hiddenSizes: [5], using: &generator)
        var input = paddedBatch(using: &generator)
        let output = lstm(input)
        let final = lstm.finalState[0]
        // Sequence 1 has 2 real steps: its final state is its hidden output at step 1.
        XCTAssertEqual(final.hidden.row(1), output.values.row(input.rowIndex(batch: 1, time: 1)))
        // Sequence 2 is empty: its state stays at zero.
        XCTAssertEqual(final.hidden.row(2), [Float](repeating: 0, count: 5))
        // Garbage in padded inputs changes nothing.
        for row in 0..<input.values.rows where input.timeMajorValidity[row] == 0 {
            input.values.setRow(row, to: [100, -100, .greatestFiniteMagnitude])
        }
        XCTAssertEqual(lstm(input).values, output.values)
        XCTAssertEqual(input.gatherLast(output.values).row(1), final.hidden.row(1))
    }

    func testStepByStepMatchesWholeSequence() {
        var generator = TestGenerator(seed: 23)
        let lstm = LSTM(inputSize: 2, hiddenSizes: [3, 4], using: &generator)
        let gru = GRU(inputSize: 2, hiddenSizes: [3, 4], using: &generator)
        let batch = SequenceBatch(values: randomMatrix(5 * 2, 2, using: &generator), batchSize: 2, length: 5)
        let lstmOutputs = lstm.apply(batch).values
        let gruOutputs = gru.apply(batch).values
        var lstmState = lstm.zeroState(batchSize: 2)
        var gruState = gru.zeroState(batchSize: 2)
        for t in 0..<5 {
            let step = batch.step(t)
            let (lstmOut, nextLSTM) = lstm.step(step, state: lstmState)
            let (gruOut, nextGRU) = gru.step(step, state: gruState)
            lstmState = nextLSTM
            gruState = nextGRU
            XCTAssertEqual(lstmOut.storage, Array(lstmOutputs.storage[(t * 2 * 4)..<((t + 1) * 2 * 4)]))
            XCTAssertEqual(gruOut.storage, Array(gruOutputs.storage[(t * 2 * 4)..<((t + 1) * 2 * 4)]))
        }
    }

    func testSequenceBatchPaddingLayoutAndLastStepScatter() {
        let batch = SequenceBatch(sequences: [[[1, 2], [3, 4]], [[5, 6]]], featureCount: 2)
        XCTAssertEqual(batch.length, 2)
        XCTAssertEqual(batch.lengths, [2, 1])
        XCTAssertEqual(batch.mask, Matrix([[1, 1], [1, 0]]))
        // Time-major: step 0 of both sequences, then step 1 of both.
        XCTAssertEqual(batch.values, Matrix([[1, 2], [5, 6], [3, 4], [0, 0]]))
        XCTAssertEqual(batch.step(1), Matrix([[3, 4], [0, 0]]))
        XCTAssertEqual(batch.lastValidRows, [2, 1])
        XCTAssertEqual(batch.gatherLast(batch.values), Matrix([[3, 4], [5, 6]]))
        XCTAssertEqual(batch.scatterLast(Matrix([[1, 1], [2, 2]])), Matrix([[0, 0], [2, 2], [1, 1], [0, 0]]))
    }
}
