import Foundation
import XCTest
import SegueCore
@testable import SegueShell

/// Every row of docs/bad-inputs.md, run as typed: the input fails with exactly
/// the message the table shows, and the session keeps every value it held.
/// The table is the documentation and the test at once, so neither drifts.
final class BadInputTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let table = root.appendingPathComponent("docs/bad-inputs.md").path
    /// A damaged model file the table loads (fixed bytes, so the message is fixed).
    static let damaged = "/tmp/segue-bad-input.safetensors"

    /// The table's rows: input (between backticks) and message.
    static func rows() throws -> [(input: String, message: String)] {
        let text = try String(contentsOfFile: table, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `"), let close = line.range(of: "` | ") else { return nil }
            let input = String(line[line.index(line.startIndex, offsetBy: 3)..<close.lowerBound])
            var message = String(line[close.upperBound...])
            if message.hasSuffix(" |") { message.removeLast(2) }
            return (input.replacingOccurrences(of: "\\|", with: "|"), message.replacingOccurrences(of: "\\|", with: "|"))
        }
    }

    func testEveryBadInputGetsItsMessageAndTheSessionKeepsItsState() throws {
        let folder = NSTemporaryDirectory() + "segue-bad-input-\(UUID().uuidString.prefix(8))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        try String(repeating: "garbage ", count: 40).write(toFile: Self.damaged, atomically: true, encoding: .utf8)
        let s = ShellSession()
        s.sink = { _ in }
        s.statusSink = { _, _ in }
        for line in ["world demo tracks=300 users=40 sessions=400 folder=\(folder)", "env seed=1", "a = agent ahdqn",
                     "m = train-model cwm epochs=1", "results = compare random popularity episodes=5"] {
            try s.execute(line)
        }
        let before = s.valueOrder
        let rows = try Self.rows()
        XCTAssertGreaterThanOrEqual(rows.count, 30, "the table should hold at least 30 bad inputs")
        for row in rows {
            do {
                try s.execute(row.input)
                XCTFail("`\(row.input)` ran without an error")
            } catch {
                XCTAssertEqual("\(error)", row.message, "`\(row.input)`")
            }
            XCTAssertEqual(s.valueOrder, before, "`\(row.input)` changed the session's values")
        }
        // Every command that takes options has a typo'd key among the rows.
        let typed = Set(rows.compactMap { row in row.message.contains("has no option") ? row.input.split(separator: " ").first.map(String.init) : nil })
        for command in s.commands.commands where !command.options.isEmpty {
            XCTAssertTrue(typed.contains(command.name), "no row tries a typo'd option of `\(command.name)`")
        }
    }
}
