import Foundation
import SegueCore
import SegueComponents

/// `plugin new|load|check|list`: components written under Plugins/ and
/// loaded into the running shell.
enum PluginCommands {
    static let all = [plugin]

    static let plugin = Command(
        "plugin", topic: "plugins",
        usage: "plugin new NAME --kind KIND | plugin load PATH | plugin check NAME|PATH [episodes=N] | plugin list",
        abstract: "write, build, load and check components at run time (folders under Plugins/)",
        discussion: """
        plugin new NAME --kind KIND   write Plugins/NAME/NAME.swift from a working template; KIND is one of
                                      \(PluginScaffold.kinds.map(\.rawValue).joined(separator: ", ")) (folder=DIR puts it elsewhere)
        plugin load PATH              compile the folder against this build (cached by content) and load it;
                                      load it again after an edit and the new build takes the names
        plugin check NAME|PATH        contract tests of every component the plugin registers, in environments
                                      over a small demo world (loads a folder first)
        plugin list                   loaded plugins and their components
        A plugin imports SegueCore and exports segue_plugin_api_version and segue_plugin_register
        (docs/plugins.md). Plugins are code: session files may load them only with
        `segue run --allow-plugins`.
        """,
        completions: [.words(["new", "load", "check", "list"]), .path],
        options: [
            .path("folder", "where `plugin new` writes the plugin's folder (default Plugins)"),
            .int("episodes", 10, range: 1...100_000, "episodes of each contract check of `plugin check`"),
            .choice("kind", PluginScaffold.kinds.map(\.rawValue), "", "the component kind `plugin new` writes (also `--kind KIND`)"),
        ],
        flags: [Flag("kind", "`--kind KIND`: the component kind `plugin new` writes")],
        run: { inv, session in
            switch inv.positional.first {
            case "new": try new(inv, session)
            case "load": try load(inv, session)
            case "check": try check(inv, session)
            case "list", nil: list(session)
            case let other?:
                let near = Suggestions.closest(to: other, in: ["new", "load", "check", "list"]).map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError("unknown plugin subcommand '\(other)'\(near)", hint: "`help plugin` shows new, load, check and list")
            }
            return nil
        })

    // MARK: - new

    /// `plugin new NAME --kind KIND`: scaffolds a plugin from a template.
    static func new(_ inv: Invocation, _ session: ShellSession) throws {
        let usage = "e.g. `plugin new DriftingTaste --kind user-model`"
        var words = Array(inv.positional.dropFirst())
        var kindName = inv.option("kind") ?? inv.flags.first { $0.hasPrefix("kind=") }.map { String($0.dropFirst(5)) }
        if kindName == nil, inv.flags.contains("kind") {
            // `--kind KIND`: the tokenizer reads KIND as a positional word; take the one after the flag.
            let all = try Tokenizer.words(inv.line)
            if let flag = all.firstIndex(of: "--kind"), flag + 1 < all.count, let i = words.firstIndex(of: all[flag + 1]) {
                kindName = words.remove(at: i)
            }
        }
        guard let kindName else {
            throw SegueError("plugin new needs a kind: --kind KIND",
                             hint: "KIND is one of \(PluginScaffold.kinds.map(\.rawValue).joined(separator: ", ")); \(usage)")
        }
        let kind = try ComponentKind.parse(kindName)
        guard PluginScaffold.kinds.contains(kind) else {
            throw SegueError("plugin new has no template for kind '\(kind.rawValue)'",
                             hint: "KIND is one of \(PluginScaffold.kinds.map(\.rawValue).joined(separator: ", "))")
        }
        guard words.count == 1, let name = words.first else {
            throw SegueError(words.isEmpty ? "plugin new needs a name" : "plugin new takes one name, got \(words.joined(separator: " "))",
                             hint: usage)
        }
        let folder = inv.text("folder") ?? "Plugins"
        let path = (folder as NSString).appendingPathComponent(name)
        try session.checkWritable(path, what: "plugin new")
        let file = try PluginScaffold.create(name: name, kind: kind, in: folder)
        session.noteWritten(path)
        session.print("""
        wrote \(file): \(kind.rawValue) '\(PluginScaffold.componentName(for: name))'
        next: plugin load \(path)   then   plugin check \(name)
        """)
    }

    // MARK: - load

    /// `plugin load PATH`: builds (cached) and loads; a changed build takes the names.
    static func load(_ inv: Invocation, _ session: ShellSession) throws {
        guard let path = inv.positional.dropFirst().first else {
            throw SegueError("plugin load needs a path", hint: "e.g. `plugin load Plugins/ConstantListener`")
        }
        try requireConsent(session)
        let generations = session.plugins.loaded.mapValues(\.generation)
        let loaded = try session.plugins.load(path)
        let components = describe(loaded)
        switch generations[loaded.name] {
        case nil: session.print("loaded plugin \(loaded.name): \(components)")
        case loaded.generation?: session.print("plugin \(loaded.name) is loaded and unchanged: \(components)")
        default: session.print("reloaded plugin \(loaded.name) (build \(loaded.generation)); the new build now answers to: \(components)")
        }
    }

    static func requireConsent(_ session: ShellSession) throws {
        guard session.pluginsAllowed else {
            throw SegueError("this session may not load plugins (they run code)",
                             hint: session.pluginConsentHint)
        }
    }

    static func describe(_ plugin: LoadedPlugin) -> String {
        plugin.entries.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
    }

    // MARK: - check

    /// `plugin check NAME|PATH`: the contract of every component the plugin registers.
    static func check(_ inv: Invocation, _ session: ShellSession) throws {
        guard let target = inv.positional.dropFirst().first else {
            throw SegueError("plugin check needs a loaded plugin's name or a plugin folder",
                             hint: "e.g. `plugin check DriftingTaste` or `plugin check Plugins/DriftingTaste`")
        }
        let plugin: LoadedPlugin
        if let loaded = session.plugins.plugin(named: target) {
            plugin = loaded
        } else if FileManager.default.fileExists(atPath: target) {
            try requireConsent(session)
            plugin = try session.plugins.load(target)
            session.print("loaded plugin \(plugin.name): \(describe(plugin))")
        } else {
            let names = session.plugins.loaded.keys.sorted()
            let near = Suggestions.closest(to: target, in: names).map { " — did you mean '\($0)'?" } ?? ""
            throw SegueError("no loaded plugin or plugin folder '\(target)'\(near)",
                             hint: names.isEmpty ? "load one first: `plugin load Plugins/NAME`" : "loaded: \(names.joined(separator: ", "))")
        }
        let episodes = inv.int("episodes")
        let contract = ComponentContract(registry: session.registry, values: session.objects, episodes: episodes)
        var lines = ["plugin \(plugin.name): \(plugin.entries.count) component\(plugin.entries.count == 1 ? "" : "s"), checked over world demo tracks=300 users=30, \(episodes) episodes a check"]
        var failed = 0, total = 0
        for entry in plugin.entries {
            let findings = contract.check(entry.kind, entry.name)
            lines.append("\(entry.name) (\(entry.kind.rawValue)):")
            lines += findings.map { "  \($0)" }
            failed += findings.filter { !$0.passed }.count
            total += findings.count
        }
        session.print(lines.joined(separator: "\n"))
        if failed > 0 {
            throw SegueError("plugin \(plugin.name) failed \(failed) of \(total) checks",
                             hint: "fix the FAIL lines above, then `plugin load` it again and re-check")
        }
    }

    // MARK: - list

    static func list(_ session: ShellSession) {
        let loaded = session.plugins.loaded.values.sorted { $0.name < $1.name }
        session.print(loaded.isEmpty ? "no plugins loaded" : loaded.map {
            "\($0.name)\($0.generation > 1 ? " (build \($0.generation))" : ""): \(describe($0))"
        }.joined(separator: "\n"))
    }
}
