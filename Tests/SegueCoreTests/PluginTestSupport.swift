import Foundation
import XCTest
@testable import SegueCore

/// Plugin folders written by tests, and a registry that looks like the
/// shell's where names matter (built-in `random` agent, `no-repeat` sampler).
enum PluginFixture {
    /// Writes `source` as `NAME/NAME.swift` in a fresh temporary folder.
    /// - Returns: the plugin folder.
    static func write(_ name: String, _ source: String, in parent: String = TestPaths.temporaryFolder()) throws -> String {
        let folder = "\(parent)/\(name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try source.write(toFile: "\(folder)/\(name).swift", atomically: true, encoding: .utf8)
        return folder
    }

    /// A user-model plugin registering `component`, listening with `p`, whose
    /// version entry returns `version` (a Swift expression).
    static func userModel(_ type: String, component: String, p: Double = 0.5, summary: String = "a test listener",
                          version: String = "PluginAPI.version", versionEntry: Bool = true, registerEntry: Bool = true) -> String {
        var source = """
        import SegueCore

        final class \(type): UserModel {
            func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { \(p) }
        }

        """
        if versionEntry {
            source += """
            @_cdecl("segue_plugin_api_version")
            public func segueAPIVersion() -> Int32 { \(version) }

            """
        }
        if registerEntry {
            source += """
            @_cdecl("segue_plugin_register")
            public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
                PluginRegistrar.from(pointer).register(ComponentDescriptor(
                    kind: .userModel, name: "\(component)", summary: "\(summary)",
                    make: { _, _ in \(type)() }))
            }

            """
        }
        return source
    }

    /// A registry holding stand-ins for the built-in `random` agent, `no-repeat`
    /// sampler and `truth` model (SegueCoreTests cannot see SegueComponents).
    static func registry() -> Registry {
        let registry = Registry()
        for (kind, name) in [(ComponentKind.agent, "random"), (.trackSampler, "no-repeat"), (.userModel, "truth")] {
            try! registry.register(ComponentDescriptor(kind: kind, name: name, summary: "built-in stand-in",
                                                       make: { _, _ in NSObject() }))
        }
        return registry
    }

    /// Every component's kind, versioned name and origin: to show a registry did not change.
    static func snapshot(_ registry: Registry) -> [String] {
        registry.all.map { "\($0.kind.rawValue) \($0.versionedName) \($0.origin) \($0.summary)" }
    }

    /// The error `body` throws, as text ("no error" when it does not throw).
    static func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
}
