import Foundation
import SegueCore

/// Replays session files: each line through the same dispatcher as the
/// keyboard, recorded `#>` output ignored; the first error stops the run
/// with FILE:LINE.
public struct ScriptRunner {
    public let session: ShellSession
    /// `NAME=VALUE` for the file's `#! param` lines (see `SessionParameters`);
    /// names left out keep their defaults.
    public var assignments: [String] = []

    public init(session: ShellSession, assignments: [String] = []) {
        self.session = session
        self.assignments = assignments
    }

    /// The lines of `file`.
    /// - Throws: `SegueError` when it cannot be read.
    public static func lines(of file: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SegueError("cannot read session file '\(file)'", hint: "check the path; session files live under Sessions/")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    }

    /// Runs every command line of `file`, its `#! param`s set from `assignments`.
    /// - Throws: `SegueError` prefixed with `FILE:LINE:` at the first failure.
    public func run(file: String) throws {
        let lines = try ScriptRunner.lines(of: file)
        var parameters = try SessionParameters(file: file, lines: lines)
        try parameters.set(assignments: assignments)
        try run(lines: lines, source: file, parameters: parameters)
    }

    /// Runs every command line of `lines`, read from `source` (a file, or
    /// `<stdin>`, streamed line by line), with `${NAME}` replaced from
    /// `parameters` when given.
    /// - Throws: `SegueError` prefixed with `SOURCE:LINE:` at the first failure.
    public func run<Lines: Sequence<String>>(lines: Lines, source file: String,
                                             parameters: SessionParameters? = nil) throws {
        for (number, line) in ScriptRunner.joiningContinuations(lines) {
            var trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let parameters { trimmed = try parameters.substitute(trimmed, at: number + 1) }
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

    /// Lines with each `\`-continued line joined to the next (a long command over
    /// several lines, as in a shell), numbered by their first line from 0.
    /// Comments and recorded output are never continued. Lazy, so standard
    /// input runs each command as soon as it is complete.
    public static func joiningContinuations<Lines: Sequence<String>>(_ lines: Lines) -> AnySequence<(Int, String)> {
        AnySequence { () -> AnyIterator<(Int, String)> in
            var source = lines.enumerated().makeIterator()
            return AnyIterator {
                var first: Int?
                var parts: [String] = []
                while let (number, line) = source.next() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    let continued = !trimmed.hasPrefix("#") && trimmed.hasSuffix("\\")
                    if first == nil {
                        first = number
                        if !continued { return (number, line) }   // an ordinary line, untouched
                    }
                    guard continued else {
                        parts.append(trimmed)
                        return (first!, parts.joined(separator: " "))
                    }
                    parts.append(String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces))
                }
                return first.map { ($0, parts.joined(separator: " ")) }
            }
        }
    }
}
