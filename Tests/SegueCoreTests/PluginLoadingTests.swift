import XCTest
import SegueCore

/// The package layout's proof: a plugin built from Plugins/ through the real
/// path (swiftc against the build's modules, dlopen, entry points) registers a
/// component whose instances the host casts to its own protocols.
final class PluginLoadingTests: XCTestCase {
    func testPluginSharesTheCoresTypes() throws {
        let registry = Registry()
        let loader = PluginLoader(registry: registry)
        let plugin = try loader.load(TestPaths.plugin("ConstantListener"))
        XCTAssertEqual(plugin.components, ["constant-listener-v1"])

        let spec = ComponentSpec("constant-listener", [("p", "0.25")])
        let model: any UserModel = try registry.make(.userModel, spec, context: ComponentContext(registry: registry))
        let episode = Episode(number: 0, key: SeedKey(1), user: 0, pool: [0])
        let session = SessionState(featureCount: 1, lengthScale: 1, skipScale: 1)
        XCTAssertEqual(model.listenProbability(of: 0, episode: episode, session: session), 0.25)
        XCTAssertEqual(try registry.descriptor(.userModel, "constant-listener").origin, "plugin ConstantListener")
    }

    func testLoadingTheSameBuildTwiceIsANoOp() throws {
        let registry = Registry()
        let loader = PluginLoader(registry: registry)
        let first = try loader.load(TestPaths.plugin("ConstantListener"))
        let second = try loader.load(TestPaths.plugin("ConstantListener"))
        XCTAssertEqual(first.library, second.library)
        XCTAssertEqual(registry.components(.userModel).count, 1)
    }
}
