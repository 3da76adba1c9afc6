import Foundation
import SegueCore

/// Replays session files: each line through the same dispatcher as the
/// keyboard, recorded `#>` output ignored; the first error stops the run
/// with FILE:LINE.
public struct ScriptRunner {
    public let session: ShellSession

    public init(session: ShellSession) { self.session = session }

    /// The lines of `file`.
    /// - Throws: `SegueError` when it cannot be read.
    public static func lines(of file: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SegueError("cannot read session file '\(file)'", hint: "check the path; session files live under Sessions/")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    }

    /// Runs every command line of `file`.
    /// - Throws: `SegueError` prefixed with `FILE:LINE:` at the first failure.
    public func run(file: String) throws {
        try run(lines: ScriptRunner.lines(of: file), source: file)
    }

    /// Runs every command line of `lines`, read from `source` (a file, or
    /// `<stdin>`).
    /// - Throws: `SegueError` prefixed with `SOURCE:LINE:` at the first failure.
    public func run<Lines: Sequence<String>>(lines: Lines, source file: String) throws {
        for (number, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if session.isInteractive == false { session.sink("segue> \(trimmed)") }
            do {
                try session.execute(trimmed)
            } catch let error as SegueError {
                throw SegueError("\(file):\(number + 1): \(error.message)", hint: error.hint)
            } catch {
                throw SegueError("\(file):\(number + 1): \(error)")
            }
        }
    }
}
