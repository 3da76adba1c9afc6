/// A component named with its parameters, as a recipe or the shell writes it:
/// `consecutive-skips(limit=3)` or `random-pool`.
public struct ComponentSpec: Sendable, Equatable, Codable, CustomStringConvertible {
    public var name: String
    /// Parameters as text, in the order given.
    public var parameters: [String: String]
    var order: [String]

    public init(_ name: String, _ parameters: [(String, String)] = []) {
        self.name = name
        self.parameters = Dictionary(parameters, uniquingKeysWith: { _, last in last })
        self.order = parameters.map(\.0)
    }

    /// Parameters in the order given.
    public var orderedParameters: [(String, String)] {
        order.compactMap { key in parameters[key].map { (key, $0) } }
    }

    /// Parses `name` or `name(key=value, key=value)`. A value holding commas
    /// (a list, e.g. `abandonment(hazard="0.02,0.08,0.2")`) is written in
    /// quotes, which are removed, or bare: a part without `=` continues the
    /// value before it.
    /// - Throws: `SegueError` for unbalanced parentheses or a pair without `=`.
    public static func parse(_ text: String) throws -> ComponentSpec {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.firstIndex(of: "(") else {
            guard !trimmed.isEmpty else { throw SegueError("empty component name") }
            return ComponentSpec(trimmed)
        }
        guard trimmed.hasSuffix(")") else {
            throw SegueError("'\(text)': missing ')'", hint: "write name(key=value, ...)")
        }
        let name = String(trimmed[..<open])
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        var pairs: [(String, String)] = []
        for part in splitTopLevel(String(inner), separator: ",") where !part.isEmpty {
            // A part without '=' after a pair continues that pair's list value: hazard=0.02,0.08,0.2.
            if !part.contains("="), let last = pairs.popLast() {
                pairs.append((last.0, last.1 + "," + part))
                continue
            }
            guard let eq = part.firstIndex(of: "=") else {
                throw SegueError("'\(text)': '\(part)' is not key=value",
                                 hint: "write name(key=value, ...); a list value goes in double quotes: key=\"a,b,c\"")
            }
            var value = String(part[part.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q { value = String(value.dropFirst().dropLast()) }
            pairs.append((String(part[..<eq]).trimmingCharacters(in: .whitespaces), value))
        }
        return ComponentSpec(name, pairs)
    }

    /// Splits on `separator` outside parentheses and quotes.
    public static func splitTopLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var depth = 0
        var quote: Character?
        var current = ""
        for ch in text {
            if ch == quote { quote = nil } else if quote == nil, ch == "\"" || ch == "'" { quote = ch }
            let quoted = quote != nil || ch == "\"" || ch == "'"
            if ch == "(" && !quoted { depth += 1 }
            if ch == ")" && !quoted { depth -= 1 }
            if ch == separator && depth == 0 && !quoted {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    public var description: String {
        let pairs = orderedParameters
        // A value with a comma or parenthesis is quoted, so the description parses back to the same spec.
        func written(_ value: String) -> String { value.contains { ",()".contains($0) } ? "\"\(value)\"" : value }
        return pairs.isEmpty ? name : "\(name)(\(pairs.map { "\($0.0)=\(written($0.1))" }.joined(separator: ", ")))"
    }
}

import Foundation
