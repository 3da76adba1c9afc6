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

    /// Parses `name` or `name(key=value, key=value)`.
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
            guard let eq = part.firstIndex(of: "=") else {
                throw SegueError("'\(text)': '\(part)' is not key=value", hint: "write name(key=value, ...)")
            }
            pairs.append((String(part[..<eq]).trimmingCharacters(in: .whitespaces),
                          String(part[part.index(after: eq)...]).trimmingCharacters(in: .whitespaces)))
        }
        return ComponentSpec(name, pairs)
    }

    /// Splits on `separator` outside parentheses.
    public static func splitTopLevel(_ text: String, separator: Character) -> [String] {
        var parts: [String] = []
        var depth = 0
        var current = ""
        for ch in text {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if ch == separator && depth == 0 {
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
        return pairs.isEmpty ? name : "\(name)(\(pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")))"
    }
}

import Foundation
