/// A trainable tensor: its current value and the gradient accumulated for it.
///
/// Layers own their parameters and add into `grad` during `backward`; optimizers read
/// `grad` and update `value`. It is a class so a layer, an optimizer and a weight file
/// can all refer to the same parameter.
public final class Parameter {
    /// The name within its owner, e.g. `"weight"`; see `Trainable.namedParameters` for
    /// the full path used in weight files.
    public let name: String
    /// The current value.
    public var value: Matrix {
        didSet {
            precondition(
                value.hasSameShape(as: grad),
                "Parameter \(name): value reshaped to [\(value.rows), \(value.columns)], "
                    + "gradient is [\(grad.rows), \(grad.columns)]")
        }
    }
    /// The accumulated gradient `∂loss/∂value`, same shape as `value`.
    public var grad: Matrix

    /// Creates a parameter holding `value` with a zero gradient.
    public init(name: String, value: Matrix) {
        self.name = name
        self.value = value
        self.grad = Matrix.zeros(like: value)
    }

    /// The shape of `value`, `[rows, columns]`.
    public var shape: [Int] { value.shape }

    /// Sets the gradient to zero.
    public func zeroGrad() {
        grad.fill(0)
    }
}

/// Anything that owns parameters: layers, recurrent networks, whole models.
///
/// Optimizers walk `parameters`; weight files walk `namedParameters`, whose names are
/// unique paths such as `"0.weight"` or `"lstm.1.wx"`.
public protocol Trainable: AnyObject {
    /// The parameters in a fixed order (the same on every call).
    var parameters: [Parameter] { get }

    /// The parameters in the same order, each with a path name unique within this
    /// owner. Defaults to each parameter's own `name`; containers prefix their
    /// children's names.
    var namedParameters: [(name: String, parameter: Parameter)] { get }
}

extension Trainable {
    /// Each parameter under its own `name`.
    public var namedParameters: [(name: String, parameter: Parameter)] {
        parameters.map { (name: $0.name, parameter: $0) }
    }

    /// Sets every parameter's gradient to zero.
    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGrad() }
    }

    /// The total number of scalar parameters.
    public var parameterCount: Int {
        parameters.reduce(0) { $0 + $1.value.count }
    }

    /// Throws `NonFiniteValueError` naming the first parameter (by path) whose value or
    /// gradient holds a NaN or an infinity.
    ///
    /// - Throws: `NonFiniteValueError`.
    public func checkFinite(includingGradients: Bool = true) throws {
        for (name, parameter) in namedParameters {
            try parameter.value.checkFinite("parameter \(name)")
            if includingGradients { try parameter.grad.checkFinite("parameter \(name) (gradient)") }
        }
    }

    /// Copies every parameter value from `source`, which must have the same names and
    /// shapes (e.g. to refresh a DQN target network).
    ///
    /// - Precondition: same parameter names and shapes, in the same order.
    public func copyParameters(from source: some Trainable) {
        softUpdate(from: source, rate: 1)
    }

    /// Polyak averaging toward `source`: `θ ← (1 − rate)·θ + rate·θ_source`.
    ///
    /// - Precondition: same parameter names and shapes, in the same order; `0 ≤ rate ≤ 1`.
    public func softUpdate(from source: some Trainable, rate: Float) {
        precondition(rate >= 0 && rate <= 1, "softUpdate: rate \(rate) outside [0, 1]")
        let mine = namedParameters
        let theirs = source.namedParameters
        precondition(mine.count == theirs.count,
                     "softUpdate: \(mine.count) parameters here, \(theirs.count) in source")
        for (target, origin) in zip(mine, theirs) {
            precondition(
                target.name == origin.name && target.parameter.shape == origin.parameter.shape,
                "softUpdate: \(target.name) \(target.parameter.shape) vs \(origin.name) \(origin.parameter.shape)")
            if rate == 1 {
                target.parameter.value = origin.parameter.value
            } else {
                target.parameter.value.scale(by: 1 - rate)
                target.parameter.value.add(origin.parameter.value, scaledBy: rate)
            }
        }
    }
}

extension Sequence where Element == Parameter {
    /// Sets every parameter's gradient to zero.
    public func zeroGradients() {
        for parameter in self { parameter.zeroGrad() }
    }
}
