/// One documented, defaulted field of a config struct (an agent's, a user
/// model's training settings): the single source of its registry parameter
/// (name, type, default, range, help) and of how a parsed value is written
/// back into the config. Shell commands declare their options as the same
/// `ParameterSpec`s, so validation, `help`, `describe` and completion come from
/// one declaration everywhere.
public struct ConfigField<Config> {
    /// The parameter's name in the registry (`learning-rate`).
    public let name: String
    /// One line of help, shown by `describe`.
    public let help: String
    let range: ClosedRange<Double>?
    let makeSpec: (Config, ConfigField) -> ParameterSpec
    let write: (inout Config, Parameters, String) -> Void
    let read: (Config) -> String

    /// This field's parameter, its default read from `defaults`.
    public func spec(defaults: Config) -> ParameterSpec { makeSpec(defaults, self) }

    /// Writes this field's value from validated `parameters` into `config`.
    public func apply(_ parameters: Parameters, to config: inout Config) { write(&config, parameters, name) }

    /// An integer field.
    public static func int(_ name: String, _ keyPath: WritableKeyPath<Config, Int>,
                           range: ClosedRange<Double>? = nil, _ help: String) -> ConfigField {
        ConfigField(name: name, help: help, range: range,
                    makeSpec: { c, f in .int(f.name, c[keyPath: keyPath], range: f.range, f.help) },
                    write: { c, p, n in c[keyPath: keyPath] = p.int(n) },
                    read: { String($0[keyPath: keyPath]) })
    }

    /// A 64-bit seed field (kept as an integer parameter).
    public static func seed(_ name: String, _ keyPath: WritableKeyPath<Config, UInt64>, _ help: String) -> ConfigField {
        ConfigField(name: name, help: help, range: 0...Double(Int.max),
                    makeSpec: { c, f in .int(f.name, Int(truncatingIfNeeded: c[keyPath: keyPath]), range: f.range, f.help) },
                    write: { c, p, n in c[keyPath: keyPath] = UInt64(max(0, p.int(n))) },
                    read: { String($0[keyPath: keyPath]) })
    }

    /// A real-valued field stored as `Float` (its default shown as written, `0.001`, not `0.0010000000474974513`).
    public static func float(_ name: String, _ keyPath: WritableKeyPath<Config, Float>,
                             range: ClosedRange<Double>? = nil, _ help: String) -> ConfigField {
        ConfigField(name: name, help: help, range: range,
                    makeSpec: { c, f in .double(f.name, Double(String(c[keyPath: keyPath]))!, range: f.range, f.help) },
                    write: { c, p, n in c[keyPath: keyPath] = Float(p.double(n)) },
                    read: { String($0[keyPath: keyPath]) })
    }

    /// A real-valued field stored as `Double`.
    public static func double(_ name: String, _ keyPath: WritableKeyPath<Config, Double>,
                              range: ClosedRange<Double>? = nil, _ help: String) -> ConfigField {
        ConfigField(name: name, help: help, range: range,
                    makeSpec: { c, f in .double(f.name, c[keyPath: keyPath], range: f.range, f.help) },
                    write: { c, p, n in c[keyPath: keyPath] = p.double(n) },
                    read: { String($0[keyPath: keyPath]) })
    }

    /// A list of positive sizes stored as `[Int]`, written `64` or `128,64`.
    public static func sizes(_ name: String, _ keyPath: WritableKeyPath<Config, [Int]>, _ help: String) -> ConfigField {
        ConfigField(name: name, help: help, range: nil,
                    makeSpec: { c, f in .sizes(f.name, c[keyPath: keyPath], f.help) },
                    write: { c, p, n in c[keyPath: keyPath] = ParameterSpec.sizes(from: p.string(n)) ?? c[keyPath: keyPath] },
                    read: { $0[keyPath: keyPath].map(String.init).joined(separator: ",") })
    }

    /// A yes/no field.
    public static func bool(_ name: String, _ keyPath: WritableKeyPath<Config, Bool>, _ help: String) -> ConfigField {
        ConfigField(name: name, help: help, range: nil,
                    makeSpec: { c, f in .bool(f.name, c[keyPath: keyPath], f.help) },
                    write: { c, p, n in c[keyPath: keyPath] = p.bool(n) },
                    read: { String($0[keyPath: keyPath]) })
    }

    /// A field taking one of an enumeration's words.
    public static func choice<E: CaseIterable & RawRepresentable>(
        _ name: String, _ keyPath: WritableKeyPath<Config, E>, _ help: String) -> ConfigField where E.RawValue == String {
        ConfigField(name: name, help: help, range: nil,
                    makeSpec: { c, f in .choice(f.name, E.allCases.map(\.rawValue), c[keyPath: keyPath].rawValue, f.help) },
                    write: { c, p, n in if let v = E(rawValue: p.string(n)) { c[keyPath: keyPath] = v } },
                    read: { $0[keyPath: keyPath].rawValue })
    }
}

/// A config struct whose every field has a default (`init()`) and a
/// `ConfigField`, so its registry schema is generated, never written twice.
public protocol DeclaredConfig: Sendable {
    /// The defaults.
    init()
    /// Every field, in the order `describe` shows them.
    static var fields: [ConfigField<Self>] { get }
}

extension DeclaredConfig {
    /// The registry parameters, defaults taken from `init()`.
    public static var parameterSpecs: [ParameterSpec] { parameterSpecs(defaults: Self()) }

    /// The registry parameters with the defaults of `defaults` (for a kind that
    /// shares a config with another but starts elsewhere, as `ppg` does `ppo`'s).
    public static func parameterSpecs(defaults: Self) -> [ParameterSpec] {
        fields.map { $0.makeSpec(defaults, $0) }
    }

    /// The config with every field read from validated `parameters`.
    public init(_ parameters: Parameters) {
        self.init()
        for field in Self.fields { field.write(&self, parameters, field.name) }
    }

    /// The config parsed from `name=value` text (as the shell writes it).
    /// - Throws: `SegueError` for an unknown name or a bad value.
    public init(text: [(String, String)], component: String) throws {
        self.init(try Parameters(specs: Self.parameterSpecs, given: text, component: component))
    }

    /// `name=value` for every field, in declaration order (for checkpoints and reports).
    public var parameterText: [(String, String)] {
        Self.fields.map { ($0.name, $0.read(self)) }
    }
}
