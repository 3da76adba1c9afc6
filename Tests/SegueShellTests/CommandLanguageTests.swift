import XCTest
import SegueCore
@testable import SegueShell

/// The command table and the parsing of command lines.
final class CommandLanguageTests: XCTestCase {
    func testCommandTableHasNoDuplicatesAndEveryCommandIsDocumented() {
        let table = ShellSession().commands
        XCTAssertEqual(Set(table.names).count, table.names.count)
        for command in table.commands {
            XCTAssertFalse(command.abstract.isEmpty, command.name)
            XCTAssertTrue(command.usage.contains(command.name), "usage of \(command.name) names it: \(command.usage)")
            XCTAssertTrue(table.overview.contains("  \(command.name) "), "help lists \(command.name)")
            XCTAssertTrue(command.help.hasPrefix("usage: \(command.usage)"))
            if command.makesValue { XCTAssertTrue(command.usage.hasPrefix("[NAME =]"), command.name) }
        }
    }

    func testWordsKeepQuotesAndParenthesesTogether() throws {
        XCTAssertEqual(try Tokenizer.words("env episodes=random-pool(size=20, x=1) end=a,b  # note"),
                       ["env", "episodes=random-pool(size=20, x=1)", "end=a,b"])
        XCTAssertEqual(try Tokenizer.words("echo \"two words\" ''"), ["echo", "two words", ""])
        XCTAssertThrowsError(try Tokenizer.words("echo \"open"))
        XCTAssertThrowsError(try Tokenizer.words("env x=a(b"))
    }

    func testInvocationsSplitTargetPositionalOptionsAndFlags() throws {
        let inv = try Invocation("ev = compare random greedy(model=truth) episodes=10 --fast")
        XCTAssertEqual(inv.target, "ev")
        XCTAssertEqual(inv.command, "compare")
        XCTAssertEqual(inv.positional, ["random", "greedy(model=truth)"])
        XCTAssertEqual(inv.option("episodes"), "10")
        XCTAssertEqual(inv.flags, ["fast"])
        XCTAssertThrowsError(try Invocation("1x = world demo"))
        XCTAssertThrowsError(try Invocation("w ="))
    }

    func testOutputComparisonToleratesSmallNumericDifferencesOnly() {
        XCTAssertTrue(SessionCheck.matches(["return 4.978 ± 0.441"], ["return 4.9780001 ± 0.441"], tolerance: 1e-6))
        XCTAssertFalse(SessionCheck.matches(["return 4.978 ± 0.441"], ["return 4.979 ± 0.441"], tolerance: 1e-6))
        XCTAssertTrue(SessionCheck.matches(["return 4.978 ± 0.441"], ["return 4.979 ± 0.441"], tolerance: 1e-2))
        XCTAssertFalse(SessionCheck.matches(["random  5"], ["greedy  5"], tolerance: 1))
        XCTAssertFalse(SessionCheck.matches(["a", "b"], ["a"], tolerance: 1))
        XCTAssertTrue(SessionCheck.matches(["a", ""], ["a"], tolerance: 0))
    }
}
