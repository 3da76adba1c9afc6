import Foundation
import XCTest
@testable import SegueCore

/// `plugin new`: names, refusals, and templates that build, load and register
/// one component with a parameter schema. (Their contract checks run through
/// the `segue` binary in SegueShellTests/PluginCheckTests.)
final class PluginScaffoldTests: XCTestCase {
    func testComponentNamesComeFromPluginNames() {
        XCTAssertEqual(PluginScaffold.componentName(for: "DriftingTaste"), "drifting-taste")
        XCTAssertEqual(PluginScaffold.componentName(for: "MMRSampler"), "mmr-sampler")
        XCTAssertEqual(PluginScaffold.componentName(for: "Agent2Go"), "agent2-go")
        XCTAssertEqual(PluginScaffold.componentName(for: "softmax"), "softmax")
    }

    func testBadNamesAreRefusedWithAHint() {
        let parent = TestPaths.temporaryFolder()
        for (name, expected) in [("", "needs a name"), ("9Lives", "must start with a letter"),
                                 ("drifting-taste", "only ASCII letters and digits"), ("My Plugin", "only ASCII letters and digits"),
                                 ("SegueCore", "taken by a module"), ("Foundation", "taken by a module")] {
            let message = PluginFixture.message { try PluginScaffold.create(name: name, kind: .userModel, in: parent) }
            XCTAssertTrue(message.contains(expected), "\(name): \(message)")
            XCTAssertTrue(message.contains("e.g. `DriftingTaste`"), message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent), [])
    }

    func testAnExistingFolderIsNeverOverwritten() throws {
        let parent = TestPaths.temporaryFolder()
        let file = try PluginScaffold.create(name: "Mine", kind: .agent, in: parent)
        try "// my edits".write(toFile: file, atomically: true, encoding: .utf8)
        let message = PluginFixture.message { try PluginScaffold.create(name: "Mine", kind: .userModel, in: parent) }
        XCTAssertTrue(message.contains("'\(parent)/Mine' already exists; plugin new never overwrites a folder"), message)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "// my edits")
        XCTAssertTrue(PluginFixture.message { try PluginScaffold.create(name: "W", kind: .world, in: parent) }
            .contains("no template for kind 'world'"))
    }

    func testEveryTemplateBuildsLoadsAndRegistersOneComponentWithParameters() throws {
        let parent = TestPaths.temporaryFolder()
        let registry = PluginFixture.registry()
        let loader = PluginLoader(registry: registry)
        for kind in PluginScaffold.kinds {
            let name = "Tpl" + kind.rawValue.split(separator: "-").map { $0.capitalized }.joined()
            let file = try PluginScaffold.create(name: name, kind: kind, in: parent)
            XCTAssertEqual(file, "\(parent)/\(name)/\(name).swift")
            let plugin = try loader.load("\(parent)/\(name)")
            let component = PluginScaffold.componentName(for: name) + "-v1"
            XCTAssertEqual(plugin.entries, [LoadedPlugin.Component(kind: kind, name: component)], "\(kind)")
            let descriptor = try registry.descriptor(kind, component)
            XCTAssertFalse(descriptor.parameters.isEmpty, "\(kind): the template declares a parameter schema")
            XCTAssertTrue(descriptor.help.contains("(\(kind.rawValue), plugin \(name))"), descriptor.help)
        }
    }
}
