import SegueCore

/// `help`, `list`, `describe`: what the shell and the registry offer.
enum HelpCommands {
    static let all = [help, list, describe]

    static let help = Command(
        "help", topic: "help", usage: "help [COMMAND]",
        abstract: "list the commands, or explain one",
        completions: [.command],
        run: { inv, session in
            let text = try inv.positional.first.map { try session.commands.command($0).help } ?? session.commands.overview
            session.print(TextWrapping.wrap(text, width: session.plotStyle.width))
            return nil
        })

    static let list = Command(
        "list", topic: "help", usage: "list [KIND]",
        abstract: "list registered components (worlds, user models, samplers, rules, trackers, agents)",
        discussion: "KIND is one of: " + ComponentKind.allCases.map(\.rawValue).joined(separator: ", ") + ".",
        completions: [.words(ComponentKind.allCases.map(\.rawValue))],
        run: { inv, session in
            let kinds = try inv.positional.first.map { [try ComponentKind.parse($0)] } ?? ComponentKind.allCases
            var lines: [String] = []
            for kind in kinds {
                let components = session.registry.components(kind)
                lines.append("\(kind.plural) (\(kind.rawValue)):")
                let width = (components.map { $0.versionedName.count }.max() ?? 0) + 2
                for c in components {
                    let origin = c.origin == "built-in" ? "" : "  [\(c.origin)]"
                    lines.append("  " + c.versionedName.padding(toLength: width, withPad: " ", startingAt: 0) + c.summary + origin)
                }
                if components.isEmpty { lines.append("  (none)") }
            }
            session.print(lines.joined(separator: "\n"))
            return nil
        })

    static let describe = Command(
        "describe", topic: "help", usage: "describe COMPONENT [KIND]",
        abstract: "show a component's parameters, defaults, ranges and help",
        completions: [.anyComponent],
        run: { inv, session in
            guard let name = inv.positional.first else {
                throw SegueError("describe needs a component name", hint: "e.g. `describe random-pool`; `list` shows them")
            }
            if let kindName = inv.positional.dropFirst().first {
                session.print(try session.registry.descriptor(try ComponentKind.parse(kindName), name).help)
                return nil
            }
            let found = session.registry.descriptors(named: name)
            if found.isEmpty, let kind = try? ComponentKind.parse(name) {
                // A kind's name (`describe world`): its components, each with its summary.
                let components = session.registry.components(kind)
                let width = (components.map { $0.versionedName.count }.max() ?? 0) + 2
                var lines = ["\(kind.plural) (\(kind.rawValue)): `describe NAME` shows one's parameters; `show NAME` shows a value"]
                lines += components.map { "  " + $0.versionedName.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
                session.print(lines.joined(separator: "\n"))
                return nil
            }
            guard !found.isEmpty else {
                let all = session.registry.all.flatMap { [$0.name, $0.versionedName] }
                let near = Suggestions.closest(to: name, in: all).map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError("no component named '\(name)'\(near)", hint: "`list` shows them all")
            }
            // The newest version of each kind that has the name.
            let newest = Dictionary(grouping: found, by: \.kind).values.compactMap { $0.max { $0.version < $1.version } }
            let exact = found.filter { $0.versionedName == name }
            session.print((exact.isEmpty ? newest.sorted { $0.kind < $1.kind } : exact).map(\.help).joined(separator: "\n\n"))
            return nil
        })
}
