import Foundation
import XCTest

/// Plugins in a running shell, driven as a person would in a terminal (tmux):
/// load one and use it at once; failed loads leave the shell up with its
/// state; an edited plugin loaded again takes its names.
final class PluginTerminalTests: TerminalTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Writes a one-file plugin `name` under the driver's folder.
    func writePlugin(_ name: String, _ source: String) throws -> String {
        let folder = "\(driver.folder)/Plugins/\(name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try source.write(toFile: "\(folder)/\(name).swift", atomically: true, encoding: .utf8)
        return folder
    }

    func listener(_ type: String, component: String, summary: String, version: String = "PluginAPI.version") -> String {
        """
        import SegueCore
        final class \(type): UserModel {
            func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { 0.5 }
        }
        @_cdecl("segue_plugin_api_version") public func segueAPIVersion() -> Int32 { \(version) }
        @_cdecl("segue_plugin_register") public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
            PluginRegistrar.from(pointer).register(ComponentDescriptor(
                kind: .userModel, name: "\(component)", summary: "\(summary)", make: { _, _ in \(type)() }))
        }
        """
    }

    func testAPluginLoadedInARunningShellIsUsedAtOnce() {
        startShell()
        enter("small = world demo tracks=300 users=30 sessions=0", expect: "small: world 'demo': 300 tracks")
        enter("plugin load \(Self.root)/Plugins/DriftingTaste", expect: "loaded plugin DriftingTaste: drifting-taste-v1 (user-model)")
        // Completion asks the live registry, so the plugin's component completes at once.
        driver.send("e = env world=small user=drifting-t", "Tab")
        XCTAssertTrue(driver.waitFor("user=drifting-taste"), driver.screen())
        enter("(drift=0.5) episodes=random-pool(size=30)", expect: "e: env over 'demo': user=drifting-taste(drift=0.5)")
        // An agent trained in the environment the plugin drives, then compared.
        enter("a = agent ahdqn env=e", expect: "a: agent ahdqn")
        driver.send("train a env=e steps=1500 every=500", "Enter")
        XCTAssertTrue(driver.waitFor("a: 1500 steps (1500 in all)", timeout: 120), driver.screen())
        enter("compare a random greedy env=e episodes=20", expect: "results: evaluation of a, random, greedy over 20 episodes")
        enter("plugin list", expect: "DriftingTaste: drifting-taste-v1 (user-model)")
    }

    func testFailedLoadsKeepTheShellAndAnEditedPluginTakesItsNames() throws {
        let broken = try writePlugin("Broken", """
            import SegueCore

            final class Broken: UserModel {
                func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { "half" }
            }
            """)
        let future = try writePlugin("Future", listener("Future", component: "future", summary: "from the future",
                                                        version: "PluginAPI.version + 1"))
        let clash = try writePlugin("Clash", listener("Clash", component: "truth", summary: "shadows truth"))
        let fickle = try writePlugin("Fickle", listener("Fickle", component: "fickle", summary: "first build"))

        startShell()
        enter("small = world demo tracks=200 users=20 sessions=0", expect: "small: world 'demo': 200 tracks")

        enter("plugin load Plugins/Nowhere", expect: "no plugin at 'Plugins/Nowhere': no such file or folder")
        enter("plugin load \(broken)", expect: "plugin 'Broken' did not compile:")
        XCTAssertTrue(driver.waitFor("Plugins/Broken/Broken.swift:4:"), driver.screen())
        enter("plugin load \(future)", expect: "was built for plugin API version 2; this Segue speaks version 1")
        enter("plugin load \(clash)", expect: "user-model 'truth' is already registered (built-in)")

        // Still up, with its state.
        enter("vars", expect: "small  world 'demo': 200 tracks")

        enter("plugin load \(fickle)", expect: "loaded plugin Fickle: fickle-v1 (user-model)")
        enter("describe fickle", expect: "fickle-v1 (user-model, plugin Fickle): first build")
        _ = try writePlugin("Fickle", listener("Fickle", component: "fickle", summary: "second build"))
        enter("plugin load \(fickle)", expect: "reloaded plugin Fickle (build 2); the new build now answers to: fickle-v1 (user-model)")
        enter("describe fickle", expect: "fickle-v1 (user-model, plugin Fickle): second build")
        enter("env world=small user=fickle", expect: "env: env over 'demo': user=fickle")
    }
}
