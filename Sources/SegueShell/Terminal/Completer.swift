import SegueCore

/// Tab completion from the live session: commands, component names (built-in
/// and plugin), value names, parameter keys from the schemas, file paths.
public final class Completer {
    let session: ShellSession

    public init(session: ShellSession) { self.session = session }

    /// Candidates for `word`, given the text of the line before it.
    public func complete(word: String, before: String) -> [String] {
        // libedit breaks words at '=' and '(' too: complete the value of `key=`
        // or the parameter keys of `component(`.
        if let last = before.last, last == "=" || last == "(" || last == "," {
            let stem = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            if last == "=" {
                let key = stem.dropLast().split(whereSeparator: { $0 == "(" || $0 == "," }).last.map(String.init) ?? ""
                let words = Completer.commandWords(before)
                let command = words.first.flatMap { try? session.commands.command($0) }
                return valueCompletions(key + "=" + word, command: command, words: words).map {
                    String($0.dropFirst(key.count + 1))
                }
            }
            let component = stem.split(separator: "=").last.map { String($0.split(separator: "(").first ?? "") } ?? ""
            let keys = session.registry.all.filter { $0.name == component || $0.versionedName == component }
                .flatMap { $0.parameters.map { $0.name + "=" } }
            return matching(word, keys)
        }
        let words = Completer.commandWords(before)
        guard let commandName = words.first else {
            return matching(word, session.commands.names + session.valueOrder)
        }
        guard let command = try? session.commands.command(commandName) else { return [] }
        if word.contains("=") { return valueCompletions(word, command: command, words: words) }
        let position = words.count - 1
        let completion = command.completions.isEmpty
            ? Completion.none : command.completions[min(position, command.completions.count - 1)]
        var candidates = candidates(for: completion, word: word)
        candidates += keyCompletions(command: command, words: words)
        return matching(word, candidates)
    }

    func candidates(for completion: Completion, word: String) -> [String] {
        switch completion {
        case .none: return []
        case .command: return session.commands.names
        case .component(let kind): return session.registry.names(kind)
        case .anyComponent: return ComponentKind.allCases.flatMap { session.registry.names($0) }
        case .value: return session.valueOrder + session.registry.names(.agent)
        case .words(let words): return words
        case .path: return Completer.paths(matching: word)
        }
    }

    /// `key=` for the command's declared options and, for a command that
    /// forwards, the parameters of the component its first word names.
    func keyCompletions(command: Command, words: [String]) -> [String] {
        optionSpecs(command: command, words: words).map { $0.name + "=" }
    }

    /// The declared options of `command`, then the forwarded component's parameters.
    func optionSpecs(command: Command, words: [String]) -> [ParameterSpec] {
        var specs = command.options
        if let forwards = command.forwards, let invocation = try? Invocation(words.joined(separator: " ")),
           let forwarded = forwards.parameters(invocation, registry: session.registry) {
            specs += forwarded.parameters
        }
        return specs
    }

    /// Completions after `key=`, by the option's declared type: components of
    /// its kind (and model values, for user models), values of its kind, the
    /// words of a choice, true/false, or paths.
    func valueCompletions(_ word: String, command: Command?, words: [String]) -> [String] {
        let eq = word.firstIndex(of: "=")!
        let key = String(word[..<eq])
        let value = String(word[word.index(after: eq)...])
        let spec = command.flatMap { command in optionSpecs(command: command, words: words).first { $0.name == key } }
        let options: [String]
        switch spec?.type {
        case .component(let kind)?:
            options = session.registry.names(kind) + values(fitting: kind)
        case .value(let kind)?:
            options = session.valueOrder.filter { session.values[$0]?.kind == kind }
        case .choice(let words)?:
            options = words
        case .bool?:
            options = ["true", "false"]
        case .path?, nil:
            options = Completer.paths(matching: value)
        default:
            options = []
        }
        return matching(value, options).map { "\(key)=\($0)" }
    }

    /// Names of session values that can stand for a component of `kind`.
    func values(fitting kind: ComponentKind) -> [String] {
        let valueKind: String
        switch kind {
        case .userModel: valueKind = "user-model"
        case .agent: valueKind = "agent"
        default: return []
        }
        return session.valueOrder.filter { session.values[$0]?.kind == valueKind }
    }

    /// The words of `before` from the command on (without a `NAME =` target).
    static func commandWords(_ before: String) -> [String] {
        var words = (try? Tokenizer.words(before)) ?? before.split(separator: " ").map(String.init)
        if words.count >= 2, words[1] == "=" { words.removeFirst(2) }
        return words
    }

    func matching(_ word: String, _ candidates: [String]) -> [String] {
        candidates.filter { $0.hasPrefix(word) }.uniquedInOrder().sorted()
    }

    /// Files and folders whose path starts with `prefix`; folders end in "/".
    static func paths(matching prefix: String) -> [String] {
        let fm = FileManager.default
        let slash = prefix.lastIndex(of: "/")
        let folder = slash.map { String(prefix[...$0]) } ?? ""
        let stem = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        guard let names = try? fm.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return [] }
        return names.filter { $0.hasPrefix(stem) && !$0.hasPrefix(".") || (stem.hasPrefix(".") && $0.hasPrefix(stem)) }
            .sorted().map { name in
                var isFolder: ObjCBool = false
                fm.fileExists(atPath: folder + name, isDirectory: &isFolder)
                return folder + name + (isFolder.boolValue ? "/" : "")
            }
    }

    /// The longest prefix all matches share.
    static func commonPrefix(_ matches: [String]) -> String {
        guard var prefix = matches.first else { return "" }
        for m in matches.dropFirst() {
            while !m.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}

import Foundation
