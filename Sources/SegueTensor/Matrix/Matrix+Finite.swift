/// An error raised when a matrix that should hold finite numbers holds a NaN or an
/// infinity: the usual sign that training diverged.
public struct NonFiniteValueError: Error, CustomStringConvertible, Equatable {
    /// What was checked, e.g. `"loss"` or `"parameter 0.weight (gradient)"`.
    public let label: String
    /// Row of the first non-finite element.
    public let row: Int
    /// Column of the first non-finite element.
    public let column: Int
    /// The offending value (NaN, +inf or -inf).
    public let value: Float

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.label == rhs.label && lhs.row == rhs.row && lhs.column == rhs.column
            && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public var description: String {
        "non-finite value \(value) in \(label) at (\(row), \(column)); training has likely diverged "
            + "(try a lower learning rate or gradient clipping)"
    }
}

// MARK: - NaN / infinity guards

extension Matrix {
    /// Whether every element is finite (no NaN, no ±infinity).
    public var isFinite: Bool {
        firstNonFiniteIndex() == nil
    }

    /// The storage index of the first NaN or infinity, or `nil` when all are finite.
    public func firstNonFiniteIndex() -> Int? {
        storage.withUnsafeBufferPointer { x in
            for i in x.indices where !x[i].isFinite { return i }
            return nil
        }
    }

    /// Throws `NonFiniteValueError` naming `label` and the first bad element when any
    /// element is NaN or infinite; does nothing otherwise.
    ///
    /// - Throws: `NonFiniteValueError`.
    public func checkFinite(_ label: String) throws {
        guard let index = firstNonFiniteIndex() else { return }
        let columnCount = max(columns, 1)
        throw NonFiniteValueError(
            label: label, row: index / columnCount, column: index % columnCount, value: storage[index])
    }
}

extension Sequence where Element == Parameter {
    /// Throws `NonFiniteValueError` for the first parameter whose value (or, when
    /// `includingGradients` is true, whose gradient) holds a NaN or an infinity.
    ///
    /// - Throws: `NonFiniteValueError`, labelled `"parameter NAME"` or
    ///   `"parameter NAME (gradient)"`.
    public func checkFinite(includingGradients: Bool = true) throws {
        for parameter in self {
            try parameter.value.checkFinite("parameter \(parameter.name)")
            if includingGradients {
                try parameter.grad.checkFinite("parameter \(parameter.name) (gradient)")
            }
        }
    }
}

/// Throws `NonFiniteValueError` when `value` is NaN or infinite, e.g. for a loss.
///
/// - Throws: `NonFiniteValueError` labelled `label` at (0, 0).
public func checkFinite(_ value: Float, _ label: String) throws {
    if !value.isFinite {
        throw NonFiniteValueError(label: label, row: 0, column: 0, value: value)
    }
}
