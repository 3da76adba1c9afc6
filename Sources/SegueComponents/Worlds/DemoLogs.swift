import Foundation
import SegueCore
import SegueData

/// Writes the demo world's logged sessions and track features in the MSSD
/// schema, as Spotify's uniformly shuffled subset was collected: each
/// session plays tracks drawn uniformly at random (no repeats), and the
/// ground truth decides listen or skip.
///
/// Sessions run for a planned 10–20 tracks (MSSD's range) unless the
/// listener leaves earlier, after a run of skips, following `abandonment`.
public struct DemoLogs {
    public let world: World
    public let facts: [DemoTrackFacts]
    public let seed: UInt64
    /// The listener's hidden chance of leaving after k skips in a row.
    public var abandonment = AbandonmentCurve(hazard: [0.02, 0.08, 0.25, 0.5, 0.75, 0.92])
    /// Share of sessions whose tracks a personalised logger chose (logged
    /// with `hist_user_behavior_is_shuffle = false`): at each position, of
    /// `personalizedCandidates` unplayed tracks drawn at random, the one with
    /// the highest `personalizedSharpness · cos(taste, track) + Gumbel noise`.
    /// The rest are shuffled. Default 0: MSSD's uniformly shuffled subset.
    public var personalizedShare = 0.0
    /// Tracks the personalised logger picks among at each position (1...1,000).
    public var personalizedCandidates = 25
    /// How strongly the personalised logger follows taste (0: at random).
    public var personalizedSharpness = 6.0

    public init(world: World, facts: [DemoTrackFacts], seed: UInt64) {
        self.world = world
        self.facts = facts
        self.seed = seed
    }

    /// Writes `folder/sessions.csv`, `folder/tracks.csv` and
    /// `folder/listeners.csv` (who listened in each session, which MSSD's
    /// schema cannot say), reusing them when a previous run wrote the same
    /// world, and records them on the world.
    /// - Throws: `SegueError` when the folder cannot be written.
    public func write(sessions: Int, to folder: String) throws {
        let fm = FileManager.default
        let logging = personalizedShare > 0
            ? " personalized=\(personalizedShare)/\(personalizedCandidates)/\(personalizedSharpness)" : ""
        let stamp = "demo world \(world.details.map { "\($0.0)=\($0.1)" }.joined(separator: " ")) sessions=\(sessions)\(logging) schema=\(SegueDataModule.schema) v2\n"
        let stampPath = "\(folder)/world.txt"
        let sessionsPath = "\(folder)/sessions.csv", tracksPath = "\(folder)/tracks.csv"
        let listenersPath = "\(folder)/listeners.csv"
        defer {
            world.logFiles = [sessionsPath]
            world.trackFeatureFile = tracksPath
            world.listenerFile = listenersPath
        }
        if (try? String(contentsOfFile: stampPath, encoding: .utf8)) == stamp,
           fm.fileExists(atPath: sessionsPath), fm.fileExists(atPath: tracksPath), fm.fileExists(atPath: listenersPath) {
            return
        }
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try TrackFeatureWriter.write(trackRecords(), to: URL(fileURLWithPath: tracksPath))
            let writer = try SessionLogWriter(url: URL(fileURLWithPath: sessionsPath))
            for s in 0..<sessions { try writer.append(contentsOf: session(s)) }
            try writer.close()
            try SessionListenerFile.write((0..<sessions).lazy.map { SessionListenerRecord(sessionID: sessionID($0), userIndex: listener(of: $0)) },
                                          to: URL(fileURLWithPath: listenersPath))
            try stamp.write(toFile: stampPath, atomically: true, encoding: .utf8)
        } catch let error as SegueError {
            throw error
        } catch {
            throw SegueError("cannot write the demo world's logs to '\(folder)': \(error)",
                             hint: "choose a writable folder with folder=PATH")
        }
    }

    /// The stream every draw of logged session `s` comes from.
    func key(ofSession s: Int) -> SeedKey { SeedKey(seed).derive(1_000).derive(UInt64(s)) }

    /// The `session_id` of logged session `s`.
    func sessionID(_ s: Int) -> String { "s_\(String(seed, radix: 16))_\(s)" }

    /// The listener of logged session `s` (a row of the population).
    public func listener(of s: Int) -> Int {
        key(ofSession: s).derive(0).index(0, below: world.population.count)
    }

    /// The rows of logged session `s`.
    public func session(_ s: Int) -> [SessionLogRecord] {
        let key = key(ofSession: s)
        let truth = world.groundTruth!()
        let user = listener(of: s)
        let planned = min(10 + key.derive(1).index(0, below: 11), world.catalog.count)
        let context = SessionContext(premium: world.population.premium[user], hourOfDay: key.derive(5).index(0, below: 24),
                                     contextType: SessionContext.contextTypes[key.derive(5).index(1, below: 6)])
        let personalized = personalizedShare > 0 && key.derive(7).uniform(0) < personalizedShare
        let pool = personalized ? personalizedTracks(planned, user: user, key: key) : shuffledTracks(planned, key: key)
        let episode = Episode(number: s, key: key, user: user, pool: pool, context: context)
        var session = SessionState(featureCount: world.catalog.featureCount, lengthScale: 20, skipScale: 3)
        truth.beginEpisode(episode)
        var plays: [(track: Int, listened: Bool, early: Bool)] = []
        for (t, track) in pool.enumerated() {
            let p = truth.listenProbability(of: track, episode: episode, session: session)
            let listened = key.derive(3).uniform(UInt64(t)) < p
            session.record(candidate: t, track: track, features: world.catalog.features(of: track), listened: listened,
                           user: world.population.features(of: user))
            truth.observe(track: track, listened: listened, episode: episode, session: session)
            plays.append((track, listened, key.derive(6).uniform(UInt64(t)) < 0.6))
            if !listened, key.derive(4).uniform(UInt64(t)) < abandonment.probability(afterSkipRun: session.consecutiveSkips) {
                break
            }
        }
        let date = LogDate(year: 2018, month: 7, day: 1 + s % 28)!
        var reason = "clickrow"
        return plays.enumerated().map { t, play in
            let end = play.listened ? "trackdone" : "fwdbtn"
            defer { reason = end }
            return SessionLogRecord(
                sessionID: sessionID(s), sessionPosition: t + 1, sessionLength: plays.count,
                trackID: world.catalog.ids[play.track],
                skip1: !play.listened && play.early, skip2: !play.listened, skip3: !play.listened, notSkipped: play.listened,
                isShuffle: !personalized, hourOfDay: context.hourOfDay, date: date, premium: context.premium,
                contextType: context.contextType, reasonStart: reason, reasonEnd: end)
        }
    }

    /// `count` distinct tracks drawn uniformly at random.
    func shuffledTracks(_ count: Int, key: SeedKey) -> [Int] {
        var pool: [Int] = []
        var seen = Set<Int>()
        var i: UInt64 = 0
        while pool.count < count {
            let id = key.derive(2).index(i, below: world.catalog.count)
            if seen.insert(id).inserted { pool.append(id) }
            i += 1
        }
        return pool
    }

    /// `count` distinct tracks chosen by the personalised logger for `user`.
    func personalizedTracks(_ count: Int, user: Int, key: SeedKey) -> [Int] {
        let a = DemoWorld.acousticWidth
        let taste = Array(world.population.features(of: user).prefix(a))
        let tasteNorm = max(taste.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-6)
        func cosine(_ track: Int) -> Double {
            let v = world.catalog.features(of: track).prefix(a)
            var dot: Float = 0, norm: Float = 0
            for (x, t) in zip(v, taste) { dot += x * t; norm += x * x }
            return Double(dot / (max(norm.squareRoot(), 1e-6) * tasteNorm))
        }
        var pool: [Int] = []
        var seen = Set<Int>()
        var draw: UInt64 = 0
        let candidates = key.derive(8), noise = key.derive(9)
        for t in 0..<count {
            var best = -1, bestScore = -Double.infinity
            for c in 0..<min(max(personalizedCandidates, 1), 1_000) {   // noise draws are numbered t·1,000 + c
                var id = candidates.index(draw, below: world.catalog.count)
                draw += 1
                while seen.contains(id) { id = candidates.index(draw, below: world.catalog.count); draw += 1 }
                let u = min(max(noise.uniform(UInt64(t * 1_000 + c)), 1e-12), 1 - 1e-12)
                let score = personalizedSharpness * cosine(id) - Foundation.log(-Foundation.log(u))
                if score > bestScore { (best, bestScore) = (id, score) }
            }
            seen.insert(best)
            pool.append(best)
        }
        return pool
    }

    /// One MSSD track-features record per catalog track.
    func trackRecords() -> [TrackFeatureRecord] {
        facts.enumerated().map { i, f in
            let a = Array(world.catalog.features(of: i).prefix(DemoWorld.acousticWidth))
            let r = SeedKey(seed).derive(7).derive(UInt64(i))
            return TrackFeatureRecord(
                trackID: world.catalog.ids[i], duration: Float(f.duration), releaseYear: f.year,
                usPopularityEstimate: Float(f.usPopularityEstimate), acousticness: f.acousticness,
                beatStrength: Float(r.uniform(0)), bounciness: Float(r.uniform(1)), danceability: f.danceability,
                dynRangeMean: Float(5 + 10 * r.uniform(2)), energy: f.energy, flatness: Float(0.8 + 0.2 * r.uniform(3)),
                instrumentalness: Float(r.uniform(4) * r.uniform(5)), key: f.key, liveness: Float(0.1 + 0.3 * r.uniform(6)),
                loudness: Float(-14 + 8 * r.uniform(7)), mechanism: Float(r.uniform(8)), mode: f.major ? .major : .minor,
                organism: Float(r.uniform(9)), speechiness: Float(0.02 + 0.1 * r.uniform(10)), tempo: Float(f.tempo),
                timeSignature: 4, valence: f.valence, acousticVector: a)
        }
    }
}

/// Outcome sequences read from MSSD logs, for fitting session-level rules.
public enum LoggedOutcomes {
    /// The listen/skip outcomes of every session in `paths` (label: not_skipped),
    /// read as `reading` says (a world's `logReading`, so a fitted rule sees what the world loaded).
    /// - Throws: `SegueError` naming the file, line and column of a malformed row.
    public static func sessions(fromLogs paths: [String], reading: LogReading = LogReading()) throws -> [[Bool]] {
        var all: [[Bool]] = []
        do {
            let source = SessionLogSource(files: paths, policy: try LoggedWorld.policy(reading),
                                          sample: SessionSample(fraction: reading.fraction))
            defer { source.close() }
            while let session = try source.nextSession() { all.append(session.plays.map(\.notSkipped)) }
        } catch let error as DataError {
            throw SegueError(error.message, hint: error.hint)
        }
        return all
    }

    /// The outcomes of every session in `path`; see `sessions(fromLogs:reading:)`.
    public static func sessions(fromLog path: String) throws -> [[Bool]] {
        try sessions(fromLogs: [path])
    }

    /// An abandonment curve fitted from the sessions in `paths`.
    public static func abandonmentCurve(fromLogs paths: [String], reading: LogReading = LogReading()) throws -> AbandonmentCurve {
        AbandonmentCurve.fit(sessions: try sessions(fromLogs: paths, reading: reading), maxRun: 8, cap: 20)
    }

    /// An abandonment curve fitted from the sessions in `path`.
    public static func abandonmentCurve(fromLog path: String) throws -> AbandonmentCurve {
        try abandonmentCurve(fromLogs: [path])
    }
}
