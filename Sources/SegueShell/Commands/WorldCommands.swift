import Foundation
import SegueCore
import SegueComponents

/// `world`, `env`, `check`: making worlds and environments.
enum WorldCommands {
    static let all = [world, env, check]

    static let world = Command(
        "world", topic: "worlds and environments", usage: "[NAME =] world KIND [key=value ...]",
        abstract: "make a world (catalog, listeners, logs): `world demo`, `world bench`",
        discussion: """
        Parameters come from the world's schema: `describe demo`, `describe mssd` list them (`describe world`
        lists the kinds). The world made last is the current one, which commands use unless given world=.
        """,
        completions: [.component(.world)], forwards: .component(.world), makesValue: true,
        run: { inv, session in
            let kind = inv.positional.first ?? "demo"
            let spec = ComponentSpec(kind, inv.options.map { ($0.key, $0.value) })
            if let folder = inv.option("folder") {
                try session.checkWritable(folder, what: "world folder=")
                session.noteWritten(folder)
            }
            let context = ComponentContext(registry: session.registry, values: session.objects)
            LoggedWorld.ingestHooks = ingestHooks(session)
            defer { LoggedWorld.ingestHooks = IngestHooks() }
            let world: World
            do {
                world = try session.registry.make(.world, spec, context: context)
            } catch {
                if session.isInteractive { session.status("\r\u{1B}[K", terminator: "") }
                if session.interrupted() { session.clearInterrupt() }
                throw error
            }
            LogDataChecks.printNotices(world.notices, session: session)
            return .world(world)
        })

    static let env = Command(
        "env", topic: "worlds and environments",
        usage: "[NAME =] env [world=NAME] [user=MODEL] [episodes=SAMPLER] [sampler=TRACK-SAMPLER] [end=RULE,RULE] [trackers=T,T] [seed=N] [history=K]",
        abstract: "make an environment from a recipe of components",
        discussion: """
        Each component is written `name` or `name(key=value, ...)`, e.g.
          env user=truth episodes=random-pool(size=100) end=max-length(length=20),consecutive-skips(limit=3) seed=1
        Defaults: user=truth, sampler=no-repeat, episodes=random-pool, end=max-length,consecutive-skips, seed=1.
        history=K adds the latest K plays (each track's features and ±1 for listened/skipped) to the
        observation's context, for learners that should see what was just played (default 0).
        `user` may also name a user-model value this session holds.
        """,
        options: [Options.world] + Recipe.options, makesValue: true,
        run: { inv, session in
            guard inv.positional.isEmpty else {
                throw SegueError("env takes key=value options only, got '\(inv.positional[0])'", hint: "see `help env`")
            }
            let world = try session.world(inv.option("world"))
            var recipe = Recipe()
            try recipe.apply(inv.options.filter { $0.key != "world" }.map { ($0.key, $0.value) })
            // Trackers that export (step-log path=…) write where the session may.
            for tracker in recipe.trackers {
                for (key, path) in tracker.parameters where key == "path" && !path.isEmpty {
                    try session.checkWritable(path, what: "\(tracker.name) path=")
                    session.noteWritten(path)
                }
            }
            let environment = try session.builder
                .build(recipe, world: world)
            return .environment(environment)
        })

    /// Progress of an ingest as the shell shows it: one line redrawn at most
    /// four times a second at a terminal, else a plain line every 5 seconds;
    /// final lines (ingested, opened) always. Ctrl-C stops the ingest.
    static func ingestHooks(_ session: ShellSession) -> IngestHooks {
        var last = Date.distantPast
        return IngestHooks(status: { line in
            let progress = line.hasPrefix("ingesting:")
            if session.isInteractive {
                if progress, Date().timeIntervalSince(last) < 0.25 { return }
                last = Date()
                session.status("\r\u{1B}[K" + line, terminator: progress ? "" : "\n")
                fflush(stdout)   // stdout is line-buffered: a line redrawn in place has no newline to flush it
            } else {
                if progress, Date().timeIntervalSince(last) < 5 { return }
                if progress, last == .distantPast { last = Date(); return }
                last = Date()
                session.status(line)
            }
        }, shouldStop: session.interrupted)
    }

    static let check = Command(
        "check-env", topic: "worlds and environments", usage: "check-env [ENV] [episodes=N]",
        abstract: "run the environment checker: specs, no repeats, termination, rewards, determinism",
        completions: [.value], options: [.int("episodes", 20, range: 1...100_000, "episodes to play in each check")],
        run: { inv, session in
            let env = try session.environment(inv.positional.first)
            guard let recipe = env.recipe else { throw SegueError("this environment has no recipe to rebuild it from") }
            let episodes = inv.int("episodes")
            let builder = session.builder
            let findings = try EnvironmentChecker(episodes: episodes).check { try builder.build(recipe, world: env.world) }
            session.print(findings.map(\.description).joined(separator: "\n"))
            if findings.contains(where: { !$0.passed }) { throw SegueError("the environment failed its checks") }
            return nil
        })
}
