import Foundation
import SegueCore
import SegueData

/// Plays a logging policy in any environment — the demo world's ground truth,
/// a learned model or a plugin's user model — and writes what it played in the
/// MSSD schema, as `DemoLogs` does for the demo world:
///
/// - `sessions.csv`: one MSSD row per play, with the episode's context
///   (`hour_of_day`, `premium`, `context_type`) and a date;
/// - `tracks.csv`: the catalog's track features (see `CatalogTrackRecords`);
/// - `listeners.csv`: `session_id,user_index`, the episode's listener;
/// - `propensities.csv`: `session_id,session_position,episode,candidate,pool_size,propensity`,
///   the probability the logging policy gave the play it made (what off-policy
///   estimators divide by), with the episode number and candidate index that
///   let them replay the logged state;
/// - `logging.txt`: the environment's recipe and the logging policy.
///
/// The logging policy is `shuffle` (a uniformly random unused candidate, as
/// MSSD's shuffled subset) when no agent is given; with an agent it plays the
/// agent's pick, except that with probability `epsilon` it shuffles instead.
/// The propensity of candidate c with u unused candidates is then
/// `epsilon/u + (1 − epsilon)·[c is the agent's pick]`, exact when the agent's
/// pick is a function of the observation (every built-in agent but the
/// learners' sampling modes).
///
/// Every draw comes from `seed`: session `j` (episode `start + j`) uses
/// `SeedKey(seed).derive(episode)`; outcomes come from the environment's own
/// episode streams, so the same command writes the same files, byte for byte.
public struct SessionLogger {
    public let environment: Environment
    /// The agent whose picks are mixed with shuffle; nil: shuffle only.
    public var agent: (any Agent)?
    /// The share of plays shuffled when an agent is given (0...1).
    public var epsilon = 0.0
    /// Seed of the logging policy's draws.
    public var seed: UInt64 = 1
    /// Label of the policy in `logging.txt` and `show`.
    public var policyName = "shuffle"

    public init(environment: Environment) {
        self.environment = environment
    }

    /// What `write` produced.
    public struct Summary: Sendable {
        public var sessions = 0
        public var plays = 0
        public var listens = 0
        public var folder = ""
    }

    /// Plays episodes `start ..< start + sessions` and writes the five files into
    /// `folder` atomically; the environment's world then names them as its logs
    /// (so `train-model` learns from them, listener-aware when asked).
    /// - Parameter shouldStop: asked between sessions; true stops early, and the files
    ///   hold the sessions played so far.
    /// - Throws: `SegueError` when the folder cannot be written, the agent fails, or the
    ///   track sampler does not play the candidate the logging policy chose.
    @discardableResult
    public func write(sessions: Int, start: Int = 0, to folder: String,
                      progress: ((Int) -> Void)? = nil, shouldStop: (() -> Bool)? = nil) throws -> Summary {
        let world = environment.world
        defer { environment.endRun() }
        let sessionsPath = "\(folder)/sessions.csv", tracksPath = "\(folder)/tracks.csv"
        let listenersPath = "\(folder)/listeners.csv", propensitiesPath = "\(folder)/propensities.csv"
        var summary = Summary(folder: folder)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try TrackFeatureWriter.write(CatalogTrackRecords.records(world.catalog), to: URL(fileURLWithPath: tracksPath))
            let writer = try SessionLogWriter(url: URL(fileURLWithPath: sessionsPath))
            var listeners: [SessionListenerRecord] = []
            var propensities = ["session_id,session_position,episode,candidate,pool_size,propensity"]
            for j in 0..<sessions {
                if shouldStop?() == true { break }
                let logged = try play(episode: start + j)
                try writer.append(contentsOf: logged.rows)
                listeners.append(SessionListenerRecord(sessionID: logged.rows[0].sessionID, userIndex: logged.user))
                for (t, play) in logged.plays.enumerated() {
                    propensities.append("\(logged.rows[0].sessionID),\(t + 1),\(start + j),\(play.candidate),\(logged.poolSize),\(play.propensity)")
                }
                summary.sessions += 1
                summary.plays += logged.rows.count
                summary.listens += logged.rows.filter(\.notSkipped).count
                progress?(summary.sessions)
            }
            try writer.close()
            try SessionListenerFile.write(listeners, to: URL(fileURLWithPath: listenersPath))
            try (propensities.joined(separator: "\n") + "\n").write(toFile: propensitiesPath, atomically: true, encoding: .utf8)
            let recipe = environment.recipe?.description ?? "(an environment without a recipe)"
            let about = """
                logged by segue log-sessions
                environment: \(recipe)
                policy: \(policyName)\(agent == nil ? "" : " epsilon=\(epsilon)")
                seed: \(seed)
                episodes: \(start)..<\(start + summary.sessions)
                schema: \(SegueDataModule.schema)

                """
            try about.write(toFile: "\(folder)/logging.txt", atomically: true, encoding: .utf8)
        } catch let error as SegueError {
            throw error
        } catch let error as DataError {
            throw SegueError(error.message, hint: error.hint)
        } catch {
            throw SegueError("cannot write logs to '\(folder)': \(error.localizedDescription)",
                             hint: "choose a writable folder with folder=PATH")
        }
        world.logFiles = [sessionsPath]
        world.trackFeatureFile = tracksPath
        world.listenerFile = listenersPath
        return summary
    }

    /// One logged session: its MSSD rows, listener, and each play's candidate and propensity.
    struct LoggedSession {
        var rows: [SessionLogRecord]
        var user: Int
        var poolSize: Int
        var plays: [(candidate: Int, propensity: Double)]
    }

    /// Plays episode `number` under the logging policy.
    func play(episode number: Int) throws -> LoggedSession {
        let env = environment
        var step = env.reset(episode: number)
        let episode = step.observation.episode
        let key = SeedKey(seed).derive(UInt64(number))
        var plays: [(candidate: Int, propensity: Double)] = []
        var outcomes: [(track: Int, listened: Bool)] = []
        while !step.isLast {
            let observation = step.observation
            let t = UInt64(observation.session.length)
            let unused = observation.mask.reduce(0) { $0 + ($1 ? 1 : 0) }
            guard unused > 0 else { break }
            let uniformPick = Self.unusedCandidate(observation.mask, key.derive(1).index(t, below: unused))
            var chosen = uniformPick
            var propensity = 1 / Double(unused)
            if let agent {
                let pick = try env.trackSampler.candidate(for: try agent.act(step), observation: observation)
                if key.derive(0).uniform(t) >= epsilon { chosen = pick }
                propensity = epsilon / Double(unused) + (chosen == pick ? 1 - epsilon : 0)
            }
            step = try env.step(.candidate(chosen))
            let played = step.observation.session.candidates.last ?? -1
            guard played == chosen else {
                throw SegueError("log-sessions chose candidate \(chosen) but the track sampler played \(played)",
                                 hint: "log with a track sampler that plays unused picks as they are, e.g. sampler=no-repeat")
            }
            plays.append((chosen, propensity))
            outcomes.append((episode.pool[chosen], step.observation.session.outcomes.last ?? false))
        }
        let id = "log_\(String(seed, radix: 16))_\(number)"
        let date = LogDate(year: 2018, month: 7, day: 1 + number % 28)!
        var reason = "clickrow"
        let rows = outcomes.enumerated().map { t, play -> SessionLogRecord in
            let end = play.listened ? "trackdone" : "fwdbtn"
            defer { reason = end }
            let early = key.derive(2).uniform(UInt64(t)) < 0.6
            return SessionLogRecord(
                sessionID: id, sessionPosition: t + 1, sessionLength: outcomes.count,
                trackID: env.world.catalog.ids[play.track],
                skip1: !play.listened && early, skip2: !play.listened, skip3: !play.listened, notSkipped: play.listened,
                isShuffle: agent == nil, hourOfDay: episode.context.hourOfDay, date: date, premium: episode.context.premium,
                contextType: episode.context.contextType, reasonStart: reason, reasonEnd: end)
        }
        guard !rows.isEmpty else {
            throw SegueError("episode \(number) ended before its first play", hint: "log from an environment whose episodes play at least one track")
        }
        return LoggedSession(rows: rows, user: episode.user, poolSize: episode.pool.count, plays: plays)
    }

    /// The `draw`-th unused candidate in ascending order.
    static func unusedCandidate(_ mask: [Bool], _ draw: Int) -> Int {
        var left = draw
        for c in mask.indices where mask[c] {
            if left == 0 { return c }
            left -= 1
        }
        return mask.lastIndex(of: true) ?? 0
    }
}
