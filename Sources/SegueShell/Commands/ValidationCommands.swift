import Foundation
import SegueCore
import SegueComponents
import SegueModels

/// `validate` and `sim-report`: does a simulator rank policies as the online
/// world does, and does it behave like the logged listeners?
enum ValidationCommands {
    static let all = [validate, simReport]

    static let validate = Command(
        "validate", topic: "simulator validation",
        usage: "[NAME =] validate AGENT AGENT AGENT ... offline=ENV[,ENV...] online=ENV [reference=AGENT] [episodes=N] [start=J] [resamples=N] [seed=N] [csv=PATH]",
        abstract: "play policies offline (simulators) and online on the same episodes; returns, ranks, Pearson/Spearman/Kendall, scatter",
        discussion: """
        Each policy plays episodes start ..< start+episodes (default 0 ..< 500) of every environment: `online`
        (the listeners, e.g. `env user=truth`, or any user model standing in for them) and each `offline`
        simulator (e.g. `env user=swm`). The environments must share their world, episode sampler and seed, so
        episode j has the same listener, pool and context everywhere. Prints each policy's mean return ± 95% CI
        and rank per environment, then per simulator Pearson's r of the returns, Spearman's ρ and Kendall's τ-b
        of the rankings (τ with a 95% bootstrap interval over episodes, `resamples` draws from `seed`), the pairs
        of policies ordered as online, the mean bias and regret@1, then a scatter of offline against online
        returns. `plot NAME` redraws the scatter; csv=PATH writes every episode's return.

        reference=AGENT plays one more policy everywhere as a yardstick that is not chosen among, such as the
        oracle (`agent greedy model=truth`), which reads the ground truth and so could never be deployed: it
        is listed last and left out of the correlations and of regret@1, whose share is then of its online
        return ("regret@1 at most 2% of the oracle's return"). Name it among the policies instead to ask
        whether the simulator would also pick it out.
        """,
        completions: [.value],
        options: [
            .value("offline", "env", "", "the simulators, comma-separated environment names"),
            .value("online", "env", "", "the environment standing for the online listeners"),
            .string("reference", "", "a yardstick policy played everywhere but not ranked, e.g. the oracle; regret@1's share is of its online return"),
            .int("episodes", 500, range: 2...1e9, "episodes each policy plays in every environment"),
            .int("start", 0, range: 0...1e15, "index of the first episode"),
            .int("resamples", 1000, range: 1...1e7, "bootstrap draws for τ's interval"),
            Options.seed(1, "seed of the bootstrap"),
            .path("csv", "write every episode's return to this file"),
        ],
        makesValue: true,
        run: { inv, session in
            guard let onlineName = inv.option("online"), let offlineNames = inv.option("offline") else {
                throw SegueError("validate needs offline=ENV and online=ENV",
                                 hint: "e.g. `validate random popularity greedy offline=sim online=truth_env`")
            }
            let names = offlineNames.split(separator: ",").map(String.init)
            if let both = names.first(where: { $0 == onlineName }) {
                throw SegueError("'\(both)' is both offline and online", hint: "compare a simulator with another environment")
            }
            let online = try session.environment(onlineName)
            let offline = try names.map { try session.environment($0) }
            for (name, env) in zip(names, offline) { try checkPaired(env, name, with: online, onlineName) }
            guard inv.positional.count >= 3 else {
                throw SegueError("validate needs at least 3 policies to correlate, got \(inv.positional.count)",
                                 hint: "e.g. `validate random popularity cosine greedy offline=\(names[0]) online=\(onlineName)`")
            }
            var policies = try inv.positional.map { try AgentCommands.resolve($0, env: online, session: session) }
            var reference: Int?
            if let name = inv.text("reference"), !name.isEmpty {
                policies.append(try AgentCommands.resolve(name, env: online, session: session))
                reference = policies.count - 1
            }
            if let twice = policies.map(\.0).firstDuplicate {
                throw SegueError("policy '\(twice)' is named twice", hint: "keep differently configured agents under their own names: `g2 = agent greedy model=swm`")
            }
            let episodes = inv.int("episodes")
            let start = inv.int("start")
            let resamples = inv.int("resamples")
            let seed = inv.int("seed")
            let builder = session.builder
            var built: [(String, Environment)] = []
            func maker(_ env: Environment, _ name: String = "") -> () throws -> Environment {
                { let made = try builder.build(env.recipe!, world: env.world); built.append((name, made)); return made }
            }
            let validation = try SimulatorValidation(
                policies: policies, reference: reference, episodes: episodes, firstEpisode: start,
                online: (onlineName, maker(online)), offline: zip(names, offline).map { ($0, maker($1, $0)) },
                resamples: resamples, seed: UInt64(seed),
                progress: { world, policy, n in AgentCommands.progress(session, "\(world): \(policy)", n, episodes) },
                shouldStop: session.interrupted)
            if validation.episodes < episodes {
                session.clearInterrupt()
                session.print("interrupted: \(validation.episodes) of \(episodes) episodes in every environment")
            }
            session.print(validation.table())
            session.print("")
            session.print(validation.agreementTable())
            if let text = EnsembleDisagreement.text(built) { session.print(text) }
            session.report(validation)
            for simulator in validation.offline {
                session.print("")
                session.printPlot(scatter(validation, simulator).render)
            }
            if let path = inv.option("csv") {
                try session.writeFile(path, what: "validate csv=") { try AtomicFile.write(validation.csv(), to: path) }
                session.print("wrote \(path)")
            }
            return .validation(validation)
        })

    static let simReport = Command(
        "sim-report", topic: "simulator validation",
        usage: "sim-report ENV [logs=PATH] [part=test|validation|train|all] [sessions=N] [seed=N]",
        abstract: "replay held-out logged sessions in a simulator: skip rate by position, session lengths, listen rate by context",
        discussion: """
        Each logged session of `part` (default test, split by `seed`: default the seed the environment's
        learned user model was trained with, so none of these sessions trained it) is played in its logged
        order and context with outcomes drawn from ENV's user model, free-running, and ended by ENV's
        termination rules; the same rules cut the logged outcomes. Where `model-report` scores each play given
        the logged history, this shows whether the simulator's sessions, played out, look like the logs.
        logs=PATH reads another MSSD-schema log against ENV's catalog (default the world's own).
        """,
        completions: [.value],
        options: [
            .path("logs", "an MSSD-schema log to replay against ENV's catalog (default: the world's own)"),
            .choice("part", ["test", "validation", "train", "all"], "test", "which part of the split to replay"),
            .int("sessions", 0, range: 0...1e9, "most logged sessions to read (0: all)"),
            Options.seed(1, "seed of the split (default: the seed the environment's model was trained with)"),
        ],
        run: { inv, session in
            let name = inv.positional.first ?? "env"
            let env = try session.environment(inv.positional.first)
            let learned = env.userModel as? any LearnedUserModel
            let label = learned?.encoder.label ?? .notSkipped
            let limit = inv.int("sessions")
            let data: SessionDataset
            if let path = inv.option("logs") {
                data = try SessionDataset.read(path: path, catalog: env.world.catalog, label: label,
                                               limit: limit == 0 ? nil : limit, worldName: env.world.name)
            } else {
                data = try ModelCommands.heldOut(world: env.world, label: label, sessions: limit == 0 ? nil : limit)
            }
            let seed = inv.given("seed") ? UInt64(inv.int("seed")) : learned?.training?.splitSeed ?? 1
            var config = TrainingConfig()
            config.seed = seed
            let part = inv.text("part") ?? "test"
            guard let sessions = config.split(sessionCount: data.sessionCount).sessions(part, count: data.sessionCount) else {
                throw SegueError("sim-report: part is test, validation, train or all, got '\(part)'")
            }
            try LogDataChecks.requireSessions(sessions, part: part, count: data.sessionCount, seed: seed, command: "sim-report")
            let calibration = SimulatorCalibration(
                userModel: env.userModel, terminations: env.terminations, world: env.world, data: data, sessions: sessions,
                part: part == "all" ? "all sessions" : "\(part) split (seed \(seed))", seed: env.seed)
            session.print("\(name): " + calibration.text)
            return nil
        })

    /// Throws unless `offline` replays `online`'s episodes: the same world,
    /// episode sampler and seed, and both rebuildable from a recipe.
    static func checkPaired(_ offline: Environment, _ offlineName: String, with online: Environment, _ onlineName: String) throws {
        guard let a = offline.recipe, let b = online.recipe else {
            throw SegueError("'\(offline.recipe == nil ? offlineName : onlineName)' has no recipe to replay episodes from",
                             hint: "make environments with `env`")
        }
        guard offline.world === online.world else {
            throw SegueError("'\(offlineName)' and '\(onlineName)' are over different worlds", hint: "make both with the same world=")
        }
        guard a.episodeSampler == b.episodeSampler, a.seed == b.seed else {
            throw SegueError("'\(offlineName)' (episodes=\(a.episodeSampler) seed=\(a.seed)) and '\(onlineName)' (episodes=\(b.episodeSampler) seed=\(b.seed)) draw different episodes",
                             hint: "make both with the same episodes= and seed=, so each policy meets the same listeners and pools")
        }
    }

    /// Offline (x) against online (y) mean return per policy, for one simulator.
    static func scatter(_ validation: SimulatorValidation, _ simulator: SimulatorValidation.Side) -> ScatterPlot {
        let x = validation.estimates(in: simulator), y = validation.estimates(in: validation.online)
        let tau = validation.agreement(simulator).kendall.value
        return ScatterPlot(
            title: "mean return, offline in \(simulator.name) vs online in \(validation.online.name) (Kendall τ \(tau.isNaN ? "—" : String(format: "%.3f", tau)))",
            points: validation.policies.indices.map { ScatterPlot.Point(label: validation.policies[$0], x: x[$0].mean, y: y[$0].mean) },
            xLabel: "offline return (\(simulator.name))", yLabel: "online return (\(validation.online.name))")
    }
}

extension Array where Element: Hashable {
    /// The first element that occurs again later, if any.
    var firstDuplicate: Element? {
        var seen = Set<Element>()
        return first { !seen.insert($0).inserted }
    }
}
