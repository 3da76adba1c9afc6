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
    /// The interrupt check at which Ctrl-C stopped it (see `Replay`), if it did.
    public var interruptedAt: Int? = nil
    /// Whether it ran inside another cell (a line of `run FILE`).
    public var nested = false

    /// The line that replays it exactly: the input, with the interrupt marker
    /// when Ctrl-C stopped it.
    public var replayLine: String { Replay.line(input, interruptedAt: interruptedAt) }
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
    /// Whether Ctrl-C was pressed (the terminal sets it; nothing by default).
    public var interruptRequested: () -> Bool = { false }
    /// Forgets a pressed Ctrl-C (the terminal sets it).
    public var forgetInterrupt: () -> Void = {}
    /// Asks the person at the terminal a yes/no question (default no); nil
    /// when nobody can answer (session files, pipes).
    public var confirm: ((String) -> Bool)? = nil
    /// Where this session may write files (see `WritePolicy`).
    public var writePolicy = WritePolicy.unrestricted
    /// Whether files this session writes are noted as Segue's in the user's
    /// Segue home (see `WrittenFiles`); the `segue` program sets it.
    public var notesWrites = false
    /// Where `save NAME` writes.
    public var sessionsFolder = "Sessions"
    /// Whether a person is at a terminal (live redraws) or output is a pipe.
    public var isInteractive = false
    /// Whether session files may load plugins (`--allow-plugins`).
    public var pluginsAllowed = true
    /// How to give that consent, said when a plugin is refused (the Python
    /// library says its own keyword).
    public var pluginConsentHint = "run the file with `segue run --allow-plugins FILE` if you trust it"
    /// How plots are drawn: this terminal's width and characters when a
    /// person is watching, a fixed style in session files so replays match.
    public var plotStyle: PlotStyle { isInteractive ? .terminal() : .recorded }
    /// Training runs by agent name, so `train` continues a run (see TrainCommands).
    public var trainers: [String: AnyObject] = [:]
    /// Set by `quit`: the interactive shell ends after this command.
    public var quitRequested = false
    /// Relative tolerance for numbers when `check` compares outputs.
    public var tolerance = 1e-6
    /// Receives the summary of every `compare`, `validate`, `train` and
    /// `model-report` as numbers (a sweep task writes them as rows).
    public var resultObserver: ((ResultRecord) -> Void)?
    private var currentOutput: [String] = []
    /// Counts the current cell's interrupt checks and replays a recorded Ctrl-C.
    let interrupts = InterruptCounter()
    private var depth = 0

    public init(registry: Registry = .standard()) {
        self.registry = registry
        plugins = PluginLoader(registry: registry)
        commands = CommandTable(BuiltinCommands.all)
    }

    // MARK: - Running lines

    /// Runs one line (a command, an assignment, a comment or nothing) as a cell.
    /// A line ending in `#! interrupt N` stops at its N-th interrupt check,
    /// as Ctrl-C stopped it when it was recorded (see `Replay`).
    /// - Throws: the command's `SegueError`; the session keeps all its state.
    public func execute(_ line: String) throws {
        var (trimmed, replayStop) = Replay.parse(line)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return }
        // `time LINE`: LINE is the cell; its wall time is shown, not recorded.
        if trimmed.hasPrefix("time ") {
            trimmed = String(trimmed.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            let started = Date()
            defer { status(String(format: "wall time %.2f s", Date().timeIntervalSince(started))) }
            return try execute(Replay.line(trimmed, interruptedAt: replayStop))
        }
        let outer = (currentOutput, interrupts.state)
        currentOutput = []
        interrupts.begin(replayingStopAt: replayStop)
        depth += 1
        var failed = false
        defer {
            depth -= 1
            var cell = Cell(number: cells.count + 1, input: trimmed, output: currentOutput, failed: failed)
            cell.interruptedAt = interrupts.stoppedAt
            cell.nested = depth > 0
            cells.append(cell)
            (currentOutput, interrupts.state) = outer
        }
        do {
            try run(Invocation(ShellSession.helpQuery(trimmed, commands: commands) ?? trimmed))
        } catch {
            failed = true
            currentOutput.append("error: \(error)")
            throw error
        }
    }

    /// `?NAME` or `NAME?` as IPython reads it: `help NAME` for a command,
    /// `describe NAME` for anything else; nil for any other line.
    static func helpQuery(_ line: String, commands: CommandTable) -> String? {
        guard !line.contains(" ") else { return nil }
        let name: Substring
        if line.hasPrefix("?"), line.count > 1 { name = line.dropFirst() } else if line.hasSuffix("?"), line.count > 1 { name = line.dropLast() } else { return nil }
        return (commands.names.contains(String(name)) ? "help " : "describe ") + name
    }

    private func run(_ invocation: Invocation) throws {
        let command = try commands.command(invocation.command)
        if invocation.target != nil && !command.makesValue {
            throw SegueError("'\(command.name)' makes no value to keep", hint: "run it without '\(invocation.target!) ='")
        }
        guard let value = try command.run(command.validated(invocation, registry: registry), self) else { return }
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
        // `_` is the value made last, as in IPython and the Julia REPL; it is
        // not listed by `vars`.
        values["_"] = value
        lastValueName = name
    }

    /// The name of the value made last (what `_` stands for), if any.
    public private(set) var lastValueName: String?

    /// Forgets the value `name` (and its training run); `_` too when it is that value.
    /// - Throws: `SegueError` with "did you mean" when there is none.
    public func forget(_ name: String) throws {
        if name == "_" {
            throw SegueError("'_' only stands for the value made last", hint: "delete that value by its name\(lastValueName.map { ": del \($0)" } ?? "")")
        }
        _ = try value(name)   // throws, with "did you mean", when there is none
        values[name] = nil
        valueOrder.removeAll { $0 == name }
        trainers[name] = nil
        if lastValueName == name { values["_"] = nil; lastValueName = nil }
        if currentWorldName == name {
            currentWorldName = valueOrder.last { if case .world? = values[$0] { return true } else { return false } }
        }
    }

    /// The name of the world made last (`w = world mssd ...` makes `w` current).
    public private(set) var currentWorldName: String?

    /// Prints a line (or several) into the current cell and the sink.
    public func print(_ text: String) {
        record(text)
        sink(text)
    }

    /// Adds lines to the current cell without showing them: what a session
    /// file records where the terminal shows something live instead.
    /// Terminal escapes (colour) never enter a cell.
    public func record(_ text: String) {
        currentOutput.append(contentsOf: Replay.plain(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// Prints a plot: drawn for this terminal on screen, and in the fixed
    /// session-file style in the cell, so a saved session checks.
    public func printPlot(_ draw: (PlotStyle) -> String) {
        let recorded = draw(.recorded)
        record(recorded)
        sink(isInteractive ? draw(plotStyle) : recorded)
    }

    /// Asked by long work between steps: true stops it (Ctrl-C, or the
    /// recorded interrupt of a replayed line). Counts the checks.
    public var interrupted: () -> Bool {
        { [interrupts, interruptRequested] in interrupts.check(interruptRequested) }
    }

    /// Called when `interrupted` has been honoured, to clear the request.
    public var clearInterrupt: () -> Void {
        { [interrupts, forgetInterrupt] in interrupts.clear(); forgetInterrupt() }
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
        let found = try value(key)
        guard case .world(let world) = found else {
            throw SegueError("'\(key)' is \(found.kindWithArticle), not a world", hint: "make one with `\(key) = world demo`, or name a world")
        }
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
        let found = try value(key)
        guard case .environment(let env) = found else {
            let hint = found.kind == "user-model" ? "an environment on it: `env user=\(key)`" : "make one with `env`, or name an environment"
            throw SegueError("'\(key)' is \(found.kindWithArticle), not an environment", hint: hint)
        }
        return env
    }

    /// What component factories keep between builds in this session (trained
    /// models named by recipes), bounded; it goes when the session does.
    public let componentCache = ComponentCache(capacity: 8)

    /// A builder over this session's registry, values and cache.
    public var builder: EnvironmentBuilder {
        EnvironmentBuilder(registry: registry, values: objects, cache: componentCache)
    }

    /// Objects of every value, for components that take values by name.
    public var objects: [String: AnyObject] {
        values.compactMapValues(\.object)
    }

    /// The cells run so far (or those numbered in `chosen`), as a session
    /// file that checks: replay lines, each followed by its output as `#>`
    /// lines (see `Replay.transcript` for what is left out).
    public func transcript(cells chosen: ClosedRange<Int>? = nil) -> String {
        Replay.transcript(cells.filter { chosen?.contains($0.number) ?? true })
    }
}
