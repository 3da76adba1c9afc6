import Foundation
import XCTest

/// `plugin check` through the real `segue` binary: every example plugin under
/// Plugins/ and every `plugin new` template is built, loaded and passes its
/// contract; a plugin that breaks its contract fails the run.
final class PluginCheckTests: XCTestCase {
    var folder = ""
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: TerminalDriver.binary), "needs the built segue binary")
        folder = NSTemporaryDirectory() + "segue-plugin-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    /// Runs `lines` as a session file with plugins allowed.
    func run(_ lines: [String]) throws -> (status: Int32, output: String) {
        let file = "\(folder)/check.segue"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return TerminalDriver.run(TerminalDriver.binary, ["run", "--allow-plugins", file])
    }

    func testEveryExamplePluginPassesPluginCheck() throws {
        let plugins = try FileManager.default.contentsOfDirectory(atPath: "\(Self.root)/Plugins")
            .filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertTrue(Set(["DriftingTaste", "DiverseSampler", "SoftmaxAgent"]).isSubset(of: plugins), "\(plugins)")
        let result = try run(plugins.map { "plugin check \(Self.root)/Plugins/\($0)" })
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertFalse(result.output.contains("FAIL"), result.output)
        for plugin in plugins {
            XCTAssertTrue(result.output.contains("loaded plugin \(plugin):"), result.output)
            XCTAssertTrue(result.output.contains("plugin \(plugin): 1 component, checked over world demo tracks=300 users=30"), result.output)
        }
        for check in ["ok   probabilities:", "ok   deterministic outputs:", "ok   no repeats, every action kind:",
                      "ok   unreadable actions refused:", "ok   actions accepted:", "ok   deterministic actions:"] {
            XCTAssertTrue(result.output.contains(check), "\(check)\n\(result.output)")
        }
    }

    func testEveryTemplatePassesPluginCheckAsWritten() throws {
        let kinds = ["user-model", "track-sampler", "episode-sampler", "termination", "tracker", "agent"]
        let names = kinds.map { "New" + $0.split(separator: "-").map { $0.capitalized }.joined() }
        let lines = zip(names, kinds).map { "plugin new \($0) --kind \($1) folder=\(folder)" }
            + names.map { "plugin check \(folder)/\($0)" } + ["plugin list"]
        let result = try run(lines)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertFalse(result.output.contains("FAIL"), result.output)
        for (name, kind) in zip(names, kinds) {
            XCTAssertTrue(result.output.contains("\(name): new-\(kind)-v1 (\(kind))"), result.output)
        }
    }

    func testAPluginThatBreaksItsContractFailsTheCheck() throws {
        let plugin = "\(folder)/Overconfident"
        try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
        try """
        import SegueCore
        final class Overconfident: UserModel {
            func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { 1.5 }
        }
        @_cdecl("segue_plugin_api_version") public func segueAPIVersion() -> Int32 { PluginAPI.version }
        @_cdecl("segue_plugin_register") public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
            PluginRegistrar.from(pointer).register(ComponentDescriptor(
                kind: .userModel, name: "overconfident", summary: "P = 1.5", make: { _, _ in Overconfident() }))
        }
        """.write(toFile: "\(plugin)/Overconfident.swift", atomically: true, encoding: .utf8)
        let result = try run(["plugin load \(plugin)", "plugin check Overconfident"])
        XCTAssertEqual(result.status, 1, result.output)
        XCTAssertTrue(result.output.contains("FAIL probabilities: P(listen) = 1.5 is not a probability"), result.output)
        XCTAssertTrue(result.output.contains("check.segue:2: plugin Overconfident failed 1 of 9 checks"), result.output)
    }
}
