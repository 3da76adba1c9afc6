import Foundation
import SegueCore

/// The parameters a session file declares with `#! param NAME DEFAULT` lines
/// and uses as `${NAME}` in its commands, with the values one run gives them.
///
/// `segue run FILE` uses the defaults, `segue run FILE lr=3e-4` overrides
/// one, and each task of `segue sweep` sets every swept name. Values are
/// text: they are pasted into the command line as written, so `lr=3e-4`
/// reaches the command exactly as `3e-4`.
public struct SessionParameters: Equatable {
    /// One declared parameter.
    public struct Declaration: Equatable {
        public var name: String
        public var defaultValue: String
        /// The line of the file that declares it (1-based).
        public var line: Int
    }

    /// The file the declarations come from, for messages.
    public let file: String
    /// Declarations in file order.
    public private(set) var declarations: [Declaration] = []
    /// The value of each name for this run: defaults, then overrides.
    public private(set) var values: [String: String] = [:]

    /// The declarations of `lines` (the text of `file`).
    /// - Throws: `SegueError` naming FILE:LINE for a malformed or repeated
    ///   `#! param` line or a name that is not a plain identifier.
    public init(file: String, lines: [String]) throws {
        self.file = file
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("#!") else { continue }
            let words = line.dropFirst(2).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard words.first == "param" else { continue }
            let place = "\(file):\(number + 1)"
            guard words.count == 3 else {
                throw SegueError("\(place): a parameter line is `#! param NAME DEFAULT`, got '\(line)'",
                                 hint: "one name and one default value without spaces, e.g. `#! param lr 3e-4`")
            }
            let name = words[1]
            guard SessionParameters.isName(name) else {
                throw SegueError("\(place): '\(name)' is not a parameter name", hint: "use letters, digits, '_' and '-', starting with a letter")
            }
            if let earlier = declarations.first(where: { $0.name == name }) {
                throw SegueError("\(place): parameter '\(name)' is declared twice", hint: "it is first declared on line \(earlier.line)")
            }
            declarations.append(Declaration(name: name, defaultValue: words[2], line: number + 1))
            values[name] = words[2]
        }
    }

    /// The declarations of `file`, read from disk.
    public init(file: String) throws {
        try self.init(file: file, lines: try ScriptRunner.lines(of: file))
    }

    /// Names in declaration order.
    public var names: [String] { declarations.map(\.name) }

    /// Sets `name` to `value` for this run.
    /// - Throws: `SegueError` when the file declares no such parameter, with
    ///   "did you mean" and the names it does declare.
    public mutating func set(_ name: String, to value: String) throws {
        guard values[name] != nil else {
            let near = Suggestions.closest(to: name, in: names).map { " — did you mean '\($0)'?" } ?? ""
            throw SegueError("\(file) has no parameter '\(name)'\(near)",
                             hint: names.isEmpty ? "declare one in the file: `#! param \(name) DEFAULT`"
                                                 : "its parameters: \(names.joined(separator: ", "))")
        }
        guard !value.isEmpty, !value.contains(where: { $0.isWhitespace }) else {
            throw SegueError("parameter '\(name)' needs a value without spaces, got '\(value)'")
        }
        values[name] = value
    }

    /// Sets each `NAME=VALUE` of `assignments`.
    /// - Throws: `SegueError` for text that is not `NAME=VALUE` or an unknown name.
    public mutating func set(assignments: [String]) throws {
        for text in assignments {
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                throw SegueError("'\(text)' is not NAME=VALUE", hint: "e.g. `segue run FILE lr=3e-4`")
            }
            try set(String(text[..<eq]), to: String(text[text.index(after: eq)...]))
        }
    }

    /// `line` with every `${NAME}` replaced by its value.
    /// - Throws: `SegueError` naming FILE:LINE for an undeclared name or an
    ///   unclosed `${`.
    public func substitute(_ line: String, at lineNumber: Int) throws -> String {
        guard line.contains("${") else { return line }
        var out = ""
        var rest = Substring(line)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw SegueError("\(file):\(lineNumber): '${' without a closing '}'", hint: "write a parameter as ${NAME}")
            }
            let name = String(rest[open.upperBound..<close])
            guard let value = values[name] else {
                let near = Suggestions.closest(to: name, in: names).map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError("\(file):\(lineNumber): no parameter '\(name)' for ${\(name)}\(near)",
                                 hint: "declare it in the file with a default: `#! param \(name) DEFAULT`")
            }
            out += value
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Whether `text` can name a parameter.
    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
