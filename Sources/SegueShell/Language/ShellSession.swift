import Foundation
import SegueCore
import SegueComponents

/// One input line and what it printed: a notebook cell.
public struct Cell {
    public var number: Int
    public var input: String
    public var output: [String]
    /// Whether the command failed (its error is the last output line).
    public var failed: Bool
}

/// The shell's state: the registry, loaded plugins, named values, and the
/// cells run so far. Keyboard input, `run FILE` and `segue run` all go
/// through `execute(_:)`, so a session file replays exactly what was typed.
public final class ShellSession {
    public let registry: Registry
    public let plugins: PluginLoader
    public var commands: CommandTable
    /// Named values, in the order first made.
    public private(set) var values: [String: ShellValue] = [:]
    public private(set) var valueOrder: [String] = []
    public private(set) var cells: [Cell] = []
    /// Where output goes as it is printed (stdout by default).
    public var sink: (String) -> Void = { Swift.print($0) }
    /// Asked by long work between steps: true stops it (Ctrl-C).
    public var interrupted: () -> Bool = { false }
    /// Called when `interrupted` has been honoured, to clear the request.
    public var clearInterrupt: () -> Void = {}
    /// Where `save NAME` writes.
    public var sessionsFolder = "Sessions"
    /// Whether a person is at a terminal (live redraws) or output is a pipe.
    public var isInteractive = false
    /// Whether session files may load plugins (`--allow-plugins`).
    public var pluginsAllowed = true
    /// How plots are drawn: this terminal's width and characters when a
    /// person is watching, a fixed style in session files so replays match.
    public var plotStyle: PlotStyle { isInteractive ? .terminal() : .recorded }
    /// Training runs by agent name, so `train` continues a run (see TrainCommands).
    public var trainers: [String: AnyObject] = [:]
    /// Set by `quit`: the interactive shell ends after this command.
    public var quitRequested = false
    /// Relative tolerance for numbers when `check` compares outputs.
    public var tolerance = 1e-6
    private var currentOutput: [String] = []

    public init(registry: Registry = .standard()) {
        self.registry = registry
        plugins = PluginLoader(registry: registry)
        commands = CommandTable(BuiltinCommands.all)
    }

    // MARK: - Running lines

    /// Runs one line (a command, an assignment, a comment or nothing) as a cell.
    /// - Throws: the command's `SegueError`; the session keeps all its state.
    public func execute(_ line: String) throws {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return }
        currentOutput = []
        var failed = false
        defer { cells.append(Cell(number: cells.count + 1, input: trimmed, output: currentOutput, failed: failed)) }
        do {
            try run(Invocation(trimmed))
        } catch {
            failed = true
            currentOutput.append("error: \(error)")
            throw error
        }
    }

    private func run(_ invocation: Invocation) throws {
        let command = try commands.command(invocation.command)
        if invocation.target != nil && !command.makesValue {
            throw SegueError("'\(command.name)' makes no value to keep", hint: "run it without '\(invocation.target!) ='")
        }
        guard let value = try command.run(invocation, self) else { return }
        let name = invocation.target ?? value.defaultName
        keep(value, as: name)
        print("\(name): \(value.summary)")
    }

    /// Keeps a value under `name`, replacing any earlier one. A world becomes
    /// the current world, which commands use when given no world=.
    public func keep(_ value: ShellValue, as name: String) {
        if values[name] == nil { valueOrder.append(name) }
        values[name] = value
        if case .world = value { currentWorldName = name }
    }

    /// The name of the world made last (`w = world mssd ...` makes `w` current).
    public private(set) var currentWorldName: String?

    /// Prints a line (or several) into the current cell and the sink.
    public func print(_ text: String) {
        currentOutput.append(contentsOf: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        sink(text)
    }

    /// Prints progress that is shown but not recorded in the cell (it varies
    /// between runs: rates, times).
    public func status(_ text: String, terminator: String = "\n") {
        statusSink(text, terminator)
    }

    /// Where transient output goes (progress, rates); stdout by default.
    public var statusSink: (String, String) -> Void = { text, terminator in Swift.print(text, terminator: terminator) }

    // MARK: - Values

    /// The value called `name`.
    /// - Throws: `SegueError` with "did you mean" when there is none.
    public func value(_ name: String) throws -> ShellValue {
        if let value = values[name] { return value }
        let near = Suggestions.closest(to: name, in: valueOrder).map { " — did you mean '\($0)'?" } ?? ""
        throw SegueError("no value named '\(name)'\(near)", hint: valueOrder.isEmpty ? "make one, e.g. `world demo`" : "`vars` lists them")
    }

    /// The world called `name` (default: the current world, the one made last).
    public func world(_ name: String?) throws -> World {
        let key = name ?? currentWorldName ?? "world"
        if name == nil, values[key] == nil {
            throw SegueError("no world yet", hint: "make one first: `world demo`")
        }
        guard case .world(let world) = try value(key) else { throw SegueError("'\(key)' is not a world") }
        return world
    }

    /// The environment called `name` (default `env`).
    public func environment(_ name: String?) throws -> Environment {
        let key = name ?? "env"
        if name == nil, values[key] == nil {
            let named = valueOrder.filter { if case .environment? = values[$0] { return true } else { return false } }
            if named.isEmpty { throw SegueError("no environment yet", hint: "make one first: `env` (after `world demo`)") }
            throw SegueError("no environment named 'env'", hint: "name one with env=: \(named.joined(separator: ", "))")
        }
        guard case .environment(let env) = try value(key) else { throw SegueError("'\(key)' is not an environment") }
        return env
    }

    /// Objects of every value, for components that take values by name.
    public var objects: [String: AnyObject] {
        values.compactMapValues(\.object)
    }

    /// The cells run so far, as a session file: inputs, each followed by its
    /// output as `#>` lines.
    public func transcript() -> String {
        var lines = ["# Segue session, \(cells.count) cells", ""]
        for cell in cells {
            lines.append(cell.input)
            lines += cell.output.map { $0.isEmpty ? "#>" : "#> \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
