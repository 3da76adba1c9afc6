import Foundation
import SegueCore
import SegueComponents
import SegueAgents
import SegueModels

/// `vars`, `show`, `del`: the values the session holds.
enum ValueCommands {
    static let all = [vars, show, del]

    static let del = Command(
        "del", topic: "values", usage: "del NAME [NAME ...]",
        abstract: "forget values (and an agent's training run); `_` is the value made last",
        completions: [.value],
        run: { inv, session in
            guard !inv.positional.isEmpty else { throw SegueError("del needs a value name", hint: "`vars` lists them") }
            for name in inv.positional { try session.forget(name) }
            session.print("deleted \(inv.positional.joined(separator: ", "))")
            return nil
        })

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
            case .agent(let agent, let description):
                lines.append("  made as: agent \(description)")
                if let learner = agent as? any LearningAgent {
                    let trainer = session.trainers[name] as? Trainer
                    lines.append("  trained: \(learner.counters.steps) steps, \(learner.counters.updates) updates"
                                 + (trainer.map { ", \($0.history.count) episodes, return of the last 100 "
                                                  + ($0.recentReturn().map { String(format: "%.3f", $0) } ?? "—") } ?? ""))
                    let width = learner.configurationText.map(\.0.count).max() ?? 0
                    lines.append("  hyperparameters:")
                    lines += learner.configurationText.map { "    " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
                }
            case .userModel(let model, let description):
                lines.append("  \(description)")
                if let learned = model as? any LearnedUserModel, let training = learned.training {
                    lines.append("  training: \(training.text)")
                }
            }
            session.print(lines.joined(separator: "\n"))
            return nil
        })
}
