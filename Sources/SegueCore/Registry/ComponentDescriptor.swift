/// A registered component: what it is, what it takes, and how to make one.
public struct ComponentDescriptor {
    public var kind: ComponentKind
    /// The base name (`consecutive-skips`); the registry also answers to the
    /// versioned name `consecutive-skips-v1`.
    public var name: String
    /// The version; a changed behaviour gets a new version, old ones stay.
    public var version: Int
    /// One line saying what it is.
    public var summary: String
    /// Declared parameters: the single source for validation, help and completion.
    public var parameters: [ParameterSpec]
    /// Where it came from: "built-in" or the plugin's name.
    public var origin: String
    /// Makes one instance from validated parameters.
    public var make: (Parameters, ComponentContext) throws -> AnyObject

    public init(kind: ComponentKind, name: String, version: Int = 1, summary: String,
                parameters: [ParameterSpec] = [], origin: String = "built-in",
                make: @escaping (Parameters, ComponentContext) throws -> AnyObject) {
        self.kind = kind
        self.name = name
        self.version = version
        self.summary = summary
        self.parameters = parameters
        self.origin = origin
        self.make = make
    }

    /// `name-vN`.
    public var versionedName: String { "\(name)-v\(version)" }

    /// A description for `describe`: summary, then one line per parameter.
    public var help: String {
        var lines = ["\(versionedName) (\(kind.rawValue), \(origin)): \(summary)"]
        if parameters.isEmpty {
            lines.append("  no parameters")
        }
        let width = parameters.map { $0.name.count }.max() ?? 0
        lines += parameters.map { $0.helpLine(nameWidth: width) }
        return lines.joined(separator: "\n")
    }
}

/// What a factory may draw on: the world, the environment's specs, a seed,
/// the registry (to make nested components) and the caller's named values.
public struct ComponentContext {
    public var registry: Registry
    public var world: World?
    public var specs: EnvironmentSpecs?
    public var seed: UInt64
    /// Values the caller holds by name (a trained model, say), which a
    /// `.component` parameter may name instead of a registered component.
    public var values: [String: AnyObject]

    /// Where factories keep what later builds reuse (trained models); nil:
    /// nothing is kept between builds.
    public var cache: ComponentCache?

    public init(registry: Registry, world: World? = nil, specs: EnvironmentSpecs? = nil,
                seed: UInt64 = 0, values: [String: AnyObject] = [:], cache: ComponentCache? = nil) {
        self.registry = registry
        self.world = world
        self.specs = specs
        self.seed = seed
        self.values = values
        self.cache = cache
    }

    /// The world, or an error saying the component needs one.
    public func requireWorld(for component: String) throws -> World {
        guard let world else {
            throw SegueError("\(component) needs a world", hint: "make one first, e.g. `world = demo`")
        }
        return world
    }

    /// A user model named by a `.component(.userModel)` parameter: a value the
    /// caller holds, `truth` for the world's ground truth, or a registered model.
    public func userModel(named name: String) throws -> any UserModel {
        if let value = values[name] {
            guard let model = value as? any UserModel else {
                throw SegueError("'\(name)' is not a user model", hint: "name a trained model or one from `list user-model`")
            }
            return model
        }
        return try registry.make(.userModel, ComponentSpec(name), context: self) as any UserModel
    }
}
