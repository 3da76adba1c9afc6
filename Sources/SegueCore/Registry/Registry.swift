/// Name → factory, per component kind, for built-ins and plugins alike.
///
/// Names are versioned: `consecutive-skips-v1`. Asking for the bare name gets
/// the newest version. A typo gets "did you mean".
public final class Registry {
    private var entries: [ComponentKind: [ComponentDescriptor]] = [:]

    public init() {}

    /// Adds a component.
    /// - Throws: `SegueError` when the kind already has this name and version
    ///   (plugins may not silently replace a component).
    public func register(_ descriptor: ComponentDescriptor) throws {
        if let existing = entries[descriptor.kind]?.first(where: {
            $0.name == descriptor.name && $0.version == descriptor.version
        }) {
            throw SegueError(
                "\(descriptor.kind.rawValue) '\(descriptor.versionedName)' is already registered (\(existing.origin))",
                hint: "give the new one another name or a higher version")
        }
        entries[descriptor.kind, default: []].append(descriptor)
    }

    /// Registers a component that replaces an older version of the same name:
    /// used when a changed plugin is loaded again.
    public func registerReplacing(_ descriptor: ComponentDescriptor) {
        entries[descriptor.kind, default: []].removeAll {
            $0.name == descriptor.name && $0.version == descriptor.version
        }
        entries[descriptor.kind, default: []].append(descriptor)
    }

    /// All components of `kind`, sorted by name then version.
    public func components(_ kind: ComponentKind) -> [ComponentDescriptor] {
        (entries[kind] ?? []).sorted { ($0.name, $0.version) < ($1.name, $1.version) }
    }

    /// Every component, by kind.
    public var all: [ComponentDescriptor] {
        ComponentKind.allCases.flatMap { components($0) }
    }

    /// Names a user may type for `kind`: bare and versioned.
    public func names(_ kind: ComponentKind) -> [String] {
        components(kind).flatMap { [$0.name, $0.versionedName] }.uniqued()
    }

    /// The component `name` (bare or versioned) of `kind`.
    /// - Throws: `SegueError` with "did you mean" when there is none.
    public func descriptor(_ kind: ComponentKind, _ name: String) throws -> ComponentDescriptor {
        let candidates = entries[kind] ?? []
        if let exact = candidates.first(where: { $0.versionedName == name }) { return exact }
        if let newest = candidates.filter({ $0.name == name }).max(by: { $0.version < $1.version }) {
            return newest
        }
        var message = "unknown \(kind.rawValue) '\(name)'"
        if let near = Suggestions.closest(to: name, in: names(kind)) {
            message += " — did you mean '\(near)'?"
        } else if let other = ComponentKind.allCases.first(where: { k in
            k != kind && (entries[k] ?? []).contains { $0.name == name || $0.versionedName == name }
        }) {
            message += " ('\(name)' is a \(other.rawValue))"
        }
        throw SegueError(message, hint: "`list \(kind.rawValue)` shows them all")
    }

    /// Looks a name up across every kind.
    public func descriptors(named name: String) -> [ComponentDescriptor] {
        all.filter { $0.name == name || $0.versionedName == name }
    }

    /// Makes a component of `kind` from `spec`, validating its parameters.
    /// - Throws: `SegueError` for an unknown name or parameter, a bad value,
    ///   or a factory failure; and when the factory's product is not a `T`.
    public func make<T>(_ kind: ComponentKind, _ spec: ComponentSpec, context: ComponentContext) throws -> T {
        let descriptor = try descriptor(kind, spec.name)
        let parameters = try Parameters(specs: descriptor.parameters, given: spec.orderedParameters,
                                        component: descriptor.versionedName)
        let object = try descriptor.make(parameters, context)
        guard let typed = object as? T else {
            throw SegueError(
                "\(descriptor.versionedName) (\(descriptor.origin)) made a \(type(of: object)), which is not a \(T.self)",
                hint: "a plugin must conform to Segue's protocols from the host's SegueCore; rebuild it against this build")
        }
        return typed
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
