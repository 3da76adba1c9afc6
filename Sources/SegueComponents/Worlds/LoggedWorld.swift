import Foundation
import SegueCore
import SegueData

/// A world read from MSSD-schema files: the real Music Streaming Sessions
/// Dataset, or logs a user wrote in its schema.
///
/// - Logs: one file, a list, a folder or a glob (`LogFileSet`), plain or gzip.
/// - Catalog: every track of the track-feature files, with the same 16 model
///   features as the demo world (acoustic vector, then popularity, duration,
///   release year, energy, danceability, valence, acousticness and tempo,
///   standardised by the files' own mean and spread).
/// - Population: MSSD has no user ids, so each listener is one logged
///   session, described by the mean features of the tracks listened to in it
///   (its revealed taste) and its premium flag — up to `users` sessions, the
///   first ones read.
/// - No ground truth: the behaviour behind real logs is unknown, so
///   environments on this world use a user model trained on its logs.
///
/// Every session is read at load, so that plays of unknown tracks, malformed
/// rows and incomplete sessions are counted over the whole log and told in
/// `World.notices`, not met later in training. With a `cacheFolder` (the
/// default) the logs are parsed once into a `SessionCache` and mapped on
/// every later load.
public struct LoggedWorld {
    /// Session logs: a file, a comma-separated list, a folder or a glob.
    public var logs: String
    /// Track-feature files: a file, a comma-separated list or a folder.
    public var tracks: String
    /// The most sessions read as listeners.
    public var users = 10_000
    /// How the logs are read (malformed rows, missing tracks, dates, sample).
    public var reading = LogReading()
    /// Which share of the log files to read: shard `index` (1-based) of
    /// `count` takes files index, index+count, ... of the sorted list; nil: all.
    public var shard: (index: Int, count: Int)?
    /// The folder of the ingest cache; nil parses the logs on every load.
    public var cacheFolder: String? = LoggedWorld.defaultCacheFolder
    /// Who listened in each session (`session_id,user_index`, as `world demo`
    /// and `log-sessions` write); nil: MSSD's default, no listener known.
    public var listenersFile: String?

    public init(logs: String, tracks: String) {
        self.logs = logs
        self.tracks = tracks
    }

    /// The read policy `reading` stands for.
    /// - Throws: `SegueError` for a date format that names no date.
    public static func policy(_ reading: LogReading) throws -> ReadPolicy {
        guard let format = LogDateFormat(reading.dateFormat) else {
            throw SegueError("date_format '\(reading.dateFormat)' must hold YYYY, MM and DD once each",
                             hint: "e.g. date_format=DD/MM/YYYY, date_format=YYYYMMDD, or date_format=YYYY-MM-DD* to ignore a time after the date")
        }
        return ReadPolicy(onMalformedRow: reading.skipMalformed ? .skip : .fail, dateFormat: format)
    }

    /// Reads the track files, then every session of the logs.
    /// - Throws: `SegueError` naming the file, line and column of a bad row,
    ///   the plays of unknown tracks (unless dropped), or empty inputs.
    public func makeWorld() throws -> World {
        let policy = try LoggedWorld.policy(reading)
        do {
            let allLogFiles = try LogFileSet.resolve(logs, option: "logs")
            var logFiles = allLogFiles
            var notices: [String] = []
            if let shard {
                logFiles = allLogFiles.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element)
                guard !logFiles.isEmpty else {
                    throw SegueError("shard=\(shard.index)/\(shard.count) holds none of the \(allLogFiles.count) log files",
                                     hint: "use at most as many shards as files")
                }
                notices.append("shard=\(shard.index)/\(shard.count): \(logFiles.count) of \(allLogFiles.count) log files")
            }
            let trackFiles = try LogFileSet.resolve(tracks, option: "tracks")
            guard !logFiles.isEmpty else { throw SegueError("logs= names no file") }
            guard !trackFiles.isEmpty else { throw SegueError("tracks= names no file") }
            let catalog = try LoggedWorld.readCatalog(trackFiles, policy: policy, notices: &notices)
            var index: [String: Int] = [:]
            index.reserveCapacity(catalog.count)
            for (i, id) in catalog.ids.enumerated() { index[id] = i }

            var listeners = ListenerTaste(catalog: catalog, capacity: users)
            var missing = MissingTracks()
            var sessions = 0
            var worldReading = reading
            let summary: LogReadSummary
            if let cacheFolder {
                let caches = try LoggedWorld.openCaches(logFiles, policy: policy, reading: reading, folder: cacheFolder)
                summary = LogReadSummary.merged(caches.map(\.summary))
                sessions = LoggedWorld.scan(caches, index: index, users: users, drop: reading.dropMissingTracks,
                                            listeners: &listeners, missing: &missing)
                worldReading.caches = caches.map(\.path)
            } else {
                let source = SessionLogSource(files: logFiles, policy: policy, sample: SessionSample(fraction: reading.fraction))
                defer { source.close() }
                while let session = try source.nextSession() {
                    let known = missing.count(session, in: index)
                    if known == 0 && reading.dropMissingTracks { missing.emptiedSessions += 1; continue }
                    sessions += 1
                    if listeners.count < users { listeners.add(session, index: index) }
                }
                summary = source.summary
            }
            notices += summary.notices
            if missing.plays > 0 {
                guard reading.dropMissingTracks else {
                    throw SegueError("\(missing.description) in \(LoggedWorld.name(logFiles)) are not in \(LoggedWorld.name(trackFiles))",
                                     hint: "pass missing_tracks=drop to drop those plays (counted), or the track-feature files that go with these logs")
                }
                notices.append("missing_tracks=drop: dropped \(missing.description)"
                               + (missing.emptiedSessions > 0 ? ", and \(missing.emptiedSessions) sessions left with no play" : ""))
            }
            guard listeners.count > 0 else { throw SegueError("\(LoggedWorld.name(logFiles)) holds no sessions") }
            if sessions > listeners.count {
                notices.append("users=\(users): the first \(listeners.count) of \(sessions) sessions are the listeners (raise users= to use more)")
            }
            var population = Population(featureNames: catalog.featureNames, features: listeners.features, premium: listeners.premium)
            if let listenersFile {
                population = try listenerPopulation(catalog: catalog, index: index, logFiles: logFiles,
                                                    listenersFile: listenersFile, policy: policy)
            }
            let world = World(name: "logged", catalog: catalog, population: population)
            world.listenerFile = listenersFile
            world.logFiles = logFiles
            world.trackFeatureFile = trackFiles.joined(separator: ",")
            world.logReading = worldReading
            world.notices = notices
            world.details = [("log files", LoggedWorld.name(logFiles)), ("track files", LoggedWorld.name(trackFiles)),
                             ("tracks", "\(catalog.count)"), ("sessions", "\(sessions)"),
                             ("listeners (sessions)", "\(listeners.count)")]
            return world
        } catch let error as DataError {
            throw SegueError(error.message, hint: error.hint)
        }
    }

    /// `i/n` with 1 ≤ i ≤ n.
    /// - Throws: `SegueError` naming the option and the form.
    public static func parseShard(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (1...n).contains(i) else {
            throw SegueError("shard must be i/n with 1 ≤ i ≤ n, got '\(text)'", hint: "e.g. shard=3/20 for the third of 20 processes")
        }
        return (i, n)
    }

    /// A list of files as messages name it: all of a few, else the first and a count.
    static func name(_ files: [String]) -> String {
        files.count <= 3 ? files.map { "'\($0)'" }.joined(separator: ", ") : "'\(files[0])' and \(files.count - 1) more files"
    }

    /// Every track of `files`; a track id met again keeps its first record (counted in a notice).
    static func readCatalog(_ files: [String], policy: ReadPolicy, notices: inout [String]) throws -> Catalog {
        var records: [TrackFeatureRecord] = []
        var seen = Set<String>()
        var repeated = 0, skipped = 0
        for file in files {
            let reader = try TrackFeatureReader(path: file, policy: policy)
            defer { reader.close() }
            try reader.forEach { track in
                if seen.insert(track.trackID).inserted { records.append(track) } else { repeated += 1 }
            }
            skipped += reader.report.rowsSkipped
        }
        guard !records.isEmpty else { throw SegueError("\(name(files)) holds no tracks") }
        if skipped > 0 { notices.append("skipped \(skipped) malformed rows of the track files (skip_malformed=true)") }
        if repeated > 0 { notices.append("\(repeated) track rows repeat an earlier track id; the first is kept") }
        return catalog(records)
    }

    /// The population the listeners file names: row `u` holds the mean features
    /// of the tracks listener `u` listened to across its sessions, and its
    /// premium flag as its last session logged it.
    /// - Throws: `SegueError` for a session the file does not name, a track the
    ///   catalog lacks, or a file that names no listener.
    func listenerPopulation(catalog: Catalog, index: [String: Int], logFiles: [String],
                            listenersFile: String, policy: ReadPolicy) throws -> Population {
        let listeners = try SessionListenerFile.read(path: listenersFile)
        guard let top = listeners.values.max() else {
            throw SegueError("'\(listenersFile)' names no listener", hint: "a listeners file has a row `session_id,user_index` per session")
        }
        let f = catalog.featureCount
        var sums = [Float](repeating: 0, count: (top + 1) * f)
        var counts = [Int](repeating: 0, count: top + 1)
        var premium = [Bool](repeating: false, count: top + 1)
        let source = SessionLogSource(files: logFiles, policy: policy, sample: SessionSample(fraction: reading.fraction))
        defer { source.close() }
        while let session = try source.nextSession() {
            guard let user = listeners[session.id] else {
                throw SegueError("'\(listenersFile)' does not name the listener of session '\(session.id)'",
                                 hint: "a listeners file needs one row per session of its logs; fix it, or leave listeners= out")
            }
            premium[user] = session.premium
            for play in session.plays where play.notSkipped {
                guard let track = index[play.trackID] else { continue }   // missing tracks are counted by makeWorld
                for j in 0..<f { sums[user * f + j] += catalog.features[track * f + j] }
                counts[user] += 1
            }
        }
        for u in 0...top where counts[u] > 0 {
            for j in 0..<f { sums[u * f + j] /= Float(counts[u]) }
        }
        return Population(featureNames: catalog.featureNames, features: sums, premium: premium)
    }
}
