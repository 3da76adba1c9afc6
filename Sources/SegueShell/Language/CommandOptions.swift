import SegueCore

/// A `--name` switch a command accepts, with one line of help.
public struct Flag: Sendable, Equatable {
    public var name: String
    public var help: String

    public init(_ name: String, _ help: String) {
        self.name = name
        self.help = help
    }
}

/// Where a command sends the `key=value` options it does not declare: the
/// parameters of the component its first word names (`agent greedy model=swm`,
/// `world demo tracks=300`, `train-model swm epochs=8`).
public struct OptionForwarding {
    /// The component kind, for help.
    public var kind: ComponentKind
    /// The registry name the first word stands for (`pop` → `popularity-model`).
    public var componentName: (String) -> String

    /// Forwards to the `kind` component named by the first word.
    public static func component(_ kind: ComponentKind, name: @escaping (String) -> String = { $0 }) -> OptionForwarding {
        OptionForwarding(kind: kind, componentName: name)
    }

    /// The component and its parameters for `inv`, when its first word names one.
    func parameters(_ inv: Invocation, registry: Registry) -> (component: String, parameters: [ParameterSpec])? {
        guard let word = inv.positional.first, let spec = try? ComponentSpec.parse(word),
              let descriptor = try? registry.descriptor(kind, componentName(spec.name)) else { return nil }
        return (descriptor.name, descriptor.parameters)
    }
}

// MARK: - Validation

extension Command {
    /// Checks `invocation` against this command's declaration before it runs:
    /// every `key=value` is a declared option (or, for a command that forwards,
    /// a parameter of the component its first word names), given once, of the
    /// declared type and range; every `--flag` is declared.
    ///
    /// - Returns: the invocation with its declared options parsed, so the command
    ///   reads typed values (`inv.int("episodes")`) with their declared defaults.
    /// - Throws: `SegueError` naming the command and the option, with "did you
    ///   mean" for a typo and what the option accepts for a bad value.
    func validated(_ invocation: Invocation, registry: Registry) throws -> Invocation {
        var inv = invocation
        if checksOwnWords { return inv }
        var seen = Set<String>()
        var declared: [(String, String)] = []
        let forwarded = forwards?.parameters(invocation, registry: registry).map { ($0.component, $0.parameters.map(\.name)) }
        for (key, text) in invocation.options {
            guard seen.insert(key).inserted else {
                throw SegueError("\(name): option '\(key)' is given twice",
                                 hint: "give it once; lists are written with commas, e.g. a,b")
            }
            if let spec = options.first(where: { $0.name == key }) {
                do {
                    _ = try spec.parse(text, component: name)
                } catch {
                    throw SegueError("\(name): option '\(key)' expects \(spec.accepted), got \"\(text)\"",
                                     hint: "`help \(name)`")
                }
                declared.append((key, text))
            } else if let forwarded, forwarded.1.contains(key) {
                continue   // the component validates its own parameters
            } else {
                let known = options.map(\.name) + (forwarded?.1 ?? [])
                let near = Suggestions.closest(to: key, in: known).map { " — did you mean '\($0)'?" } ?? ""
                let owner = forwarded != nil ? " " + (invocation.positional.first ?? "") : ""
                throw SegueError(
                    "\(name)\(owner) has no option '\(key)'\(near)",
                    hint: known.isEmpty ? "`\(name)` takes no options" : "options: \(known.map { $0 + "=" }.joined(separator: " "))")
            }
        }
        for flag in invocation.flags where !flags.contains(where: { $0.name == flag }) {
            let near = Suggestions.closest(to: flag, in: flags.map(\.name)).map { " — did you mean '--\($0)'?" } ?? ""
            throw SegueError("\(name) has no flag '--\(flag)'\(near)",
                             hint: flags.isEmpty ? "`\(name)` takes no flags" : "flags: " + flags.map { "--" + $0.name }.joined(separator: " "))
        }
        inv.declared = try Parameters(specs: options, given: declared, component: name)
        return inv
    }

    /// The `options:` and `flags:` part of `help NAME`, from the declaration.
    var optionsHelp: [String] {
        var lines: [String] = []
        if !options.isEmpty {
            let width = options.map(\.name.count).max() ?? 0
            lines += ["", "options:"] + options.map { $0.helpLine(nameWidth: width) }
        }
        if !flags.isEmpty {
            let width = flags.map(\.name.count).max() ?? 0
            lines += ["", "flags:"] + flags.map { "  --" + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  — " + $0.help }
        }
        if let forwards {
            lines += ["", "Other key=value options are the \(forwards.kind.rawValue)'s parameters (`describe NAME`)."]
        }
        return lines
    }
}

// MARK: - Typed option values

extension Invocation {
    /// The declared option `name` as an integer (its default when not given).
    public func int(_ name: String) -> Int { declaredParameters.int(name) }
    /// The declared option `name` as a number (its default when not given).
    public func double(_ name: String) -> Double { declaredParameters.double(name) }
    /// The declared option `name` as a yes/no (its default when not given).
    public func bool(_ name: String) -> Bool { declaredParameters.bool(name) }
    /// The declared option `name` as text: given, else a non-empty default, else nil.
    public func text(_ name: String) -> String? {
        if let given = option(name) { return given }
        let value = declaredParameters.string(name)
        return value.isEmpty ? nil : value
    }
    /// Whether option `name` was typed.
    public func given(_ name: String) -> Bool { option(name) != nil }

    private var declaredParameters: Parameters {
        guard let declared else { preconditionFailure("\(command): options read before validation") }
        return declared
    }
}
