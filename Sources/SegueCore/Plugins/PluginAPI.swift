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
public final class PluginRegistrar {
    public let registry: Registry
    /// The plugin's name, recorded as each component's origin.
    public let origin: String
    /// When true, a component of the same name and version replaces the old
    /// one (a changed plugin loaded again); clashes with others still fail.
    let replacing: Bool
    /// Components registered so far.
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

    /// Registers one component under the plugin's name.
    public func register(_ descriptor: ComponentDescriptor) {
        var stamped = descriptor
        stamped.origin = "plugin \(origin)"
        do {
            if let existing = try? registry.descriptor(stamped.kind, stamped.versionedName),
               existing.origin == stamped.origin, replacing {
                registry.registerReplacing(stamped)
            } else {
                try registry.register(stamped)
            }
            registered.append(stamped)
        } catch let error as SegueError {
            failures.append(error)
        } catch {
            failures.append(SegueError("\(error)"))
        }
    }
}
