import Foundation
import SegueCore
import SegueComponents
import SegueAgents
import SegueModels

/// `train`, `checkpoint`, `resume`: learning agents from the shell, with a
/// progress bar and a plot of returns that grows while training runs.
enum TrainCommands {
    static let all = [train, checkpoint, resume]

    /// The trainer of a learning agent value, made on first use and kept, so
    /// a second `train` continues the same run. Without `env=` it is the
    /// environment the agent already trains in, else the session's `env`.
    /// `envs=N` (N > 1) steps N replicas of it in turn (batched training);
    /// a run keeps the count it started with.
    static func trainer(_ name: String, env envName: String?, envs: Int?, session: ShellSession) throws -> Trainer {
        guard case .agent(let agent, _) = try session.value(name) else {
            throw SegueError("'\(name)' is not an agent", hint: "make one: `\(name) = agent ahdqn`")
        }
        guard let learner = agent as? any LearningAgent else {
            throw SegueError("'\(name)' does not learn", hint: "learning agents: \(LearningAgents.names.joined(separator: ", "))")
        }
        let existing = (session.trainers[name] as? Trainer).flatMap { $0.agent === learner ? $0 : nil }
        if let existing, envName == nil || (try? session.environment(envName)) === existing.environment,
           envs == nil || envs == existing.environments.count || existing.steps > 0 {
            if let envs, envs != existing.environments.count {
                throw SegueError("\(name)'s training run steps \(existing.environments.count) environment\(existing.environments.count == 1 ? "" : "s") in turn; it keeps that count",
                                 hint: "leave out envs=, or make a new agent for \(envs)")
            }
            return existing
        }
        // An untouched run may be remade with another count, in the same environment.
        let env = try existing.flatMap { envName == nil ? $0.environment : nil } ?? session.environment(envName)
        let replicas = try session.builder
            .replicas(of: env, count: (envs ?? 1) - 1)
        let made = Trainer(agent: learner, environments: [env] + replicas)
        session.trainers[name] = made
        return made
    }

    /// `envs=N`: replicas of the environment stepped in turn.
    static let envs = ParameterSpec.int("envs", 1, range: 1...256, "replicas of the environment stepped in turn (batched training)")

    static let train = Command(
        "train", topic: "agents", usage: "train AGENT [env=NAME] [envs=N] [steps=N] [every=N] [checkpoint=PATH]",
        abstract: "train a learning agent; progress, a live plot of returns, Ctrl-C stops cleanly between updates",
        discussion: """
        AGENT is a value made by `agent \(LearningAgents.names.joined(separator: "|"))`. A second `train` continues where the first stopped,
        in the same environment unless env= names another (default: the agent's environment, else `env`).
        At a terminal the plot is redrawn in place every `every` steps (default steps/20); in a pipe or a
        session file a progress line is appended instead. checkpoint=PATH writes the whole learning state
        there (atomically) when the run ends or is stopped; `resume AGENT PATH` brings it back.
        envs=N trains on N replicas of the environment stepped in turn, each playing its own episodes
        (batched environments: experience from N listeners at once); steps counts every replica's steps,
        and the environment's trackers (step-log …) watch the first replica only.
        """,
        completions: [.value],
        options: [
            Options.env, envs,
            .int("steps", 10_000, range: 1...1e12, "environment steps to train (all replicas together)"),
            .int("every", 0, range: 0...1e12, "steps between progress reports and plot redraws (0: steps/20)"),
            .path("checkpoint", "write the whole learning state here when the run ends or is stopped"),
        ],
        run: { inv, session in
            guard let name = inv.positional.first else {
                throw SegueError("train needs an agent value", hint: "e.g. `a = agent ahdqn` then `train a steps=5000`")
            }
            let trainer = try trainer(name, env: inv.option("env"), envs: inv.given("envs") ? inv.int("envs") : nil, session: session)
            let steps = inv.int("steps")
            let every = inv.int("every") > 0 ? inv.int("every") : max(steps / 20, 1)
            trainer.config.progressEvery = every
            trainer.config.checkpointPath = inv.option("checkpoint") ?? ""
            if let path = inv.option("checkpoint") {
                try session.checkWritable(path, what: "train checkpoint=")
                session.noteWritten(path)
            }
            let live = LiveTrainingView(session: session, name: name, trainer: trainer)
            let report = try trainer.run(steps: steps, progress: { live.update($0) }, shouldStop: session.interrupted)
            live.finish()
            if report.interrupted { session.clearInterrupt() }
            session.printPlot(LiveTrainingView.chart("training returns: \(name)", report.history, runStart: live.earlierEpisodes).render)
            session.print(String(format: "%@: %d steps (%d in all), %d updates, %d episodes, return of the last 100 %@%@",
                                 name, report.steps, report.totalSteps, report.updates, report.episodes,
                                 trainer.recentReturn().map { String(format: "%.3f", $0) } ?? "—",
                                 report.interrupted ? "\ninterrupted between updates: the agent is consistent and usable" : ""))
            session.report("train", subject: name, figures: [("steps", Double(report.totalSteps)), ("episodes", Double(report.episodes)),
                                                             ("return_last100", trainer.recentReturn() ?? .nan)])
            if !trainer.config.checkpointPath.isEmpty { session.print("checkpoint: \(trainer.config.checkpointPath)") }
            session.status(String(format: "%.0f steps/s", Double(report.steps) / max(report.seconds, 1e-9)))
            return nil
        })

    static let checkpoint = Command(
        "checkpoint", topic: "agents", usage: "checkpoint AGENT PATH [env=NAME] [envs=N]",
        abstract: "write a learning agent's whole state (weights, optimizer, replay, counters) to PATH, atomically",
        completions: [.value, .path], options: [Options.env, envs],
        run: { inv, session in
            guard inv.positional.count == 2 else { throw SegueError("checkpoint needs AGENT and PATH") }
            let trainer = try trainer(inv.positional[0], env: inv.option("env"), envs: inv.given("envs") ? inv.int("envs") : nil, session: session)
            try session.writeFile(inv.positional[1], what: "checkpoint") { try trainer.saveCheckpoint(to: inv.positional[1]) }
            session.print("wrote \(inv.positional[1]) at step \(trainer.steps)")
            return nil
        })

    static let resume = Command(
        "resume", topic: "agents", usage: "resume AGENT PATH [env=NAME] [envs=N]",
        abstract: "restore a learning agent and its training run from a checkpoint; `train` then continues it exactly",
        completions: [.value, .path], options: [Options.env, envs],
        run: { inv, session in
            guard inv.positional.count == 2 else { throw SegueError("resume needs AGENT and PATH") }
            guard FileManager.default.fileExists(atPath: inv.positional[1]) else {
                throw SegueError("no checkpoint at '\(inv.positional[1])'", hint: "write one with `checkpoint AGENT PATH` or train with checkpoint=PATH")
            }
            // Without envs=, as many environments as the checkpoint was trained on.
            let envs = inv.given("envs") ? inv.int("envs") : try Trainer.environmentCount(inCheckpoint: inv.positional[1])
            let trainer = try trainer(inv.positional[0], env: inv.option("env"), envs: envs, session: session)
            try trainer.restore(from: inv.positional[1])
            session.print("resumed \(inv.positional[0]) at step \(trainer.steps), \(trainer.history.count) episodes")
            return nil
        })
}

/// What a person sees while an agent trains: at a terminal, a progress bar
/// (rate, ETA) and the returns plot redrawn in place; in a pipe, one line
/// per report, appended.
final class LiveTrainingView {
    let session: ShellSession
    let name: String
    let trainer: Trainer
    /// Episodes trained before this run (the plot marks where it began).
    let earlierEpisodes: Int
    private var drawnLines = 0
    private var lastReported = -1

    init(session: ShellSession, name: String, trainer: Trainer) {
        self.session = session
        self.name = name
        self.trainer = trainer
        earlierEpisodes = trainer.history.count
    }

    /// The returns of every episode the agent trained, with a moving average
    /// over a tenth of them (at most 100) and this run's start marked.
    static func chart(_ title: String, _ history: [EpisodeRecord], runStart: Int) -> LineChart {
        let returns = history.map(\.totalReward)
        var chart = LineChart(title: title, values: returns, window: max(1, min(100, returns.count / 10)))
        chart.runStart = runStart
        return chart
    }

    func update(_ p: TrainingProgress) {
        guard p.steps != lastReported else { return }
        lastReported = p.steps
        let recent = p.recentReturn.map { String(format: "%.3f", $0) } ?? "—"
        let loss = p.loss.map { String(format: "%.4f", $0) } ?? "—"
        // A session file records the appended line; the terminal shows the live view instead.
        let line = "step \(p.steps)/\(p.targetSteps)  episodes \(p.episodes)  updates \(p.updates)  return(100) \(recent)  loss \(loss)"
        guard session.isInteractive else { return session.print(line) }
        session.record(line)
        let style = session.plotStyle
        let done = Double(p.steps - (p.targetSteps - max(p.targetSteps, 1))) / Double(max(p.targetSteps, 1))
        let width = 30
        let filled = Int(Double(width) * min(1, done))
        let remaining = Double(p.targetSteps - p.steps) / max(p.stepsPerSecond, 1e-9)
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        // Keep every line within the terminal (a wrapped line would break the
        // in-place redraw), dropping the least useful parts first, never return and loss.
        let header = LiveTrainingView.fitted([
            ("\(name) \(p.steps)/\(p.targetSteps) steps  return(100) \(recent)  loss \(loss)", 0),
            ("  ETA \(LiveTrainingView.duration(remaining))", 1),
            (String(format: "  %.0f steps/s", p.stepsPerSecond), 2),
            ("  " + bar, 3),
            ("  (Ctrl-C stops)", 4),
        ], width: style.width)
        var chart = LiveTrainingView.chart(header, trainer.history, runStart: earlierEpisodes)
        chart.height = 8
        let text = chart.render(style)
        let clear = drawnLines > 0 ? "\u{1B}[\(drawnLines)A\u{1B}[J" : ""
        session.status(clear + text)
        drawnLines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    /// Clears the live view so the final chart replaces it.
    func finish() {
        if session.isInteractive && drawnLines > 0 { session.status("\u{1B}[\(drawnLines)A\u{1B}[J", terminator: "") }
    }

    /// The parts (text, rank: 0 is kept first) that fit in `width`, in their order.
    static func fitted(_ parts: [(String, Int)], width: Int) -> String {
        var kept = Set<Int>()
        var used = 0
        for (index, part) in parts.enumerated().sorted(by: { $0.element.1 < $1.element.1 }) {
            guard used + part.0.count <= width || kept.isEmpty else { continue }
            kept.insert(index)
            used += part.0.count
        }
        return String(parts.enumerated().filter { kept.contains($0.offset) }.map(\.element.0).joined().prefix(width))
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "—" }
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
