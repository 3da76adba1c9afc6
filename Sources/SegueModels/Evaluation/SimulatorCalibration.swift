import Foundation
import SegueCore
import SegueComponents

/// A simulator replayed on held-out logged sessions and compared with what
/// the listeners did: skip rate by position, session length under the
/// termination rules, and completion (listen) rate by context type.
///
/// Each logged session is played free-running: its tracks in their logged
/// order and its logged context, outcomes drawn from the simulator's user
/// model (so errors compound along the session, as they do when agents
/// train), and the environment's termination rules ending it. The same
/// rules, with the same random draws, cut the logged outcomes, and both are
/// capped at the logged length (the log has no tracks beyond it), so the two
/// sides differ only in who decided listen or skip.
///
/// A logged session's length is not independent of its listener (one who
/// likes what is played stays longer), so a simulator that does not know the
/// listener ends sessions somewhat earlier than logged even when each play's
/// probability is right: in the demo world the ground truth itself, replayed
/// with a listener drawn at random, does. Where the world has a ground truth,
/// its report is the reference to compare a learned simulator's with.
///
/// Where the logs name each session's listener (a listeners file, as the
/// demo world writes), the replay's listener is the logged one. Otherwise
/// (MSSD has no listener ids) it is drawn uniformly among those with the
/// session's premium flag — what the demo world's random logging did; models
/// that read only the context and the session do not notice the draw.
public struct SimulatorCalibration: Sendable {
    /// One session position (1-based; the last row gathers later ones).
    public struct PositionRow: Sendable, Equatable {
        public var position: Int
        public var loggedPlays: Int
        public var simulatedPlays: Int
        public var loggedSkipRate: Double
        public var simulatedSkipRate: Double
        /// Share of logged sessions that end at this position.
        public var loggedEnds: Double
        /// Share of simulated sessions that end at this position.
        public var simulatedEnds: Double
    }

    /// Plays of sessions started from one context type.
    public struct ContextRow: Sendable, Equatable {
        public var contextType: String
        public var sessions: Int
        public var loggedListenRate: Double
        public var simulatedListenRate: Double
    }

    /// Which sessions were replayed, e.g. "test split (seed 1)".
    public var part: String
    public var sessions: Int
    public var positions: [PositionRow] = []
    public var contexts: [ContextRow] = []
    /// Session lengths under the rules.
    public var loggedLengths: [Int] = []
    public var simulatedLengths: [Int] = []
    public var loggedListenRate = 0.0
    public var simulatedListenRate = 0.0

    /// Positions shown one by one; later ones are gathered in the last row.
    public static let maxPosition = 20

    /// Replays `sessions` of `data` (read against `world`'s catalog) with
    /// `userModel` and `terminations`, each from its own key derived from `seed`.
    public init(userModel: any UserModel, terminations: [any TerminationRule], world: World,
                data: SessionDataset, sessions: [Int], part: String, seed: UInt64) {
        self.part = part
        self.sessions = sessions.count
        let population = world.population
        let byPremium = [false, true].map { flag in population.premium.indices.filter { population.premium[$0] == flag } }
        let lengthScale = terminations.compactMap(\.lengthLimit).min() ?? SimulatorCalibration.maxPosition
        let skipScale = terminations.compactMap(\.skipLimit).min() ?? 3
        let root = SeedKey(seed).derive(200)
        var logged: [[Bool]] = [], simulated: [[Bool]] = []
        for s in sessions {
            let tracks = data.tracks[data.plays(of: s)].map(Int.init)
            let context = data.contexts[s]
            let key = root.derive(UInt64(s))
            let users = byPremium[context.premium ? 1 : 0].isEmpty ? Array(population.premium.indices) : byPremium[context.premium ? 1 : 0]
            let listener = Int(data.listeners[s])
            let user = listener >= 0 && listener < population.count
                ? listener : users[key.derive(EpisodeStream.user).index(0, below: users.count)]
            let episode = Episode(number: s, key: key, user: user, pool: tracks, context: context)
            /// The session's outcomes up to where the rules end it; the model
            /// observes each play when it is the one deciding.
            func play(simulated: Bool, _ outcome: (Int, SessionState) -> Bool) -> [Bool] {
                var session = SessionState(featureCount: world.catalog.featureCount, lengthScale: lengthScale, skipScale: skipScale)
                let ruleKey = key.derive(EpisodeStream.termination)
                if simulated { userModel.beginEpisode(episode) }
                for (t, track) in tracks.enumerated() {
                    let listened = outcome(t, session)
                    session.record(candidate: t, track: track, features: world.catalog.features(of: track),
                                   listened: listened, user: population.features(of: user))
                    if simulated { userModel.observe(track: track, listened: listened, episode: episode, session: session) }
                    let ends = terminations.indices.contains {
                        terminations[$0].end(after: session, uniform: ruleKey.uniform(UInt64(t * 16 + $0))) != nil
                    }
                    if ends { break }
                }
                return session.outcomes
            }
            let labels = data.labels[data.plays(of: s)]
            logged.append(play(simulated: false) { t, _ in labels[labels.startIndex + t] > 0.5 })
            let listens = key.derive(EpisodeStream.listens)
            simulated.append(play(simulated: true) { t, session in
                listens.uniform(UInt64(t)) < userModel.listenProbability(of: tracks[t], episode: episode, session: session)
            })
        }
        summarise(logged: logged, simulated: simulated, contextTypes: sessions.map { data.contexts[$0].contextType })
    }

    private mutating func summarise(logged: [[Bool]], simulated: [[Bool]], contextTypes: [String]) {
        loggedLengths = logged.map(\.count)
        simulatedLengths = simulated.map(\.count)
        func listenRate(_ outcomes: [[Bool]]) -> Double {
            let plays = outcomes.reduce(0) { $0 + $1.count }
            return plays == 0 ? .nan : Double(outcomes.reduce(0) { $0 + $1.filter { $0 }.count }) / Double(plays)
        }
        loggedListenRate = listenRate(logged)
        simulatedListenRate = listenRate(simulated)
        let last = min(max(logged.map(\.count).max() ?? 1, simulated.map(\.count).max() ?? 1), SimulatorCalibration.maxPosition)
        func column(_ outcomes: [[Bool]], _ t: Int) -> (plays: Int, skipRate: Double) {
            let reached = outcomes.filter { $0.count > t }
            let here = reached.map { t == last - 1 ? Array($0[t...]) : [$0[t]] }
            let plays = here.reduce(0) { $0 + $1.count }, skips = here.reduce(0) { $0 + $1.filter { !$0 }.count }
            return (plays, plays == 0 ? .nan : Double(skips) / Double(plays))
        }
        func ends(_ lengths: [Int], _ t: Int) -> Double {
            Double(lengths.filter { t == last - 1 ? $0 >= last : $0 == t + 1 }.count) / Double(max(lengths.count, 1))
        }
        positions = (0..<last).map { t in
            let (a, b) = (column(logged, t), column(simulated, t))
            return PositionRow(position: t + 1, loggedPlays: a.plays, simulatedPlays: b.plays, loggedSkipRate: a.skipRate,
                               simulatedSkipRate: b.skipRate, loggedEnds: ends(loggedLengths, t), simulatedEnds: ends(simulatedLengths, t))
        }
        contexts = contextTypes.uniquedSorted().map { type in
            let mine = contextTypes.indices.filter { contextTypes[$0] == type }
            return ContextRow(contextType: type, sessions: mine.count, loggedListenRate: listenRate(mine.map { logged[$0] }),
                              simulatedListenRate: listenRate(mine.map { simulated[$0] }))
        }
    }

    // MARK: - Distances

    /// Mean |simulated − logged| skip rate over positions, weighted by logged plays.
    public var skipRateError: Double {
        let rows = positions.filter { $0.loggedPlays > 0 && !$0.simulatedSkipRate.isNaN }
        let plays = rows.reduce(0) { $0 + $1.loggedPlays }
        return plays == 0 ? .nan
            : rows.reduce(0) { $0 + Double($1.loggedPlays) * abs($1.simulatedSkipRate - $1.loggedSkipRate) } / Double(plays)
    }

    /// Total-variation distance between the logged and simulated length
    /// distributions: the share of sessions that would have to change length.
    public var lengthDistance: Double {
        positions.reduce(0) { $0 + abs($1.loggedEnds - $1.simulatedEnds) } / 2
    }

    /// Mean session length, logged and simulated.
    public var meanLengths: (logged: Double, simulated: Double) {
        func mean(_ v: [Int]) -> Double { v.isEmpty ? .nan : Double(v.reduce(0, +)) / Double(v.count) }
        return (mean(loggedLengths), mean(simulatedLengths))
    }
}

// MARK: - Text

extension SimulatorCalibration {
    /// The report: a summary of the distances, then skip rate and session
    /// ends by position, then listen rate by context type, logged beside simulated.
    public var text: String {
        let lengths = meanLengths
        var lines = [
            "\(sessions) held-out sessions (\(part)) replayed free-running under the environment's termination rules:",
            "listen rate  logged \(format(loggedListenRate, 3))  simulated \(format(simulatedListenRate, 3))",
            "mean length  logged \(format(lengths.logged, 2))  simulated \(format(lengths.simulated, 2))",
            "skip-rate error \(format(skipRateError, 4)) (mean |simulated − logged| over positions, by plays)",
            "length distance \(format(lengthDistance, 4)) (total variation: share of sessions ending elsewhere)",
            "",
            "by position (ends: share of sessions whose last play is there):",
        ]
        var rows = [["position", "plays", "skip logged", "skip sim", "ends logged", "ends sim"]]
        let last = positions.last?.position
        for row in positions {
            rows.append([row.position == last && row.position == SimulatorCalibration.maxPosition ? "\(row.position)+" : "\(row.position)",
                         "\(row.loggedPlays)", format(row.loggedSkipRate, 3), format(row.simulatedSkipRate, 3),
                         format(row.loggedEnds, 3), format(row.simulatedEnds, 3)])
        }
        lines.append(TextTable.render(rows))
        lines += ["", "listen (completion) rate by context type:"]
        rows = [["context type", "sessions", "logged", "simulated"]]
        for row in contexts {
            rows.append([row.contextType, "\(row.sessions)", format(row.loggedListenRate, 3), format(row.simulatedListenRate, 3)])
        }
        lines.append(TextTable.render(rows))
        return lines.joined(separator: "\n")
    }
}

extension Array where Element: Comparable & Hashable {
    func uniquedSorted() -> [Element] { Array(Set(self)).sorted() }
}
