import Foundation
import SegueCore
import SegueComponents

/// `log-sessions`: logs from any world, in the MSSD schema, with propensities.
enum LoggingCommands {
    static let all = [logSessions]

    static let logSessions = Command(
        "log-sessions", topic: "worlds and environments",
        usage: "log-sessions [ENV] folder=DIR [sessions=N] [policy=shuffle|AGENT] [epsilon=E] [start=J] [seed=N]",
        abstract: "play a logging policy in any environment and write MSSD-schema logs, listeners and propensities",
        discussion: """
        Plays episodes start ..< start+sessions of ENV (default `env`; any user model, plugins included) under
        the logging policy and writes into DIR: sessions.csv (MSSD schema, with the episode's hour, premium
        and context type), tracks.csv (the catalog's track features), listeners.csv (session_id,user_index),
        propensities.csv (session_id,session_position,episode,candidate,pool_size,propensity: the probability
        the logging policy gave each play) and logging.txt (the recipe and policy). policy=shuffle (the
        default) plays a uniformly random unused candidate; policy=AGENT plays the agent's pick, shuffled
        instead with probability epsilon (default 0). The world of ENV then names these files as its logs, so
        `train-model swm listener=true` learns from them; `world mssd sessions=DIR/sessions.csv
        tracks=DIR/tracks.csv listeners=DIR/listeners.csv` reads them in another session.
        """,
        completions: [.value],
        options: [
            .path("folder", "the folder the five files are written into"),
            .int("sessions", 1000, range: 1...1e8, "sessions to log (episodes start ..< start+sessions)"),
            .string("policy", "shuffle", "the logging policy: shuffle, or an agent (a name or a spec like greedy(model=swm))"),
            .double("epsilon", 0, range: 0...1, "with an agent: the share of plays shuffled instead of the agent's pick"),
            .int("start", 0, range: 0...1e15, "the first episode logged"),
            Options.seed(1, "seed of the logging policy's draws"),
        ],
        run: { inv, session in
            guard let folder = inv.option("folder"), !folder.isEmpty else {
                throw SegueError("log-sessions needs folder=DIR", hint: "e.g. `log-sessions env folder=logs/shuffled sessions=2000`")
            }
            let env = try session.environment(inv.positional.first)
            var logger = SessionLogger(environment: env)
            let policy = inv.text("policy") ?? "shuffle"
            if policy != "shuffle" {
                let (name, agent) = try AgentCommands.resolve(policy, env: env, session: session)
                logger.agent = agent
                logger.policyName = name
                logger.epsilon = inv.double("epsilon")
            } else if inv.given("epsilon") {
                throw SegueError("epsilon= mixes shuffle with an agent, but policy is shuffle",
                                 hint: "name the agent: `log-sessions policy=cosine epsilon=0.3 folder=DIR`")
            }
            logger.seed = UInt64(inv.int("seed"))
            let sessions = inv.int("sessions")
            try session.checkWritable(folder, what: "log-sessions folder=")
            let summary = try logger.write(
                sessions: sessions, start: inv.int("start"), to: folder,
                progress: { n in AgentCommands.progress(session, "log-sessions", n, sessions) },
                shouldStop: session.interrupted)
            session.noteWritten(folder)
            if summary.sessions < sessions { session.clearInterrupt() }
            session.print(String(format: "logged %d sessions (%d plays, listen rate %.3f) by %@ to %@%@", summary.sessions, summary.plays,
                                 Double(summary.listens) / Double(max(summary.plays, 1)),
                                 logger.agent == nil ? "shuffle" : "\(logger.policyName) epsilon=\(logger.epsilon)", folder,
                                 summary.sessions < sessions ? " (interrupted)" : ""))
            session.print("world '\(env.world.name)' now reads its logs from \(folder)/sessions.csv (listeners.csv beside them)")
            return nil
        })
}
