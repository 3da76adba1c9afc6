/// The contract between Segue and a plugin library.
///
/// A plugin exports two C entry points:
///
/// ```swift
/// import SegueCore
///
/// @_cdecl("segue_plugin_api_version")
/// public func segueAPIVersion() -> Int32 { PluginAPI.version }
///
/// @_cdecl("segue_plugin_register")
/// public func segueRegister(_ registrar: UnsafeMutableRawPointer) {
///     PluginRegistrar.from(registrar).register(ComponentDescriptor(...))
/// }
/// ```
///
/// `PluginAPI.version` is inlined into the plugin when it is compiled, so the
/// library carries the version it was built for; the host refuses a mismatch
/// with a message instead of crashing on changed types.
public enum PluginAPI {
    /// The plugin API version of this build. Bump it whenever a public type a
    /// plugin may use changes shape.
    @inlinable public static var version: Int32 { 1 }
    /// The entry point that reports the version a plugin was built for.
    public static let versionSymbol = "segue_plugin_api_version"
    /// The entry point that registers a plugin's components.
    public static let registerSymbol = "segue_plugin_register"
}

/// What a plugin's register entry point receives: the host's registry, with
/// the plugin's name stamped on everything it registers.
///
/// Registration is staged: `register` checks each component against the
/// registry and collects it, and the loader adds them all only when none
/// failed, so a plugin that clashes leaves the registry as it was.
public final class PluginRegistrar {
    public let registry: Registry
    /// The plugin's name, recorded as each component's origin.
    public let origin: String
    /// When true, a component of the same name and version from the same
    /// plugin replaces the old one (a changed plugin loaded again); clashes
    /// with other origins still fail.
    let replacing: Bool
    /// Components accepted so far (stamped with the origin), not yet in the registry.
    public private(set) var registered: [ComponentDescriptor] = []
    /// Registration failures, reported by the loader after the entry returns.
    public private(set) var failures: [SegueError] = []

    init(registry: Registry, origin: String, replacing: Bool) {
        self.registry = registry
        self.origin = origin
        self.replacing = replacing
    }

    /// The registrar behind the pointer a plugin's entry point receives.
    public static func from(_ pointer: UnsafeMutableRawPointer) -> PluginRegistrar {
        Unmanaged<PluginRegistrar>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// The origin stamped on this plugin's components.
    var stamp: String { "plugin \(origin)" }

    /// Registers one component under the plugin's name. A name that another
    /// origin (a built-in or another plugin) already uses, in any version, is
    /// refused: plugins add components, they never shadow one.
    public func register(_ descriptor: ComponentDescriptor) {
        var stamped = descriptor
        stamped.origin = stamp
        if let failure = clash(stamped) {
            failures.append(failure)
        } else {
            registered.append(stamped)
        }
    }

    /// Why `descriptor` cannot be registered, or nil when it can.
    private func clash(_ descriptor: ComponentDescriptor) -> SegueError? {
        let kind = descriptor.kind.rawValue
        if registered.contains(where: { $0.kind == descriptor.kind && $0.versionedName == descriptor.versionedName }) {
            return SegueError("it registers \(kind) '\(descriptor.versionedName)' twice",
                              hint: "give each component its own name or version")
        }
        let sameName = registry.components(descriptor.kind).filter { $0.name == descriptor.name }
        if let other = sameName.first(where: { $0.origin != stamp }) {
            return SegueError("\(kind) '\(descriptor.name)' is already registered (\(other.origin))",
                              hint: "rename the plugin's component, e.g. '\(descriptor.name)-\(origin.lowercased())'")
        }
        if !replacing, sameName.contains(where: { $0.version == descriptor.version }) {
            return SegueError("\(kind) '\(descriptor.versionedName)' is already registered (\(stamp), from another folder)",
                              hint: "give one of the two plugin folders another name")
        }
        return nil
    }

    /// Adds the accepted components to the registry, replacing this plugin's
    /// earlier build of each.
    func commit() {
        for descriptor in registered {
            registry.registerReplacing(descriptor)
        }
    }
}
