import SegueCore
import SegueComponents

/// `vars`, `show`: the values the session holds.
enum ValueCommands {
    static let all = [vars, show]

    static let vars = Command(
        "vars", topic: "values", usage: "vars",
        abstract: "list the values this session holds",
        run: { _, session in
            guard !session.valueOrder.isEmpty else {
                session.print("no values yet — start with `world demo`")
                return nil
            }
            let width = (session.valueOrder.map(\.count).max() ?? 0) + 2
            session.print(session.valueOrder.map { name in
                name.padding(toLength: width, withPad: " ", startingAt: 0) + session.values[name]!.summary
            }.joined(separator: "\n"))
            return nil
        })

    static let show = Command(
        "show", topic: "values", usage: "show NAME",
        abstract: "show a value in detail",
        completions: [.value],
        run: { inv, session in
            guard let name = inv.positional.first else { throw SegueError("show needs a value name", hint: "`vars` lists them") }
            let value = try session.value(name)
            var lines = ["\(name): \(value.summary)"]
            switch value {
            case .world(let w):
                lines += w.details.map { "  \($0.0): \($0.1)" }
                lines.append("  track features: \(w.catalog.featureNames.joined(separator: ", "))")
                lines.append("  ground truth: \(w.groundTruth == nil ? "unknown" : "known (user model `truth`)")")
                if let tracks = w.trackFeatureFile { lines.append("  track features file: \(tracks)") }
            case .environment(let e):
                lines.append("  observation: \(e.specs.observation.context); \(e.specs.observation.candidates); \(e.specs.observation.mask)")
                lines.append("  action: \(e.specs.action)")
                lines.append("  reward: \(e.specs.reward)")
                lines.append("  longest episode: \(e.maxLength) plays; next episode: \(e.nextEpisode)")
            case .evaluation(let ev):
                lines.append(ev.table())
            case .validation(let v):
                lines.append(v.table())
                lines.append(v.agreementTable())
            case .agent, .userModel:
                break
            }
            session.print(lines.joined(separator: "\n"))
            return nil
        })
}
