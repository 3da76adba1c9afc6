import Foundation
import SegueCore
import SegueData

/// A world read from MSSD-schema files: the real Music Streaming Sessions
/// Dataset, or logs a user wrote in its schema.
///
/// - Catalog: every track of the track-features file, with the same 16 model
///   features as the demo world (acoustic vector, then popularity, duration,
///   release year, energy, danceability, valence, acousticness and tempo,
///   standardised by the file's own mean and spread).
/// - Population: MSSD has no user ids, so each listener is one logged
///   session, described by the mean features of the tracks listened to in it
///   (its revealed taste) and its premium flag — up to `users` sessions, the
///   first ones in the file. With a listeners file (`session_id,user_index`,
///   as `world demo` and `log-sessions` write), listener `u` is row `u` of the
///   population instead, described by the tracks listened to in all of its
///   sessions, and listener-aware models (`listener=true`) can learn from the logs.
/// - No ground truth: the behaviour behind real logs is unknown, so
///   environments on this world use a user model trained on its logs.
public struct LoggedWorld {
    public var sessionsFile: String
    public var tracksFile: String
    /// The most sessions read as listeners.
    public var users = 10_000
    /// Skip malformed rows (counted) instead of stopping at the first.
    public var skipMalformed = false
    /// Who listened in each session (`session_id,user_index`); nil: MSSD's
    /// default, no listener known.
    public var listenersFile: String?

    public init(sessionsFile: String, tracksFile: String) {
        self.sessionsFile = sessionsFile
        self.tracksFile = tracksFile
    }

    /// Reads both files.
    /// - Throws: `SegueError` naming the file, line and column of a bad row.
    public func makeWorld() throws -> World {
        let policy = skipMalformed ? ReadPolicy.skipping : ReadPolicy.strict
        do {
            let tracks = try TrackFeatureReader(path: tracksFile, policy: policy).readAll()
            guard !tracks.isEmpty else { throw SegueError("'\(tracksFile)' holds no tracks") }
            let catalog = LoggedWorld.catalog(tracks)
            var index: [String: Int] = [:]
            for (i, id) in catalog.ids.enumerated() { index[id] = i }
            let f = catalog.featureCount
            if let listenersFile {
                return try listenerWorld(catalog: catalog, index: index, listenersFile: listenersFile, policy: policy)
            }
            var features: [Float] = [], premium: [Bool] = []
            let reader = try SessionLogReader(path: sessionsFile, policy: policy)
            defer { reader.close() }
            var unknown = Set<String>()
            while premium.count < users, let session = try reader.nextSession() {
                var taste = [Float](repeating: 0, count: f)
                var listened = 0
                for play in session.plays where play.notSkipped {
                    guard let track = index[play.trackID] else { unknown.insert(play.trackID); continue }
                    for j in 0..<f { taste[j] += catalog.features[track * f + j] }
                    listened += 1
                }
                if listened > 0 { for j in 0..<f { taste[j] /= Float(listened) } }
                features += taste
                premium.append(session.premium)
            }
            guard unknown.count < 10 || unknown.count * 10 < premium.count else {
                throw SegueError("\(unknown.count) track ids in '\(sessionsFile)' are not in '\(tracksFile)', e.g. \(unknown.first!)",
                                 hint: "pass the track-features file that goes with these logs")
            }
            guard !premium.isEmpty else { throw SegueError("'\(sessionsFile)' holds no sessions") }
            let population = Population(featureNames: catalog.featureNames, features: features, premium: premium)
            let world = World(name: "logged", catalog: catalog, population: population)
            world.logFiles = [sessionsFile]
            world.trackFeatureFile = tracksFile
            world.details = [("sessions file", sessionsFile), ("tracks file", tracksFile),
                             ("tracks", "\(catalog.count)"), ("listeners (sessions)", "\(premium.count)")]
            return world
        } catch let error as DataError {
            throw SegueError(error.message, hint: error.hint)
        }
    }

    /// The world whose population is the listeners the listeners file names:
    /// row `u` holds the mean features of the tracks listener `u` listened to
    /// across its sessions, and its premium flag as its last session logged it.
    func listenerWorld(catalog: Catalog, index: [String: Int], listenersFile: String, policy: ReadPolicy) throws -> World {
        let listeners = try SessionListenerFile.read(path: listenersFile)
        guard let top = listeners.values.max() else {
            throw SegueError("'\(listenersFile)' names no listener", hint: "a listeners file has a row `session_id,user_index` per session")
        }
        let f = catalog.featureCount
        var sums = [Float](repeating: 0, count: (top + 1) * f)
        var counts = [Int](repeating: 0, count: top + 1)
        var premium = [Bool](repeating: false, count: top + 1)
        let reader = try SessionLogReader(path: sessionsFile, policy: policy)
        defer { reader.close() }
        var sessions = 0
        while let session = try reader.nextSession() {
            guard let user = listeners[session.id] else {
                throw SegueError("'\(listenersFile)' does not name the listener of session '\(session.id)' (\(sessionsFile))",
                                 hint: "a listeners file needs one row per session of its log; fix it, or leave listeners= out")
            }
            sessions += 1
            premium[user] = session.premium
            for play in session.plays where play.notSkipped {
                guard let track = index[play.trackID] else {
                    throw SegueError("track '\(play.trackID)' of session '\(session.id)' in '\(sessionsFile)' is not in '\(tracksFile)'",
                                     hint: "pass the track-features file that goes with these logs")
                }
                for j in 0..<f { sums[user * f + j] += catalog.features[track * f + j] }
                counts[user] += 1
            }
        }
        guard sessions > 0 else { throw SegueError("'\(sessionsFile)' holds no sessions") }
        for u in 0...top where counts[u] > 0 {
            for j in 0..<f { sums[u * f + j] /= Float(counts[u]) }
        }
        let population = Population(featureNames: catalog.featureNames, features: sums, premium: premium)
        let world = World(name: "logged", catalog: catalog, population: population)
        world.logFiles = [sessionsFile]
        world.trackFeatureFile = tracksFile
        world.listenerFile = listenersFile
        world.details = [("sessions file", sessionsFile), ("tracks file", tracksFile), ("listeners file", listenersFile),
                         ("tracks", "\(catalog.count)"), ("listeners", "\(top + 1)"), ("sessions", "\(sessions)")]
        return world
    }

    /// The 16 model features of MSSD track records, standardised.
    static func catalog(_ tracks: [TrackFeatureRecord]) -> Catalog {
        let raw: [[Double]] = tracks.map { t in
            t.acousticVector.map(Double.init) + [
                Double(t.usPopularityEstimate), Foundation.log(max(Double(t.duration), 1)), Double(t.releaseYear),
                Double(t.energy), Double(t.danceability), Double(t.valence), Double(t.acousticness), Double(t.tempo),
            ]
        }
        let width = DemoWorld.featureNames.count
        var features = [Float](repeating: 0, count: tracks.count * width)
        for j in 0..<width {
            let column = raw.map { $0[j] }
            let mean = column.reduce(0, +) / Double(column.count)
            let spread = max((column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot(), 1e-9)
            // Acoustic vectors keep their scale (their geometry is the taste space); the rest are standardised.
            for i in 0..<tracks.count {
                features[i * width + j] = Float(j < DemoWorld.acousticWidth ? column[i] : (column[i] - mean) / spread)
            }
        }
        return Catalog(ids: tracks.map(\.trackID), featureNames: DemoWorld.featureNames, features: features)
    }

    static let descriptor = ComponentDescriptor(
        kind: .world, name: "mssd",
        summary: "a world read from MSSD-schema files (the real dataset, or your own logs); listeners are logged sessions",
        parameters: [
            .path("sessions", "session log CSV (21 MSSD columns)"),
            .path("tracks", "track features CSV (30 MSSD columns)"),
            .int("users", 10_000, range: 1...100_000_000, "most logged sessions read as listeners (without listeners=)"),
            .path("listeners", "listeners file (session_id,user_index) naming each session's listener; empty: none, as in MSSD"),
            .bool("skip_malformed", false, "skip (and count) malformed rows instead of stopping at the first"),
        ],
        make: { p, _ in
            guard !p.string("sessions").isEmpty, !p.string("tracks").isEmpty else {
                throw SegueError("world mssd needs sessions=PATH and tracks=PATH",
                                 hint: "e.g. `world mssd sessions=log_0_20180715_000000000000.csv tracks=tf_000000000000.csv`")
            }
            var logged = LoggedWorld(sessionsFile: p.string("sessions"), tracksFile: p.string("tracks"))
            logged.users = p.int("users")
            logged.skipMalformed = p.bool("skip_malformed")
            logged.listenersFile = p.string("listeners").isEmpty ? nil : p.string("listeners")
            return try logged.makeWorld()
        })
}
