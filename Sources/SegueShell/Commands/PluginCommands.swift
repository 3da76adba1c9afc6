import SegueCore

/// `plugin load`, `plugin list`: components loaded at run time.
enum PluginCommands {
    static let all = [plugin]

    static let plugin = Command(
        "plugin", topic: "plugins", usage: "plugin load PATH | plugin list",
        abstract: "build and load a plugin from a folder under Plugins/ (or a built .so); list loaded plugins",
        discussion: """
        A plugin folder holds Swift sources that import SegueCore and export the entry points
        segue_plugin_api_version and segue_plugin_register. `plugin load` compiles it against this
        build (cached by content), loads it, and its components appear at once in `list` and recipes.
        Plugins are code: session files may load them only with `segue run --allow-plugins`.
        """,
        completions: [.words(["load", "list"]), .path],
        run: { inv, session in
            switch inv.positional.first {
            case "load":
                guard let path = inv.positional.dropFirst().first else {
                    throw SegueError("plugin load needs a path", hint: "e.g. `plugin load Plugins/ConstantListener`")
                }
                guard session.pluginsAllowed else {
                    throw SegueError("this session may not load plugins (they run code)",
                                     hint: "run the file with `segue run --allow-plugins FILE` if you trust it")
                }
                let loaded = try session.plugins.load(path)
                session.print("loaded plugin \(loaded.name): \(loaded.components.joined(separator: ", "))")
            case "list", nil:
                let loaded = session.plugins.loaded.values.sorted { $0.name < $1.name }
                session.print(loaded.isEmpty ? "no plugins loaded" : loaded.map {
                    "\($0.name): \($0.components.joined(separator: ", "))"
                }.joined(separator: "\n"))
            case let other?:
                throw SegueError("unknown plugin subcommand '\(other)'", hint: "use `plugin load PATH` or `plugin list`")
            }
            return nil
        })
}
