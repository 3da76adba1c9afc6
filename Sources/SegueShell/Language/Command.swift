import SegueCore

/// What an argument of a command completes to at the prompt.
public enum Completion: Sendable, Equatable {
    case none
    /// Names of registered components of a kind (asked of the live registry).
    case component(ComponentKind)
    /// Any registered component name.
    case anyComponent
    /// Names of values the session holds.
    case value
    /// Command names.
    case command
    /// File paths.
    case path
    /// A fixed set of words.
    case words([String])
}

/// A command, declared once: help, usage, completion and dispatch all come
/// from this declaration.
public struct Command {
    /// The word typed to run it.
    public var name: String
    /// The topic it is listed under in `help`.
    public var topic: String
    /// How to call it, e.g. `world NAME [key=value ...]`.
    public var usage: String
    /// One line saying what it does.
    public var abstract: String
    /// More help, shown by `help NAME`.
    public var discussion: String
    /// What each positional argument completes to, in order; the last repeats.
    public var completions: [Completion]
    /// The `key=value` options it accepts, declared once: validation, `help`,
    /// and completion of keys and values all come from these.
    public var options: [ParameterSpec]
    /// The `--flags` it accepts.
    public var flags: [Flag]
    /// The component kind whose parameters it also takes, named by its first
    /// word (`agent greedy model=swm`, `world demo tracks=300`); nil: none.
    public var forwards: OptionForwarding?
    /// Whether its words are checked elsewhere than in `options` and `flags`:
    /// `echo` prints them as text, `run FILE NAME=VALUE` checks them against the
    /// file's own `#! param` declarations.
    public var checksOwnWords: Bool
    /// Whether it makes a value that `name = ...` can keep.
    public var makesValue: Bool
    /// Runs it.
    public var run: (Invocation, ShellSession) throws -> ShellValue?

    public init(_ name: String, topic: String, usage: String, abstract: String, discussion: String = "",
                completions: [Completion] = [], options: [ParameterSpec] = [], flags: [Flag] = [],
                forwards: OptionForwarding? = nil, checksOwnWords: Bool = false, makesValue: Bool = false,
                run: @escaping (Invocation, ShellSession) throws -> ShellValue?) {
        self.name = name
        self.topic = topic
        self.usage = usage
        self.abstract = abstract
        self.discussion = discussion
        self.completions = completions
        self.options = options
        self.flags = flags
        self.forwards = forwards
        self.checksOwnWords = checksOwnWords
        self.makesValue = makesValue
        self.run = run
    }

    /// The text `help NAME` prints.
    public var help: String {
        var lines = ["usage: \(usage)", "", abstract]
        if !discussion.isEmpty { lines += ["", TextWrapping.reflow(discussion)] }
        return (lines + optionsHelp).joined(separator: "\n")
    }
}

/// The shell's commands, by name and by topic.
public struct CommandTable {
    public private(set) var commands: [Command] = []

    public init(_ commands: [Command]) {
        for command in commands { add(command) }
    }

    /// Adds a command; a duplicate name is a programming error.
    public mutating func add(_ command: Command) {
        precondition(!commands.contains { $0.name == command.name }, "command '\(command.name)' is declared twice")
        commands.append(command)
    }

    /// The command named `name`.
    /// - Throws: `SegueError` with "did you mean" when there is none.
    public func command(_ name: String) throws -> Command {
        if let command = commands.first(where: { $0.name == name }) { return command }
        let near = Suggestions.closest(to: name, in: commands.map(\.name)).map { " — did you mean '\($0)'?" } ?? ""
        throw SegueError("unknown command '\(name)'\(near)", hint: "`help` lists the commands")
    }

    /// Command names.
    public var names: [String] { commands.map(\.name) }

    /// Topics in first-declared order.
    public var topics: [String] { commands.map(\.topic).uniquedInOrder() }

    /// The overview `help` prints: commands grouped by topic, one line each.
    public var overview: String {
        let width = (commands.map { $0.name.count }.max() ?? 0) + 2
        var lines: [String] = []
        for topic in topics {
            lines.append("\(topic):")
            for c in commands where c.topic == topic {
                lines.append("  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0) + c.abstract)
            }
        }
        lines.append("")
        lines.append("`help COMMAND` for details; `NAME = COMMAND ...` keeps the value it makes under NAME.")
        return lines.joined(separator: "\n")
    }
}

extension Array where Element: Hashable {
    func uniquedInOrder() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

import Foundation
