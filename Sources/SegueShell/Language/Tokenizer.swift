import SegueCore

/// Splits a command line into words: whitespace separates, double or single
/// quotes group, parentheses keep `name(key=value, key=value)` together, and
/// `#` outside quotes starts a comment.
public enum Tokenizer {
    /// The words of `line`.
    /// - Throws: `SegueError` for an unterminated quote or unbalanced parentheses.
    public static func words(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var depth = 0
        var started = false
        for ch in line {
            if let q = quote {
                if ch == q {
                    quote = nil
                    if depth > 0 { current.append(ch) }   // a component's quoted value keeps its quotes for ComponentSpec
                } else {
                    current.append(ch)
                }
                continue
            }
            switch ch {
            case "\"", "'":
                quote = ch
                started = true
                if depth > 0 { current.append(ch) }
            case "(":
                depth += 1
                current.append(ch)
            case ")":
                depth -= 1
                guard depth >= 0 else { throw SegueError("unbalanced ')' in: \(line)") }
                current.append(ch)
            case "#" where depth == 0 && current.isEmpty:
                if started || !current.isEmpty { words.append(current) }
                return words
            case " " where depth == 0, "\t" where depth == 0:
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            default:
                current.append(ch)
                started = true
            }
        }
        guard quote == nil else { throw SegueError("unterminated quote in: \(line)", hint: "close it with \(quote!)") }
        guard depth == 0 else { throw SegueError("missing ')' in: \(line)") }
        if started || !current.isEmpty { words.append(current) }
        return words
    }
}

/// A parsed command line: an optional `name =` target, the command word,
/// positional words, `key=value` options and `--flags`.
public struct Invocation {
    /// The value name in `name = command ...`, if any.
    public var target: String?
    public var command: String
    public var positional: [String]
    /// `key=value` pairs, in the order given.
    public var options: [(key: String, value: String)]
    public var flags: Set<String>
    /// The line as typed.
    public var line: String
    /// The command's declared options, parsed and defaulted: set when the
    /// session validates the invocation against its command (`Command.validated`).
    public internal(set) var declared: Parameters?

    /// Parses a line.
    /// - Throws: `SegueError` for bad quoting or a malformed assignment.
    public init(_ line: String) throws {
        self.line = line
        var words = try Tokenizer.words(line)
        target = nil
        if words.count >= 2, words[1] == "=" {
            guard Invocation.isName(words[0]) else {
                throw SegueError("'\(words[0])' cannot name a value", hint: "names are letters, digits and _, starting with a letter")
            }
            target = words[0]
            words.removeFirst(2)
            guard !words.isEmpty else { throw SegueError("nothing after '\(target!) ='", hint: "e.g. \(target!) = world demo") }
        }
        command = words.first ?? ""
        positional = []
        options = []
        flags = []
        for word in words.dropFirst() {
            if word.hasPrefix("--") {
                flags.insert(String(word.dropFirst(2)))
            } else if let eq = word.firstIndex(of: "="), Invocation.isKey(String(word[..<eq])) {
                options.append((String(word[..<eq]), String(word[word.index(after: eq)...])))
            } else {
                positional.append(word)
            }
        }
    }

    /// Letters, digits, `_`, starting with a letter.
    public static func isName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    static func isKey(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// The value of option `key`, if given.
    public func option(_ key: String) -> String? {
        options.last { $0.key == key }?.value
    }
}
