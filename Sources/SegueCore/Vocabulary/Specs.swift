/// The element type of an array in a spec.
public enum DType: String, Sendable, Equatable {
    case float32, int32, bool
}

/// A declared array: name, shape, element type and inclusive bounds
/// (TF-Agents' `BoundedArraySpec`).
public struct ArraySpec: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var shape: [Int]
    public var dtype: DType
    /// Smallest allowed value, or nil when unbounded.
    public var minimum: Double?
    /// Largest allowed value, or nil when unbounded.
    public var maximum: Double?

    public init(name: String, shape: [Int], dtype: DType, minimum: Double? = nil, maximum: Double? = nil) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Number of elements (`shape` multiplied out; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Whether `values` fit this spec: right count, within bounds, finite.
    public func admits(_ values: [Float]) -> Bool {
        guard values.count == elementCount else { return false }
        return values.allSatisfy { v in
            v.isFinite && (minimum.map { Double(v) >= $0 } ?? true) && (maximum.map { Double(v) <= $0 } ?? true)
        }
    }

    public var description: String {
        var bounds = ""
        if minimum != nil || maximum != nil {
            bounds = " in [\(minimum.map { "\($0)" } ?? "-inf"), \(maximum.map { "\($0)" } ?? "inf")]"
        }
        return "\(name): \(dtype.rawValue)\(shape)\(bounds)"
    }
}

/// The observation an environment emits, declared up front.
public struct ObservationSpec: Sendable, Equatable {
    /// `[userFeatures + trackFeatures + 8]`.
    public var context: ArraySpec
    /// `[C, F]`.
    public var candidates: ArraySpec
    /// `[C]`.
    public var mask: ArraySpec

    /// Candidates per pool (C).
    public var candidateCount: Int { mask.shape[0] }
    /// Features per candidate (F).
    public var featureCount: Int { candidates.shape[1] }
}

/// Everything an environment declares: observation, action and reward specs.
public struct EnvironmentSpecs: Sendable, Equatable {
    public var observation: ObservationSpec
    /// A scalar candidate index in `[0, C-1]`.
    public var action: ArraySpec
    public var reward: ArraySpec
}
