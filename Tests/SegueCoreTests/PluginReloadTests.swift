import Foundation
import XCTest
@testable import SegueCore

/// Loading a changed plugin again loads the new build alongside the old one,
/// and the new build takes the names; objects made before keep their code.
final class PluginReloadTests: XCTestCase {
    func testAChangedPluginIsReloadedAndTakesItsNames() throws {
        let registry = PluginFixture.registry()
        let loader = PluginLoader(registry: registry)
        let parent = TestPaths.temporaryFolder()
        let folder = try PluginFixture.write("Fickle", PluginFixture.userModel(
            "Fickle", component: "fickle", p: 0.25, summary: "first build"), in: parent)
        let first = try loader.load(folder)
        XCTAssertEqual(first.generation, 1)
        let context = ComponentContext(registry: registry)
        let old: any UserModel = try registry.make(.userModel, ComponentSpec("fickle"), context: context)

        // An unchanged folder is the cached build: nothing new is loaded.
        let again = try loader.load(folder)
        XCTAssertEqual(again.library, first.library)
        XCTAssertEqual(again.generation, 1)

        // Edit and load again: a new library, the same names, the new behaviour.
        _ = try PluginFixture.write("Fickle", PluginFixture.userModel(
            "Fickle", component: "fickle", p: 0.75, summary: "second build"), in: parent)
        let second = try loader.load(folder)
        XCTAssertNotEqual(second.library, first.library)
        XCTAssertEqual(second.generation, 2)
        XCTAssertEqual(second.components, ["fickle-v1"])
        XCTAssertEqual(try registry.descriptor(.userModel, "fickle").summary, "second build")
        XCTAssertEqual(registry.components(.userModel).filter { $0.name == "fickle" }.count, 1)

        let new: any UserModel = try registry.make(.userModel, ComponentSpec("fickle"), context: context)
        let episode = Episode(number: 0, key: SeedKey(1), user: 0, pool: [0])
        let session = SessionState(featureCount: 1, lengthScale: 1, skipScale: 1)
        XCTAssertEqual(new.listenProbability(of: 0, episode: episode, session: session), 0.75)
        XCTAssertEqual(old.listenProbability(of: 0, episode: episode, session: session), 0.25, "the old build's objects keep working")
        XCTAssertEqual(loader.loaded.count, 1)
    }

    func testEveryExamplePluginLoadsThroughTheRealPath() throws {
        let registry = PluginFixture.registry()
        let loader = PluginLoader(registry: registry)
        let expected: [String: (ComponentKind, String)] = [
            "ConstantListener": (.userModel, "constant-listener-v1"),
            "DriftingTaste": (.userModel, "drifting-taste-v1"),
            "DiverseSampler": (.trackSampler, "mmr-v1"),
            "SoftmaxAgent": (.agent, "softmax-v1"),
        ]
        let folders = try FileManager.default.contentsOfDirectory(atPath: "\(TestPaths.root)/Plugins").filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(folders), Set(expected.keys), "a plugin under Plugins/ has no test here")
        for (name, (kind, component)) in expected {
            let plugin = try loader.load(TestPaths.plugin(name))
            XCTAssertEqual(plugin.entries, [LoadedPlugin.Component(kind: kind, name: component)], name)
            let descriptor = try registry.descriptor(kind, component)
            XCTAssertEqual(descriptor.origin, "plugin \(name)")
            XCTAssertFalse(descriptor.summary.isEmpty)
            XCTAssertTrue(descriptor.parameters.allSatisfy { !$0.help.isEmpty }, "\(name): every parameter has help")
        }
    }
}
