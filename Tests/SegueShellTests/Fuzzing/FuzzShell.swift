import Foundation
import SegueCore
@testable import SegueShell

/// Fuzz entry for the shell's command language: each line of the input goes
/// through what `ShellSession.execute` does before running a command — the
/// replay marker (`#! interrupt N`), the tokenizer, the `Invocation` parser,
/// the command lookup and the command's option validation (`Command.validated`)
/// — without running it.
enum FuzzShell {
    /// The session whose commands and registry validate the lines (built once).
    static let session = ShellSession()

    /// How many lines passed validation.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Int {
        var valid = 0
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n").prefix(64) {
            if validate(String(line)) { valid += 1 }
        }
        return valid
    }

    /// Whether `line` is a command the session would run, as written.
    static func validate(_ line: String) -> Bool {
        let (trimmed, _) = Replay.parse(line)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return false }
        do {
            _ = try Tokenizer.words(trimmed)
            let invocation = try Invocation(trimmed)
            let command = try session.commands.command(invocation.command)
            _ = try command.validated(invocation, registry: session.registry)
            return true
        } catch {
            _ = "\(error)"
            return false
        }
    }
}
