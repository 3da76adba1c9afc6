/// A component's parameters after validation: every declared parameter has a
/// value (given or default), and nothing undeclared is present.
public struct Parameters: Sendable, CustomStringConvertible {
    /// The component these belong to, for messages.
    public let component: String
    /// Values by parameter name, in declaration order.
    public private(set) var values: [(name: String, value: ParameterValue)]

    /// Resolves `given` (name → text) against `specs`.
    /// - Throws: `SegueError` for an unknown name (with "did you mean"), or a
    ///   value of the wrong type or out of range.
    public init(specs: [ParameterSpec], given: [(String, String)], component: String) throws {
        self.component = component
        var values = specs.map { (name: $0.name, value: $0.defaultValue) }
        for (name, text) in given {
            guard let index = specs.firstIndex(where: { $0.name == name }) else {
                let known = specs.map(\.name)
                let near = Suggestions.closest(to: name, in: known).map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError(
                    "\(component) has no parameter '\(name)'\(near)",
                    hint: known.isEmpty ? "it takes no parameters" : "its parameters: \(known.joined(separator: ", "))")
            }
            values[index].value = try specs[index].parse(text, component: component)
        }
        self.values = values
    }

    /// The defaults of `specs`.
    public static func defaults(_ specs: [ParameterSpec], component: String) -> Parameters {
        // Defaults are valid by construction.
        try! Parameters(specs: specs, given: [], component: component)
    }

    /// The value of `name`. Asking for an undeclared name is a programming error.
    public subscript(name: String) -> ParameterValue {
        guard let entry = values.first(where: { $0.name == name }) else {
            preconditionFailure("\(component) reads undeclared parameter '\(name)'")
        }
        return entry.value
    }

    public func int(_ name: String) -> Int {
        switch self[name] {
        case .int(let v): return v
        case .double(let v): return Int(v)
        default: preconditionFailure("\(component).\(name) is not an int")
        }
    }

    public func double(_ name: String) -> Double {
        switch self[name] {
        case .int(let v): return Double(v)
        case .double(let v): return v
        default: preconditionFailure("\(component).\(name) is not a number")
        }
    }

    public func bool(_ name: String) -> Bool {
        guard case .bool(let v) = self[name] else { preconditionFailure("\(component).\(name) is not a bool") }
        return v
    }

    public func string(_ name: String) -> String {
        self[name].description
    }

    /// `name=value` pairs, in declaration order.
    public var description: String {
        values.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
    }
}
