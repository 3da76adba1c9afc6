import Foundation
import SegueCore
import SegueShell

/// Runs Segue commands without a terminal, as `segue run` does, and hands out
/// the environments they made: what the C library (and so Python) opens.
///
/// The same consent rule as the shell's session files applies: commands
/// passed in from another program load plugins only when the caller allows
/// them (`--allow-plugins`), and write files only under the working folder
/// unless it allows writes.
enum HeadlessSession {
    /// Flags of `segue_env_open` and `segue_env_open_file`.
    struct Flags: OptionSet {
        let rawValue: Int32
        static let allowPlugins = Flags(rawValue: 1)
        static let allowWrites = Flags(rawValue: 2)
    }

    /// A session set up like `segue run`'s, printing nothing.
    static func session(flags: Flags) -> ShellSession {
        prepareModulesFolder()
        let session = ShellSession()
        session.pluginsAllowed = flags.contains(.allowPlugins)
        session.pluginConsentHint = "pass allow_plugins=True to segue.make (flag 1 of segue_env_open) if you trust the commands"
        session.notesWrites = true
        let unrestricted = flags.contains(.allowPlugins) || flags.contains(.allowWrites)
        session.writePolicy = unrestricted ? .unrestricted : .confined(root: FileManager.default.currentDirectoryPath)
        session.sink = { _ in }
        session.statusSink = { _, _ in }
        return session
    }

    /// Runs `commands` (one a line) read from `source`, then returns the
    /// environment called `name`.
    /// - Throws: the first failing line's `SegueError` (`SOURCE:LINE: ...`),
    ///   or one naming the missing environment.
    static func environment(commands: String, source: String, name: String, flags: Flags) throws -> (ShellSession, Environment) {
        let session = session(flags: flags)
        let lines = commands.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try ScriptRunner(session: session).run(lines: lines, source: source)
        return (session, try session.environment(name))
    }

    /// Runs the session file at `path` with its `#! param`s set from
    /// `assignments` (`NAME=VALUE`), then returns the environment called `name`.
    static func environment(file path: String, assignments: [String], name: String, flags: Flags) throws -> (ShellSession, Environment) {
        let session = session(flags: flags)
        try ScriptRunner(session: session, assignments: assignments).run(file: path)
        return (session, try session.environment(name))
    }

    /// Plugins compile against the Modules folder of the build this library
    /// came from (`<folder of libSegueC.so>/Modules`, found in /proc/self/maps);
    /// the host process is Python, so the executable's folder would be wrong.
    /// SEGUE_MODULES, when set (the Python package sets it), wins.
    static func prepareModulesFolder() {
        guard ProcessInfo.processInfo.environment["SEGUE_MODULES"] == nil,
              let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8),
              let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libSegueC.so") }),
              let slash = line.firstIndex(of: "/") else { return }
        let folder = URL(fileURLWithPath: String(line[slash...])).deletingLastPathComponent().appendingPathComponent("Modules").path
        setenv("SEGUE_MODULES", folder, 0)
    }
}
