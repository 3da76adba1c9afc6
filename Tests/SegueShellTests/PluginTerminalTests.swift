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
        driver.start()
        XCTAssertTrue(driver.waitFor("Tab completes"), driver.screen())
        driver.send("small = world demo tracks=300 users=30 sessions=0", "Enter")
        XCTAssertTrue(driver.waitFor("small: world 'demo': 300 tracks"), driver.screen())
        driver.send("plugin load \(Self.root)/Plugins/DriftingTaste", "Enter")
        XCTAssertTrue(driver.waitFor("loaded plugin DriftingTaste: drifting-taste-v1 (user-model)"), driver.screen())
        // Completion asks the live registry, so the plugin's component completes at once.
        driver.send("e = env world=small user=drifting-t", "Tab")
        XCTAssertTrue(driver.waitFor("user=drifting-taste"), driver.screen())
        driver.send("(drift=0.5) episodes=random-pool(size=30)", "Enter")
        XCTAssertTrue(driver.waitFor("e: env over 'demo': user=drifting-taste(drift=0.5)"), driver.screen())
        // An agent trained in the environment the plugin drives, then compared.
        driver.send("a = agent ahdqn env=e", "Enter")
        XCTAssertTrue(driver.waitFor("a: agent ahdqn"), driver.screen())
        driver.send("train a env=e steps=1500 every=500", "Enter")
        XCTAssertTrue(driver.waitFor("a: 1500 steps (1500 in all)", timeout: 120), driver.screen())
        driver.send("compare a random greedy env=e episodes=20", "Enter")
        XCTAssertTrue(driver.waitFor("results: evaluation of a, random, greedy over 20 episodes"), driver.screen())
        driver.send("plugin list", "Enter")
        XCTAssertTrue(driver.waitFor("DriftingTaste: drifting-taste-v1 (user-model)"), driver.screen())
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

        driver.start()
        XCTAssertTrue(driver.waitFor("Tab completes"), driver.screen())
        driver.send("small = world demo tracks=200 users=20 sessions=0", "Enter")
        XCTAssertTrue(driver.waitFor("small: world 'demo': 200 tracks"), driver.screen())

        driver.send("plugin load Plugins/Nowhere", "Enter")
        XCTAssertTrue(driver.waitFor("no plugin at 'Plugins/Nowhere': no such file or folder"), driver.screen())
        driver.send("plugin load \(broken)", "Enter")
        XCTAssertTrue(driver.waitFor("plugin 'Broken' did not compile:"), driver.screen())
        XCTAssertTrue(driver.waitFor("Plugins/Broken/Broken.swift:4:"), driver.screen())
        driver.send("plugin load \(future)", "Enter")
        XCTAssertTrue(driver.waitFor("was built for plugin API version 2; this Segue speaks version 1"), driver.screen())
        driver.send("plugin load \(clash)", "Enter")
        XCTAssertTrue(driver.waitFor("user-model 'truth' is already registered (built-in)"), driver.screen())

        // Still up, with its state.
        driver.send("vars", "Enter")
        XCTAssertTrue(driver.waitFor("small  world 'demo': 200 tracks"), driver.screen())

        driver.send("plugin load \(fickle)", "Enter")
        XCTAssertTrue(driver.waitFor("loaded plugin Fickle: fickle-v1 (user-model)"), driver.screen())
        driver.send("describe fickle", "Enter")
        XCTAssertTrue(driver.waitFor("fickle-v1 (user-model, plugin Fickle): first build"), driver.screen())
        _ = try writePlugin("Fickle", listener("Fickle", component: "fickle", summary: "second build"))
        driver.send("plugin load \(fickle)", "Enter")
        XCTAssertTrue(driver.waitFor("reloaded plugin Fickle (build 2); the new build now answers to: fickle-v1 (user-model)"), driver.screen())
        driver.send("describe fickle", "Enter")
        XCTAssertTrue(driver.waitFor("fickle-v1 (user-model, plugin Fickle): second build"), driver.screen())
        driver.send("env world=small user=fickle", "Enter")
        XCTAssertTrue(driver.waitFor("env: env over 'demo': user=fickle"), driver.screen())
    }
}
