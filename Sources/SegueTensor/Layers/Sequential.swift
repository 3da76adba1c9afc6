/// A chain of layers applied in order, `y = fₙ(… f₂(f₁(x)))`.
///
/// Shapes follow the layers: each layer's output feeds the next one's input.
/// Backward runs the layers in reverse, each `backward` receiving the gradient the
/// layer after it returned. Parameters are named by position: `"0.weight"`,
/// `"2.bias"`, and `"1.0.weight"` for a nested `Sequential`.
public final class Sequential: Layer {
    /// The layers, first applied first.
    public let layers: [any Layer]

    /// Creates a chain of `layers`.
    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    /// Creates a chain of `layers`.
    public convenience init(_ layers: any Layer...) {
        self.init(layers)
    }

    /// Every layer's parameters, in layer order.
    public var parameters: [Parameter] {
        layers.flatMap { $0.parameters }
    }

    /// Every layer's named parameters, prefixed with the layer's index and a dot.
    public var namedParameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedParameters.map { (name: "\(index).\($0.name)", parameter: $0.parameter) }
        }
    }

    /// Applies each layer in turn; each caches what its backward pass needs.
    public func callAsFunction(_ input: Matrix) -> Matrix {
        var x = input
        for layer in layers { x = layer(x) }
        return x
    }

    /// Runs each layer's backward pass in reverse order; returns `∂loss/∂input`.
    public func backward(_ dOutput: Matrix) -> Matrix {
        var gradient = dOutput
        for layer in layers.reversed() { gradient = layer.backward(gradient) }
        return gradient
    }
}

extension Sequential {
    /// A multilayer perceptron: `Dense` layers of `sizes[i] → sizes[i+1]` with
    /// `activation()` between them (none after the last).
    ///
    /// Weights use He normal for ReLU and Glorot uniform otherwise; biases start at 0.
    ///
    /// - Precondition: at least two sizes (input and output), all positive.
    public static func mlp(
        sizes: [Int],
        activation: () -> any Layer = { ReLU() },
        using generator: inout some RandomNumberGenerator
    ) -> Sequential {
        precondition(sizes.count >= 2, "Sequential.mlp: need input and output sizes, got \(sizes)")
        var layers: [any Layer] = []
        for i in 0..<(sizes.count - 1) {
            let isLast = i == sizes.count - 2
            let nextActivation: (any Layer)? = isLast ? nil : activation()
            let weightInitializer: Initializer = nextActivation is ReLU ? .heNormal : .glorotUniform
            layers.append(Dense(
                inputSize: sizes[i], outputSize: sizes[i + 1],
                weightInitializer: weightInitializer, using: &generator))
            if let nextActivation { layers.append(nextActivation) }
        }
        return Sequential(layers)
    }
}
