import Foundation
import XCTest
import SegueCore
@testable import SegueShell

/// `plugin new` and `plugin check` through a shell session, in process (this
/// test target does not export symbols to plugins, so nothing is loaded here;
/// PluginCheckTests and PluginTerminalTests load through the real binary).
final class PluginCommandTests: XCTestCase {
    var folder = ""

    override func setUp() {
        folder = NSTemporaryDirectory() + "segue-plugin-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: folder) }

    func session() -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        return s
    }

    func message(_ s: ShellSession, _ line: String) -> String {
        do { try s.execute(line); return "no error" } catch { return "\(error)" }
    }

    func testPluginNewWritesATemplateForEachKindAndSaysWhatIsNext() throws {
        let s = session()
        try s.execute("plugin new Drifty --kind user-model folder=\(folder)")
        XCTAssertEqual(s.cells.last!.output, [
            "wrote \(folder)/Drifty/Drifty.swift: user-model 'drifty'",
            "next: plugin load \(folder)/Drifty   then   plugin check Drifty",
        ])
        // The kind may come first, and be given as kind=.
        try s.execute("plugin new --kind agent Picky folder=\(folder)")
        try s.execute("plugin new Ender kind=termination folder=\(folder)")
        let source = try String(contentsOfFile: "\(folder)/Picky/Picky.swift", encoding: .utf8)
        XCTAssertTrue(source.contains("final class Picky: Agent"), source)
        XCTAssertTrue(source.contains("name: \"picky\""), source)
        XCTAssertTrue(source.contains("@_cdecl(\"segue_plugin_api_version\")"), source)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder)/Ender/Ender.swift"))
    }

    func testPluginNewRefusesBadInputWithClearMessages() throws {
        let s = session()
        try s.execute("plugin new Taken --kind tracker folder=\(folder)")
        XCTAssertTrue(message(s, "plugin new Taken --kind agent folder=\(folder)").contains("already exists; plugin new never overwrites a folder"))
        XCTAssertTrue(message(s, "plugin new bad-name --kind agent folder=\(folder)").contains("may hold only ASCII letters and digits"))
        XCTAssertTrue(message(s, "plugin new NoKind folder=\(folder)").contains("plugin new needs a kind: --kind KIND"))
        XCTAssertTrue(message(s, "plugin new W --kind world folder=\(folder)").contains("no template for kind 'world'"))
        XCTAssertTrue(message(s, "plugin new W --kind agnet folder=\(folder)").contains("did you mean 'agent'"))
        XCTAssertTrue(message(s, "plugin new --kind agent folder=\(folder)").contains("plugin new needs a name"))
        XCTAssertTrue(message(s, "plugin nwe").contains("did you mean 'new'"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["Taken"])
    }

    func testPluginCheckAndLoadNameWhatIsMissing() throws {
        let s = session()
        XCTAssertTrue(message(s, "plugin check Nothing").contains("no loaded plugin or plugin folder 'Nothing'"))
        XCTAssertTrue(message(s, "plugin check").contains("plugin check needs a loaded plugin's name or a plugin folder"))
        XCTAssertTrue(message(s, "plugin load \(folder)/Missing").contains("no plugin at '\(folder)/Missing': no such file or folder"))
        s.pluginsAllowed = false
        XCTAssertTrue(message(s, "plugin load Plugins/ConstantListener").contains("--allow-plugins"))
        XCTAssertTrue(message(s, "plugin list") == "no error")
        XCTAssertEqual(s.cells.last!.output, ["no plugins loaded"])
    }
}
