import Foundation
import XCTest
@testable import SegueCore

/// Every way loading a plugin can fail gives a clear message and leaves the
/// registry and the loader as they were; a good plugin still loads afterwards.
final class PluginErrorTests: XCTestCase {
    var registry: Registry!
    var loader: PluginLoader!
    var before: [String] = []

    override func setUp() {
        registry = PluginFixture.registry()
        loader = PluginLoader(registry: registry)
        before = PluginFixture.snapshot(registry)
    }

    /// The state is untouched and the loader still works.
    func assertStateKept(file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(PluginFixture.snapshot(registry), before, "the registry changed", file: file, line: line)
        XCTAssertTrue(loader.loaded.isEmpty, "a failed plugin was recorded as loaded", file: file, line: line)
        let good = try loader.load(TestPaths.plugin("ConstantListener"))
        XCTAssertEqual(good.components, ["constant-listener-v1"], file: file, line: line)
    }

    func testAPluginBuiltForAnotherAPIVersionIsRefused() throws {
        let folder = try PluginFixture.write("FutureListener", PluginFixture.userModel(
            "FutureListener", component: "future-listener", version: "PluginAPI.version + 1"))
        let message = PluginFixture.message { try self.loader.load(folder) }
        XCTAssertTrue(message.contains("plugin 'FutureListener' was built for plugin API version \(PluginAPI.version + 1); this Segue speaks version \(PluginAPI.version)"), message)
        XCTAssertTrue(message.contains("rebuild"), message)
        try assertStateKept()
    }

    func testAMissingVersionEntryPointIsRefused() throws {
        let folder = try PluginFixture.write("NoVersion", PluginFixture.userModel(
            "NoVersion", component: "no-version", versionEntry: false))
        let message = PluginFixture.message { try self.loader.load(folder) }
        XCTAssertTrue(message.contains("plugin 'NoVersion' is not a Segue plugin: it has no entry point segue_plugin_api_version"), message)
        XCTAssertTrue(message.contains("@_cdecl(\"segue_plugin_api_version\")"), message)
        try assertStateKept()
    }

    func testAMissingRegisterEntryPointIsRefused() throws {
        let folder = try PluginFixture.write("NoRegister", PluginFixture.userModel(
            "NoRegister", component: "no-register", registerEntry: false))
        let message = PluginFixture.message { try self.loader.load(folder) }
        XCTAssertTrue(message.contains("plugin 'NoRegister' has no entry point segue_plugin_register"), message)
        try assertStateKept()
    }

    func testANameThatClashesWithABuiltInIsRefused() throws {
        let agent = try PluginFixture.write("MyRandom", """
            import SegueCore
            final class MyRandom: Agent {
                func act(_ timeStep: TimeStep) throws -> Action { .candidate(0) }
            }
            @_cdecl("segue_plugin_api_version") public func segueAPIVersion() -> Int32 { PluginAPI.version }
            @_cdecl("segue_plugin_register") public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
                PluginRegistrar.from(pointer).register(ComponentDescriptor(
                    kind: .agent, name: "random", summary: "mine", make: { _, _ in MyRandom() }))
            }
            """)
        let message = PluginFixture.message { try self.loader.load(agent) }
        XCTAssertTrue(message.contains("plugin 'MyRandom' was not loaded: agent 'random' is already registered (built-in)"), message)
        XCTAssertTrue(message.contains("rename the plugin's component"), message)
        try assertStateKept()
    }

    func testAHigherVersionOfABuiltInNameIsRefusedAndNothingIsHalfRegistered() throws {
        // Registers a fine component first, then `no-repeat` v2: neither may land.
        let folder = try PluginFixture.write("Shadow", """
            import SegueCore
            final class Shadow: TrackSampler {
                func candidate(for action: Action, observation: Observation) throws -> Int { 0 }
            }
            final class Fine: UserModel {
                func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { 0.5 }
            }
            @_cdecl("segue_plugin_api_version") public func segueAPIVersion() -> Int32 { PluginAPI.version }
            @_cdecl("segue_plugin_register") public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
                let registrar = PluginRegistrar.from(pointer)
                registrar.register(ComponentDescriptor(kind: .userModel, name: "fine", summary: "fine", make: { _, _ in Fine() }))
                registrar.register(ComponentDescriptor(kind: .trackSampler, name: "no-repeat", version: 2,
                                                       summary: "shadows the built-in", make: { _, _ in Shadow() }))
            }
            """)
        let message = PluginFixture.message { try self.loader.load(folder) }
        XCTAssertTrue(message.contains("track-sampler 'no-repeat' is already registered (built-in)"), message)
        XCTAssertThrowsError(try registry.descriptor(.userModel, "fine"))
        try assertStateKept()
    }

    func testACompileErrorShowsTheCompilersDiagnosticsWithFileAndLine() throws {
        let folder = try PluginFixture.write("Broken", """
            import SegueCore

            final class Broken: UserModel {
                func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { "half" }
            }
            """)
        let message = PluginFixture.message { try self.loader.load(folder) }
        XCTAssertTrue(message.contains("plugin 'Broken' did not compile:"), message)
        XCTAssertTrue(message.contains("Broken/Broken.swift:4:"), message)
        XCTAssertTrue(message.contains("error: cannot convert return expression of type 'String' to return type 'Double'"), message)
        XCTAssertTrue(message.contains("fix the errors above"), message)
        let built = (try? FileManager.default.contentsOfDirectory(atPath: "\(folder)/.build")) ?? []
        XCTAssertFalse(built.contains { $0.hasSuffix(".so") || $0.hasSuffix(".tmp") }, "a failed build left a library behind")
        try assertStateKept()
    }

    func testAPathThatDoesNotExistIsRefused() throws {
        let message = PluginFixture.message { try self.loader.load("Plugins/NoSuchPlugin") }
        XCTAssertTrue(message.contains("no plugin at 'Plugins/NoSuchPlugin': no such file or folder"), message)
        XCTAssertTrue(message.contains("give a folder under Plugins/"), message)
        try assertStateKept()
    }

    func testAFolderWithoutSourcesOrComponentsIsRefused() throws {
        let empty = TestPaths.temporaryFolder()
        XCTAssertTrue(PluginFixture.message { try self.loader.load(empty) }.contains("has no .swift files"))
        let silent = try PluginFixture.write("Silent", """
            import SegueCore
            @_cdecl("segue_plugin_api_version") public func segueAPIVersion() -> Int32 { PluginAPI.version }
            @_cdecl("segue_plugin_register") public func segueRegister(_ pointer: UnsafeMutableRawPointer) {}
            """)
        XCTAssertTrue(PluginFixture.message { try self.loader.load(silent) }.contains("plugin 'Silent' registered no components"))
        try assertStateKept()
    }
}
