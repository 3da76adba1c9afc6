/// One recurrent layer run over a whole padded batch, with backpropagation through
/// time; `LSTMLayer` and `GRULayer` conform, and `RecurrentStack` stacks them.
///
/// Sequences are flat and time-major, as in `SequenceBatch`: inputs
/// `[length * batch, inputSize]`, outputs `[length * batch, hiddenSize]`, row
/// `t * batch + b`. `valid[t * batch + b]` is 1 for a real step, 0 for padding; on a
/// padded step the state is carried unchanged, the output is zero, and no gradient
/// reaches that step's input.
public protocol RecurrentLayer: Trainable {
    /// The carried state of a batch, e.g. `(hidden, cell)` for an LSTM.
    associatedtype State

    /// Features per input step.
    var inputSize: Int { get }
    /// Features of the hidden state and of each output step.
    var hiddenSize: Int { get }

    /// Creates a layer with its default initialisers, drawing from `generator`.
    init(inputSize: Int, hiddenSize: Int, using generator: inout some RandomNumberGenerator)

    /// The all-zero state for `batchSize` sequences.
    func zeroState(batchSize: Int) -> State

    /// Runs the layer over every step. When `cache` is true, keeps what `backward`
    /// needs. Returns the outputs `[length * batchSize, hiddenSize]` and the state
    /// after the last step (each sequence's state after its last real step).
    func forward(
        _ inputs: Matrix, batchSize: Int, valid: [Float], initialState: State?, cache: Bool
    ) -> (outputs: Matrix, finalState: State)

    /// Backpropagation through time for the last cached forward pass: accumulates
    /// parameter gradients, returns `∂loss/∂inputs` and `∂loss/∂initialState`.
    func backward(_ dOutputs: Matrix) -> (dInputs: Matrix, dInitialState: State)

    /// `backward(_:)`, skipping `∂loss/∂inputs` (returned as `[0, inputSize]`)
    /// when `inputGradient` is false: the bottom layer of a network over data
    /// has no use for it.
    ///
    /// Default: `backward(_:)`, the input gradient computed anyway.
    func backward(_ dOutputs: Matrix, inputGradient: Bool) -> (dInputs: Matrix, dInitialState: State)
}

extension RecurrentLayer {
    public func backward(_ dOutputs: Matrix, inputGradient: Bool) -> (dInputs: Matrix, dInitialState: State) {
        backward(dOutputs)
    }
}

/// Recurrent layers stacked in depth: layer `l + 1` reads the outputs of layer `l`.
///
/// Input: a `SequenceBatch` with `inputSize` features. Output: the top layer's hidden
/// state at every step, a `SequenceBatch` with the same mask and
/// `hiddenSizes.last!` features (zeros at padded steps). Parameters are named
/// `"0.kernel"`, `"1.recurrentKernel"`, … by layer index.
public final class RecurrentStack<Cell: RecurrentLayer>: Trainable {
    /// The layers, bottom first.
    public let layers: [Cell]
    /// The state after the last step of the last forward pass, one entry per layer.
    public private(set) var finalState: [Cell.State] = []
    /// `∂loss/∂initialState` from the last `backward`, one entry per layer.
    public private(set) var initialStateGradient: [Cell.State] = []
    private var hasForwardCache = false

    /// Creates layers of `hiddenSizes` (bottom first) over `inputSize` input features,
    /// each with its default initialisers, drawing from `generator` in layer order.
    ///
    /// - Precondition: at least one layer; all sizes positive.
    public init(inputSize: Int, hiddenSizes: [Int], using generator: inout some RandomNumberGenerator) {
        precondition(!hiddenSizes.isEmpty, "RecurrentStack: need at least one hidden size")
        precondition(inputSize > 0 && hiddenSizes.allSatisfy { $0 > 0 },
                     "RecurrentStack: sizes must be positive, got \(inputSize) → \(hiddenSizes)")
        var layers: [Cell] = []
        var size = inputSize
        for hidden in hiddenSizes {
            layers.append(Cell(inputSize: size, hiddenSize: hidden, using: &generator))
            size = hidden
        }
        self.layers = layers
    }

    /// Wraps existing layers.
    ///
    /// - Precondition: each layer's input size is the previous layer's hidden size.
    public init(layers: [Cell]) {
        precondition(!layers.isEmpty, "RecurrentStack: need at least one layer")
        for (lower, upper) in zip(layers, layers.dropFirst()) {
            precondition(upper.inputSize == lower.hiddenSize,
                         "RecurrentStack: layer input \(upper.inputSize) ≠ previous hidden \(lower.hiddenSize)")
        }
        self.layers = layers
    }

    /// Features per input step.
    public var inputSize: Int { layers[0].inputSize }
    /// Features per output step (the top layer's hidden size).
    public var outputSize: Int { layers[layers.count - 1].hiddenSize }

    /// Every layer's parameters, bottom layer first.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Every layer's named parameters, prefixed by layer index: `"0.kernel"`.
    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedParameters.map { (name: "\(index).\($0.name)", parameter: $0.parameter) }
        }
    }

    /// The all-zero state of every layer for `batchSize` sequences.
    public func zeroState(batchSize: Int) -> [Cell.State] {
        layers.map { $0.zeroState(batchSize: batchSize) }
    }

    /// Runs the stack over `input` (starting from `initialState`, zeros when `nil`),
    /// caching for `backward`; returns the top layer's outputs with `input`'s mask.
    public func callAsFunction(_ input: SequenceBatch, initialState: [Cell.State]? = nil) -> SequenceBatch {
        let (output, states) = run(input, initialState: initialState, cache: true)
        finalState = states
        return output
    }

    /// The forward pass without caching, for inference (and burn-in before training):
    /// sets `finalState` but leaves the cache of the last training pass intact.
    public func apply(_ input: SequenceBatch, initialState: [Cell.State]? = nil) -> SequenceBatch {
        let (output, states) = run(input, initialState: initialState, cache: false)
        finalState = states
        return output
    }

    /// One step for every sequence, for acting online: `input` is `[batch, inputSize]`;
    /// returns the top output `[batch, outputSize]` and the new state. Caches nothing.
    public func step(_ input: Matrix, state: [Cell.State]?) -> (output: Matrix, state: [Cell.State]) {
        let batch = SequenceBatch(values: input, batchSize: input.rows, length: 1)
        let (output, states) = run(batch, initialState: state, cache: false)
        return (output.values, states)
    }

    /// Backpropagation through time, top layer first: takes `∂loss/∂outputs`
    /// (`[length * batch, outputSize]`), accumulates every parameter gradient, sets
    /// `initialStateGradient`, and returns `∂loss/∂inputs` (`[length * batch, inputSize]`;
    /// rows of padded steps are zero), or `[0, inputSize]` when `inputGradient` is
    /// false: a stack over data has no use for it, and its bottom layer skips a product.
    public func backward(_ dOutputs: Matrix, inputGradient: Bool = true) -> Matrix {
        precondition(hasForwardCache, "RecurrentStack.backward called before a forward pass")
        var gradient = dOutputs
        var stateGradients: [Cell.State] = []
        for (l, layer) in layers.enumerated().reversed() {
            let (dInputs, dInitial) = layer.backward(gradient, inputGradient: inputGradient || l > 0)
            gradient = dInputs
            stateGradients.append(dInitial)
        }
        initialStateGradient = stateGradients.reversed()
        return gradient
    }

    private func run(
        _ input: SequenceBatch, initialState: [Cell.State]?, cache: Bool
    ) -> (SequenceBatch, [Cell.State]) {
        precondition(input.featureCount == inputSize,
                     "RecurrentStack: input has \(input.featureCount) features, expected \(inputSize)")
        precondition(initialState == nil || initialState!.count == layers.count,
                     "RecurrentStack: initial state has \(initialState!.count) layers, expected \(layers.count)")
        let valid = input.timeMajorValidity
        var x = input.values
        var states: [Cell.State] = []
        for (index, layer) in layers.enumerated() {
            let (outputs, state) = layer.forward(
                x, batchSize: input.batchSize, valid: valid,
                initialState: initialState?[index], cache: cache)
            x = outputs
            states.append(state)
        }
        if cache { hasForwardCache = true }
        return (input.replacingValues(x), states)
    }
}
