/// The type of a component parameter, which decides how text is parsed.
public enum ParameterType: Sendable, Equatable, CustomStringConvertible {
    case int
    case double
    case bool
    case string
    /// One of a fixed set of words.
    case choice([String])
    /// A file or folder path (completed as a path by the shell).
    case path
    /// Another component of this kind, by registry name or by the name of a
    /// value the caller holds (a trained model, say).
    case component(ComponentKind)
    /// The name of a value the caller holds, of a kind such as `world`, `env`,
    /// `agent` or `evaluation` (a shell option like `env=`).
    case value(String)
    /// Positive sizes, written `64` or `128,64` (layer widths).
    case sizes

    public var description: String {
        switch self {
        case .int: return "int"
        case .double: return "double"
        case .bool: return "bool"
        case .string: return "string"
        case .choice(let options): return options.joined(separator: "|")
        case .path: return "path"
        case .component(let kind): return kind.rawValue
        case .value(let kind): return kind
        case .sizes: return "sizes"
        }
    }
}

/// A parameter value after parsing.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return formatNumber(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return v
        }
    }
}

/// `in 1...64`, or `≥ 0` for a range whose top is only a storage limit.
func formatRange(_ r: ClosedRange<Double>) -> String {
    r.upperBound >= 1e12 ? "≥ \(formatNumber(r.lowerBound))" : "in \(formatNumber(r.lowerBound))...\(formatNumber(r.upperBound))"
}

/// Formats a number without a trailing ".0" when it is whole.
func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
}

/// One declared parameter of a component: the single source for validation,
/// help and completion.
public struct ParameterSpec: Sendable, Equatable {
    public var name: String
    public var type: ParameterType
    /// The value used when the parameter is not given.
    public var defaultValue: ParameterValue
    /// Inclusive bounds for numeric parameters.
    public var range: ClosedRange<Double>?
    /// One line of help.
    public var help: String

    public init(_ name: String, _ type: ParameterType, default defaultValue: ParameterValue,
                range: ClosedRange<Double>? = nil, help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.range = range
        self.help = help
    }

    /// An integer parameter.
    public static func int(_ name: String, _ value: Int, range: ClosedRange<Double>? = nil, _ help: String) -> ParameterSpec {
        ParameterSpec(name, .int, default: .int(value), range: range, help: help)
    }
    /// A real-valued parameter.
    public static func double(_ name: String, _ value: Double, range: ClosedRange<Double>? = nil, _ help: String) -> ParameterSpec {
        ParameterSpec(name, .double, default: .double(value), range: range, help: help)
    }
    /// A yes/no parameter.
    public static func bool(_ name: String, _ value: Bool, _ help: String) -> ParameterSpec {
        ParameterSpec(name, .bool, default: .bool(value), help: help)
    }
    /// A free-text parameter.
    public static func string(_ name: String, _ value: String, _ help: String) -> ParameterSpec {
        ParameterSpec(name, .string, default: .string(value), help: help)
    }
    /// A parameter that takes one of `options`.
    public static func choice(_ name: String, _ options: [String], _ value: String, _ help: String) -> ParameterSpec {
        ParameterSpec(name, .choice(options), default: .string(value), help: help)
    }
    /// A path parameter ("" when not given).
    public static func path(_ name: String, _ help: String) -> ParameterSpec {
        ParameterSpec(name, .path, default: .string(""), help: help)
    }
    /// A parameter naming another component of `kind`.
    public static func component(_ name: String, _ kind: ComponentKind, _ value: String, _ help: String) -> ParameterSpec {
        ParameterSpec(name, .component(kind), default: .string(value), help: help)
    }

    /// A parameter naming a value the caller holds, of kind `kind`.
    public static func value(_ name: String, _ kind: String, _ value: String = "", _ help: String) -> ParameterSpec {
        ParameterSpec(name, .value(kind), default: .string(value), help: help)
    }
    /// A list of positive sizes, `128,64`.
    public static func sizes(_ name: String, _ value: [Int], _ help: String) -> ParameterSpec {
        ParameterSpec(name, .sizes, default: .string(value.map(String.init).joined(separator: ",")), help: help)
    }
    /// The sizes in `text` (`128,64`), or nil unless every one is a positive integer.
    public static func sizes(from text: String) -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return parts.map { $0! }
    }

    /// What a value of this parameter looks like, for help and messages:
    /// `int in 1...1000`, `true|false`, `a|b|c`, `sizes like 128,64`.
    public var accepted: String {
        switch type {
        case .int: return range.map { "an integer \(formatRange($0))" } ?? "an integer"
        case .double: return range.map { "a number \(formatRange($0))" } ?? "a number"
        case .bool: return "true or false"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .string: return "text"
        case .path: return "a path"
        case .component(let kind): return "a \(kind.rawValue) (a registered name or a value's name)"
        case .value(let kind): return "the name of a \(kind) value"
        case .sizes: return "sizes like 128,64"
        }
    }

    /// One line of `describe` or `help`: `  name  type = default in lo...hi  — help`.
    public func helpLine(nameWidth: Int) -> String {
        var line = "  " + name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        line += "  \(type) = \(defaultValue.description.isEmpty ? "\"\"" : defaultValue.description)"
        if let r = range { line += " " + formatRange(r) }
        return line + "  — \(help)"
    }

    /// Parses `text` as this parameter's value.
    /// - Throws: `SegueError` naming the component and parameter, with the
    ///   expected form or range.
    public func parse(_ text: String, component: String) throws -> ParameterValue {
        func bad(_ expected: String) -> SegueError {
            SegueError("\(component): parameter '\(name)' expects \(expected), got \"\(text)\"",
                       hint: "see `describe \(component)`")
        }
        let value: ParameterValue
        switch type {
        case .int:
            guard let v = Int(text.replacingOccurrences(of: "_", with: "")) else { throw bad("an integer") }
            value = .int(v)
        case .double:
            guard let v = Double(text), v.isFinite else { throw bad("a finite number") }
            value = .double(v)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "on", "1": value = .bool(true)
            case "false", "no", "off", "0": value = .bool(false)
            default: throw bad("true or false")
            }
        case .choice(let options):
            guard options.contains(text) else {
                let near = Suggestions.closest(to: text, in: options).map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError("\(component): parameter '\(name)' is one of \(options.joined(separator: ", ")), got \"\(text)\"\(near)")
            }
            value = .string(text)
        case .sizes:
            guard ParameterSpec.sizes(from: text) != nil else { throw bad("positive sizes like 64 or 128,64") }
            value = .string(text)
        case .string, .path, .component, .value:
            value = .string(text)
        }
        try check(value, component: component)
        return value
    }

    /// Checks a value against the declared range.
    func check(_ value: ParameterValue, component: String) throws {
        guard let range else { return }
        let number: Double
        switch value {
        case .int(let v): number = Double(v)
        case .double(let v): number = v
        default: return
        }
        guard range.contains(number) else {
            throw SegueError("\(component): parameter '\(name)' must be \(formatRange(range)), got \(formatNumber(number))")
        }
    }
}
