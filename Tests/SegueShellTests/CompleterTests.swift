import Foundation
import XCTest
import SegueCore
@testable import SegueShell

/// Completion comes from the same declarations as validation: option keys from
/// a command's options (and the forwarded component's parameters), values by
/// the option's declared type.
final class CompleterTests: XCTestCase {
    var session: ShellSession!
    var completer: Completer!

    override func setUpWithError() throws {
        let folder = NSTemporaryDirectory() + "segue-completer-\(UUID().uuidString.prefix(8))"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        session = ShellSession()
        session.sink = { _ in }
        session.statusSink = { _, _ in }
        for line in ["world demo tracks=300 users=40 sessions=300 folder=\(folder)", "env seed=1", "v = env seed=2",
                     "m = train-model cwm epochs=1", "a = agent random", "results = compare random popularity episodes=3"] {
            try session.execute(line)
        }
        completer = Completer(session: session)
    }

    func testRecipeKeysCompleteOnlyWhatFitsTheirType() {
        let users = completer.complete(word: "", before: "e = env user=")
        XCTAssertTrue(users.contains("truth"), "\(users)")
        XCTAssertTrue(users.contains("m"), "a trained model stands for a user model: \(users)")
        for wrong in ["world", "env", "v", "results", "a", "random"] {
            XCTAssertFalse(users.contains(wrong), "`user=` offered '\(wrong)': \(users)")
        }
        XCTAssertEqual(completer.complete(word: "", before: "rollout random env="), ["env", "v"])
        XCTAssertEqual(completer.complete(word: "", before: "model-report m part="), ["all", "test", "train", "validation"])
        XCTAssertEqual(completer.complete(word: "t", before: "env world=world user=m "), ["trackers="])
    }

    func testKeysComeFromTheDeclarationAndTheForwardedComponent() {
        XCTAssertEqual(completer.complete(word: "ep", before: "rollout random "), ["episodes="])
        XCTAssertEqual(completer.complete(word: "lear", before: "a2 = agent ahdqn "), ["learning-rate=", "learning-starts="])
        XCTAssertTrue(completer.complete(word: "", before: "train-model swm ").contains("head="))
        XCTAssertFalse(completer.complete(word: "", before: "train-model cwm ").contains("head="), "CWM has no head")
        XCTAssertEqual(completer.complete(word: "", before: "agent greedy model="), completer.complete(word: "", before: "env user="))
    }

    func testHelpListsEachOptionWithTypeDefaultRangeAndHelp() throws {
        let text = try session.commands.command("rollout").help
        XCTAssertTrue(text.contains("options:"), text)
        XCTAssertTrue(text.contains("  episodes  int = 100 in 1...1000000000  — episodes to play, the environment's next ones"), text)
        XCTAssertTrue(text.contains("  env       env = env  — the environment (a value made by `env`)"), text)
        // Printed, help wraps at the width (72 in session files) between words,
        // continuing under the description column.
        try session.execute("help compare")
        let printed = session.cells.last!.output
        XCTAssertTrue(printed.allSatisfy { $0.count <= 72 }, printed.joined(separator: "\n"))
        XCTAssertEqual(printed.joined(separator: " ").split(separator: " ").joined(separator: " "),
                       try session.commands.command("compare").help.split(separator: "\n").joined(separator: " ")
                        .split(separator: " ").joined(separator: " "), "wrapping only moves line breaks")
        try session.execute("describe cwm")
        XCTAssertTrue(session.cells.last!.output.contains { $0.contains("lr          double = 0.002 in 1e-07...1  — Adam learning rate") },
                      session.cells.last!.output.joined(separator: "\n"))
    }

    func testHelpReflowsProseToTheWidth() throws {
        // log-sessions' discussion is written in source lines of ~105 columns;
        // at 72 they must become full lines, not a long one and a stub each.
        try session.execute("help log-sessions")
        let printed = session.cells.last!.output
        let start = try XCTUnwrap(printed.firstIndex { $0.hasPrefix("Plays episodes") }, printed.joined(separator: "\n"))
        let end = try XCTUnwrap(printed[start...].firstIndex { $0.isEmpty })
        let paragraph = Array(printed[start..<end])
        XCTAssertTrue(paragraph.allSatisfy { $0.count <= 72 && !$0.hasPrefix(" ") }, paragraph.joined(separator: "\n"))
        for (line, next) in zip(paragraph, paragraph.dropFirst()) {
            let word = next.split(separator: " ").first.map(String.init) ?? ""
            XCTAssertGreaterThan(line.count + 1 + word.count, 72, "'\(word)' would have fit after:\n\(line)")
        }
        XCTAssertEqual(TextWrapping.reflow("a\nb\n\n  code\n  more\n- item\n  cont\n- next\ntail"),
                       "a b\n\n  code\n  more\n- item\n  cont\n- next tail")
    }
}
