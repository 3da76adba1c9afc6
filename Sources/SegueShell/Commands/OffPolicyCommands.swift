import Foundation
import SegueCore
import SegueComponents

/// `ope`: off-policy estimates from logged sessions beside simulators and the
/// online world, with the selection metrics that say which would choose well.
enum OffPolicyCommands {
    static let all = [ope]

    static let ope = Command(
        "ope", topic: "simulator validation",
        usage: "ope AGENT AGENT AGENT ... logs=DIR online=ENV [env=ENV] [offline=ENV,...] [model=MODEL] [episodes=N] [resamples=N] [seed=N]",
        abstract: "rank policies by off-policy estimates (IPS, SNIPS, PDIS, DR) from logs, by simulators, and online",
        discussion: """
        logs=DIR is a folder `log-sessions` wrote (sessions.csv and propensities.csv); env=ENV (default `env`)
        has the recipe and seed the sessions were logged with, so each logged session is walked again and
        every policy's pick is compared with the logged one. IPS reweights whole sessions, SNIPS normalises
        the weights, PDIS weights each reward by its prefix, DR adds a direct model's P(listen) (model=, a
        user model this session holds; without it DR is left out). Intervals: 95% bootstrap over sessions
        (resamples draws from seed). Each policy also plays episodes 0 ..< episodes online and in each offline
        simulator (as `validate`). Then per method: r, ρ, τ and τ's interval against the online means,
        regret@1 (online return lost by deploying the method's first choice, and its share of the online
        best), and the "A beats B" calls made at 95% that online contradicts.
        """,
        completions: [.value],
        options: [
            .path("logs", "the folder log-sessions wrote (sessions.csv, propensities.csv)"),
            Options.env,
            .value("online", "env", "", "the environment standing for the online listeners"),
            .value("offline", "env", "", "simulators to rank beside the estimators, comma-separated"),
            .value("model", "model", "", "the user model behind DR's direct method"),
            .int("episodes", 500, range: 2...1e9, "episodes each policy plays online and in each simulator"),
            .int("resamples", 200, range: 20...1e6, "bootstrap draws for every interval"),
            Options.seed(1, "seed of the bootstrap"),
        ],
        run: { inv, session in
            guard let folder = inv.option("logs"), let onlineName = inv.option("online") else {
                throw SegueError("ope needs logs=DIR and online=ENV", hint: "e.g. `ope random cosine greedy logs=logs/shuffled online=online`")
            }
            guard inv.positional.count >= 3 else {
                throw SegueError("ope needs at least 3 policies to rank, got \(inv.positional.count)",
                                 hint: "e.g. `ope random popularity cosine logs=\(folder) online=\(onlineName)`")
            }
            let logging = try session.environment(inv.option("env"))
            let online = try session.environment(onlineName)
            let names = inv.option("offline").map { $0.split(separator: ",").map(String.init) } ?? []
            let offline = try names.map { try session.environment($0) }
            for (name, env) in zip(names, offline) { try ValidationCommands.checkPaired(env, name, with: online, onlineName) }
            guard let recipe = logging.recipe else { throw SegueError("'\(inv.option("env") ?? "env")' has no recipe to replay logged sessions in") }
            var direct: (any UserModel)?
            if let m = inv.option("model") {
                guard case .userModel(let model, _)? = session.values[m] else {
                    throw SegueError("model=\(m) is not a user model this session holds", hint: "train one: `\(m) = train-model swm listener=true`")
                }
                direct = model
            }
            let policies = try inv.positional.map { try AgentCommands.resolve($0, env: online, session: session) }
            if let twice = policies.map(\.0).firstDuplicate { throw SegueError("policy '\(twice)' is named twice") }
            let logs = try LoggedPlays.read(folder: folder)
            let builder = session.builder
            let resamples = inv.int("resamples"), seed = UInt64(inv.int("seed"))
            let estimates = try OffPolicyEstimates(
                policies: policies, logs: logs, makeEnvironment: { try builder.build(recipe, world: logging.world) },
                directModel: direct, resamples: resamples, seed: seed,
                progress: { name, n in AgentCommands.progress(session, "ope: \(name)", n, logs.sessions.count) })
            let episodes = inv.int("episodes")
            func maker(_ env: Environment) -> () throws -> Environment { { try builder.build(env.recipe!, world: env.world) } }
            let validation = try SimulatorValidation(
                policies: policies, episodes: episodes, online: (onlineName, maker(online)),
                offline: zip(names, offline).map { ($0, maker($1)) }, resamples: resamples, seed: seed,
                progress: { world, policy, n in AgentCommands.progress(session, "\(world): \(policy)", n, episodes) })
            session.print(report(validation, estimates, logs: logs))
            return nil
        })

    /// The side-by-side table of values and ranks, then one row of selection metrics per method.
    static func report(_ v: SimulatorValidation, _ e: OffPolicyEstimates, logs: LoggedPlays) -> String {
        let onlineMeans = v.estimates(in: v.online).map(\.mean)
        let estimators = OffPolicyEstimates.names.indices.filter { i in e.estimates.allSatisfy { $0[i] != nil } }
        var values: [(String, [Double], [String], [[Double]])] = v.offline.map { side in
            let est = v.estimates(in: side)
            return (side.name, est.map(\.mean), est.map(\.description), PolicySelection.bootstrapMeans(v.returns(in: side), resamples: e.resamples, seed: e.seed))
        }
        for i in estimators {
            let est = e.estimates.map { $0[i]! }
            values.append((OffPolicyEstimates.names[i], est.map(\.value),
                           est.map { String(format: "%.3f [%.3f, %.3f]", $0.value, $0.interval.lowerBound, $0.interval.upperBound) }, e.draws(i)))
        }
        let onlineRanks = SimulatorValidation.descendingRanks(onlineMeans)
        let ranks = values.map { SimulatorValidation.descendingRanks($0.1) }
        var rows = [["policy", "\(v.online.name) (95% CI)", "rank"] + values.flatMap { [$0.0, "rank"] }]
        let onlineText = v.estimates(in: v.online).map(\.description)
        for (p, policy) in v.policies.enumerated() {
            rows.append([policy, onlineText[p], SimulatorValidation.rankText(onlineRanks[p])]
                        + values.indices.flatMap { m in [values[m].2[p], SimulatorValidation.rankText(ranks[m][p])] })
        }
        var metrics = [["method", "Pearson r", "Spearman ρ", "Kendall τ", "τ 95% interval", "regret@1", "calls contradicted"]]
        for value in values {
            let s = PolicySelection(offline: value.1, online: onlineMeans, draws: value.3)
            let a = s.agreement
            metrics.append([value.0, SimulatorValidation.number(a.pearson), SimulatorValidation.number(a.spearman),
                            SimulatorValidation.number(a.kendall.value),
                            a.kendallInterval.map { "[\(SimulatorValidation.number($0.lowerBound)), \(SimulatorValidation.number($0.upperBound))]" } ?? "—",
                            String(format: "%.3f (%.1f%%)", s.regretAtOne, 100 * s.regretShare), "\(s.contradicted)/\(s.calls)"])
        }
        let matches = zip(v.policies, zip(e.fullMatches, e.effectiveSessions))
            .map { "\($0.0) \($0.1.0) (\(String(format: "%.1f", $0.1.1)))" }.joined(separator: ", ")
        return TextTable.render(rows) + "\n\n" + TextTable.render(metrics) + "\n" + """
        \(logs.sessions.count) logged sessions; sessions whose every logged pick is the policy's own (effective sessions): \(matches).
        online: \(v.episodes) episodes a policy; intervals and calls: \(e.resamples) bootstrap draws; a call "A beats B" is made when
        A is above B in 97.5% of the draws, and contradicted when A's online mean is below B's.
        """
    }
}
