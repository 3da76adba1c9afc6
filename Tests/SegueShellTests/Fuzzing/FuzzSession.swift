import Foundation
import SegueCore
@testable import SegueShell

/// Fuzz entry for the session-file reader: the input is read as a session file
/// as `segue check` reads it (`#! param`, `#! tolerance`, `#! numerics` lines,
/// `${NAME}` substitution, `#>` recorded output), without running commands;
/// each command is then validated as the shell would (see `FuzzShell`); each
/// cell's recorded output must match itself under the file's tolerance, and
/// the number/text runs `check` compares must put each line back together.
enum FuzzSession {
    /// How many commands the file holds, or nil when it is refused.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Int? {
        let path = FuzzScratch.write(bytes, name: "fuzz.segue")
        do {
            let lines = try ScriptRunner.lines(of: path)
            var parameters = try SessionParameters(file: path, lines: lines)
            if let first = parameters.names.first { try? parameters.set(first, to: "1") }
            let (entries, header, tolerance) = try SessionCheck.read(file: path, lines: lines, tolerance: 1e-6)
            _ = NumericsHeader.note(recorded: header, file: path)
            for entry in entries.prefix(64) {
                _ = FuzzShell.validate(entry.input)
                if tolerance >= 0, !SessionCheck.matches(entry.expected, entry.expected, tolerance: tolerance) {
                    fatalError("fuzz: recorded output of \(path):\(entry.line) does not match itself")
                }
                for line in entry.expected.prefix(64) where SessionCheck.tokens(line).joined() != line {
                    fatalError("fuzz: check's tokens of a #> line do not add up to the line")
                }
                _ = SessionCheck.diff(expected: entry.expected, actual: [])
            }
            return entries.count
        } catch {
            _ = "\(error)"
            return nil
        }
    }
}
