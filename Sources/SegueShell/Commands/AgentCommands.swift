import Foundation
import SegueCore
import SegueComponents

/// `agent`, `rollout`, `compare`: policies and how they do.
enum AgentCommands {
    static let all = [agent, rollout, compare]

    static let agent = Command(
        "agent", topic: "agents", usage: "[NAME =] agent KIND [env=NAME] [key=value ...]",
        abstract: "make an agent: random, popularity, cosine, greedy(model=...) and more",
        discussion: "Parameters come from the agent's schema (`describe greedy`). The agent fits the environment `env=` (default `env`).",
        completions: [.component(.agent)], options: [Options.env], forwards: .component(.agent), makesValue: true,
        run: { inv, session in
            guard let kind = inv.positional.first else {
                throw SegueError("agent needs a kind", hint: "e.g. `agent random`; `list agent` shows them")
            }
            let options = inv.options.filter { $0.key != "env" }
            let spec = ComponentSpec(kind, options.map { ($0.key, $0.value) })
            // An agent that learns nothing (greedy over a model this session holds, or over a registered
            // one such as truth, made on the session's world) needs no environment yet.
            if inv.option("env") == nil, session.values["env"] == nil, kind == "greedy",
               session.values[spec.parameters["model"] ?? "truth"] != nil || session.values["world"] != nil {
                let context = ComponentContext(registry: session.registry, world: try? session.world(nil), values: session.objects)
                let agent: any Agent = try session.registry.make(.agent, spec, context: context)
                return .agent(agent, description: spec.description)
            }
            let (agent, text) = try make(spec, env: try session.environment(inv.option("env")), session: session)
            return .agent(agent, description: text)
        })

    /// Makes an agent for `env` from a spec.
    static func make(_ spec: ComponentSpec, env: Environment, session: ShellSession) throws -> (any Agent, String) {
        let context = ComponentContext(registry: session.registry, world: env.world, specs: env.specs,
                                       seed: env.seed, values: session.objects)
        let agent: any Agent = try session.registry.make(.agent, spec, context: context)
        return (agent, spec.description)
    }

    /// An agent value by name, or a registered agent made on the spot, with the
    /// label tables show.
    static func resolve(_ word: String, env: Environment, session: ShellSession) throws -> (String, any Agent) {
        if case .agent(let agent, _)? = session.values[word] { return (word, agent) }
        let spec = try ComponentSpec.parse(word)
        if session.values[spec.name] != nil {
            throw SegueError("'\(spec.name)' is \(session.values[spec.name]!.kindWithArticle), not an agent")
        }
        // Labelled as written (`greedy(model=swm)`), so two configurations of one
        // agent stay apart in tables and plots.
        return (spec.description, try make(spec, env: env, session: session).0)
    }

    static let rollout = Command(
        "rollout", topic: "agents", usage: "rollout AGENT [env=NAME] [episodes=N]",
        abstract: "play an agent for N episodes (the environment's next ones) and summarise",
        completions: [.value],
        options: [Options.env, .int("episodes", 100, range: 1...1e9, "episodes to play, the environment's next ones")],
        run: { inv, session in
            let env = try session.environment(inv.option("env"))
            let (name, agent) = try resolve(inv.positional.first ?? "random", env: env, session: session)
            let episodes = inv.int("episodes")
            let results = try Driver(environment: env, agent: agent).run(
                episodes: episodes, progress: { _, n in progress(session, name, n, episodes) },
                shouldStop: session.interrupted)
            if results.count < episodes { session.clearInterrupt() }
            let returns = MeanEstimate(results.map(\.totalReward))
            let plays = results.map(\.length).reduce(0, +), listens = results.map(\.listens).reduce(0, +)
            session.print(String(format: "%@: %d episodes, return %@, length %.2f, listen rate %.3f%@",
                                 name, results.count, returns.description, Double(plays) / Double(max(results.count, 1)),
                                 Double(listens) / Double(max(plays, 1)), results.count < episodes ? " (interrupted)" : ""))
            return nil
        })

    static let compare = Command(
        "compare", topic: "agents", usage: "[NAME =] compare AGENT AGENT ... [env=NAME] [episodes=N] [start=J] [baseline=AGENT] [csv=PATH] [jsonl=PATH]",
        abstract: "play several agents on exactly the same episodes; table with 95% CIs and paired differences",
        discussion: "`csv=` writes one row per policy and episode; `jsonl=` one JSON object per policy and episode, with each play's outcome.",
        completions: [.value],
        options: [
            Options.env,
            .int("episodes", 200, range: 1...1e9, "episodes each agent plays (the same ones for all)"),
            .int("start", 0, range: 0...1e15, "index of the first episode"),
            .string("baseline", "", "the agent the paired differences are taken against (default: the first)"),
            .path("csv", "write one row per policy and episode to this file"),
            .path("jsonl", "write one JSON object per policy and episode, with each play's outcome"),
        ],
        makesValue: true,
        run: { inv, session in
            let env = try session.environment(inv.option("env"))
            guard !inv.positional.isEmpty else {
                throw SegueError("compare needs agents", hint: "e.g. `compare random popularity greedy`")
            }
            let policies = try inv.positional.map { try resolve($0, env: env, session: session) }
            let episodes = inv.int("episodes")
            let start = inv.int("start")
            guard let recipe = env.recipe else { throw SegueError("this environment has no recipe to replay episodes from") }
            let builder = session.builder
            let evaluation = try Evaluation(
                policies: policies, episodes: episodes, firstEpisode: start,
                makeEnvironment: { try builder.build(recipe, world: env.world) },
                progress: { name, n in progress(session, name, n, episodes) }, shouldStop: session.interrupted)
            if let baseline = inv.option("baseline"), !policies.contains(where: { $0.0 == baseline }) {
                throw SegueError("baseline '\(baseline)' is not among the compared agents")
            }
            session.print(evaluation.table(baseline: inv.option("baseline")))
            session.report(evaluation)
            for (key, text) in [("csv", evaluation.csv), ("jsonl", evaluation.jsonl)] {
                guard let path = inv.option(key) else { continue }
                try session.writeFile(path, what: "compare \(key)=") { try AtomicFile.write(text(), to: path) }
                session.print("wrote \(path)")
            }
            return .evaluation(evaluation)
        })

    /// A progress line at a terminal, redrawn in place; nothing in a pipe.
    static func progress(_ session: ShellSession, _ name: String, _ done: Int, _ total: Int) {
        guard session.isInteractive, total > 0, done % max(1, total / 50) == 0 || done == total else { return }
        let width = 30
        let filled = width * done / total
        session.status("\r\(name) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                       + "] \(done)/\(total)" + (done == total ? "\r\u{1B}[K" : ""), terminator: "")
    }
}

/// Writes text files atomically: a temporary file in the same folder, flushed
/// to disk, then a rename; when any step fails (a full disk, a read-only
/// folder) the temporary file is removed and the file that was there is kept.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temporary)
            let handle = try FileHandle(forUpdating: temporary)
            defer { try? handle.close() }
            try handle.synchronize()
            guard rename(temporary.path, path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SegueError("cannot write '\(path)': \(error.localizedDescription)\(WriteFailure.keptNote(path))",
                             hint: "check the folder is writable and has space")
        }
    }
}
