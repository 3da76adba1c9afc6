import Foundation
import SegueCore

/// Replays a session file and compares each command's output with the
/// output recorded below it as `#>` lines.
///
/// Numbers are compared with a relative tolerance (default 1e-6; a file may
/// set its own with a `#! tolerance 0.01` line); everything else must match
/// exactly. A mismatch is reported as a diff naming FILE:LINE.
public struct SessionCheck {
    /// One command of a session file with what it printed when recorded.
    struct Entry {
        var line: Int
        var input: String
        var expected: [String]
    }

    public let session: ShellSession

    public init(session: ShellSession) { self.session = session }

    /// What a check found: a note on how the file's numbers were made (when that
    /// differs from this process), the first differing cell in full, and the lines
    /// of the later differing cells, which usually only follow from the first.
    public struct Outcome {
        /// One line when the file's `#! numerics` header differs from this run's.
        public var note: String?
        /// A diff of each differing cell, in file order, each naming FILE:LINE.
        public var differences: [String] = []
        /// FILE:LINE of each differing cell.
        public var places: [String] = []

        public var passed: Bool { differences.isEmpty }

        /// What `segue check` prints for a failing file: the note, the first
        /// difference in full, then one line naming the later ones.
        public var report: [String] {
            var lines = note.map { [$0] } ?? []
            guard let first = differences.first else { return lines }
            lines.append(first)
            if places.count > 1 {
                let shown = places.dropFirst().prefix(8).map { $0.split(separator: ":").last.map(String.init) ?? $0 }
                let more = places.count - 1 > 8 ? ", …" : ""
                let one = places.count == 2
                lines.append("   and \(places.count - 1) later \(one ? "cell differs (line" : "cells differ (lines") "
                             + "\(shown.joined(separator: ", "))\(more))")
            }
            return lines
        }
    }

    /// Checks `file`.
    /// - Returns: the outcome; `passed` when every cell matches.
    /// - Throws: `SegueError` when the file cannot be read or a command fails.
    public func check(file: String) throws -> Outcome {
        let (entries, header, tolerance) = try SessionCheck.read(file: file, lines: try ScriptRunner.lines(of: file),
                                                                  tolerance: session.tolerance)
        var outcome = Outcome(note: NumericsHeader.note(recorded: header, file: file))
        for entry in entries {
            let before = session.cells.count
            do {
                try session.execute(entry.input)
            } catch {
                // A recorded failure that fails again the same way is a match.
                if !(entry.expected.last?.hasPrefix("error:") ?? false) {
                    throw SegueError("\(file):\(entry.line): \(error)")
                }
            }
            let actual = session.cells.count > before ? session.cells[session.cells.count - 1].output : []
            if !SessionCheck.matches(actual, entry.expected, tolerance: tolerance) {
                outcome.places.append("\(file):\(entry.line)")
                outcome.differences.append("\(file):\(entry.line): output of `\(entry.input)` differs\n"
                                           + SessionCheck.diff(expected: entry.expected, actual: actual))
            }
        }
        return outcome
    }

    /// The commands of a session file's `lines` with the output recorded below
    /// each (`#>` lines), its `#! numerics` header, and its tolerance (`#! tolerance
    /// X`, else `tolerance`); `#! param` values are substituted into the commands.
    /// Nothing is run (the fuzz target `session` drives this).
    /// - Throws: `SegueError` naming FILE:LINE for a malformed `#! param` line or
    ///   an undeclared `${NAME}`.
    static func read(file: String, lines: [String], tolerance: Double) throws
        -> (entries: [Entry], header: NumericsHeader?, tolerance: Double) {
        var tolerance = tolerance
        var entries: [Entry] = []
        var header: NumericsHeader?
        let parameters = try SessionParameters(file: file, lines: lines)
        for (number, raw) in ScriptRunner.joiningContinuations(lines) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#!") {
                let words = line.dropFirst(2).split(separator: " ")
                if words.first == "tolerance", let value = words.dropFirst().first.flatMap({ Double($0) }) {
                    tolerance = value
                }
                if let parsed = NumericsHeader(line: line) { header = parsed }
            } else if line.hasPrefix("#>") {
                var text = String(line.dropFirst(2))
                if text.hasPrefix(" ") { text.removeFirst() }
                if !entries.isEmpty { entries[entries.count - 1].expected.append(text) }
            } else if !line.isEmpty && !line.hasPrefix("#") {
                entries.append(Entry(line: number + 1, input: try parameters.substitute(line, at: number + 1), expected: []))
            }
        }
        return (entries, header, tolerance)
    }

    /// Replays `file` and returns its text with every command's recorded
    /// output replaced by what it prints now (comments and inputs kept), under a
    /// first line that says how the numbers were made (`#! numerics …`).
    /// - Throws: `SegueError` with FILE:LINE when a command fails.
    public func record(file: String) throws -> String {
        var out: [String] = [NumericsHeader.current.line]
        let lines = try ScriptRunner.lines(of: file)
        let parameters = try SessionParameters(file: file, lines: lines)
        for (number, raw) in ScriptRunner.joiningContinuations(lines) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#>") || NumericsHeader(line: line) != nil { continue }
            out.append(raw)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let before = session.cells.count
            let input = try parameters.substitute(line, at: number + 1)
            do {
                try session.execute(input)
            } catch {
                throw SegueError("\(file):\(number + 1): \(error)")
            }
            if session.cells.count > before {
                out += session.cells[session.cells.count - 1].output.map { $0.isEmpty ? "#>" : "#> \($0)" }
            }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// Whether two outputs agree, numbers within `tolerance` (relative).
    static func matches(_ actual: [String], _ expected: [String], tolerance: Double) -> Bool {
        func trimmed(_ lines: [String]) -> [String] {
            var l = lines.map { $0.trimmingTrailing() }
            while l.last == "" { l.removeLast() }
            return l
        }
        let a = trimmed(actual), e = trimmed(expected)
        guard a.count == e.count else { return false }
        return zip(a, e).allSatisfy { lineMatches($0, $1, tolerance: tolerance) }
    }

    static func lineMatches(_ a: String, _ e: String, tolerance: Double) -> Bool {
        if a == e { return true }
        let ta = tokens(a), te = tokens(e)
        guard ta.count == te.count else { return false }
        for (x, y) in zip(ta, te) where x != y {
            guard let u = Double(x), let v = Double(y) else { return false }
            if abs(u - v) > tolerance * max(abs(u), abs(v), 1) { return false }
        }
        return true
    }

    /// Splits a line into number and non-number runs.
    static func tokens(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var numeric = false
        for ch in line {
            let isNumberChar = ch.isNumber || ch == "." || ((ch == "-" || ch == "+" || ch == "e") && numeric)
                || ((ch == "-" || ch == "+") && !numeric)
            if isNumberChar != numeric && !current.isEmpty {
                out.append(current)
                current = ""
            }
            numeric = isNumberChar
            current.append(ch)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A small unified-style diff of two outputs.
    static func diff(expected: [String], actual: [String]) -> String {
        var lines: [String] = []
        for i in 0..<max(expected.count, actual.count) {
            let e = i < expected.count ? expected[i] : nil
            let a = i < actual.count ? actual[i] : nil
            if e == a { lines.append("   \(e ?? "")"); continue }
            if let e { lines.append(" - \(e)") }
            if let a { lines.append(" + \(a)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailing() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
