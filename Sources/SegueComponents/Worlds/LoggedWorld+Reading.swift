import Foundation
import SegueCore
import SegueData

/// The listeners of a logged world: per session, the mean features of the
/// tracks listened to (its revealed taste) and its premium flag.
struct ListenerTaste {
    let catalog: Catalog
    private(set) var features: [Float] = []
    private(set) var premium: [Bool] = []

    init(catalog: Catalog, capacity: Int) {
        self.catalog = catalog
        premium.reserveCapacity(min(capacity, 1 << 20))
    }

    var count: Int { premium.count }

    /// Adds the listener of `session`; plays of unknown tracks do not count.
    mutating func add(_ session: LoggedSession, index: [String: Int]) {
        add(premium: session.premium, listened: session.plays.lazy.filter(\.notSkipped).compactMap { index[$0.trackID] })
    }

    /// Adds a listener who is `premium` and listened to the catalog tracks `listened`.
    mutating func add<S: Sequence>(premium isPremium: Bool, listened: S) where S.Element == Int {
        let f = catalog.featureCount
        var taste = [Float](repeating: 0, count: f)
        var count = 0
        for track in listened {
            for j in 0..<f { taste[j] += catalog.features[track * f + j] }
            count += 1
        }
        if count > 0 { for j in 0..<f { taste[j] /= Float(count) } }
        features += taste
        premium.append(isPremium)
    }
}

/// Counts plays whose track the catalog lacks, over a whole log.
struct MissingTracks {
    private(set) var plays = 0
    /// Plays looked at (of sessions in the sample).
    private(set) var seen = 0
    private(set) var ids = Set<String>()
    private(set) var example: String?
    var emptiedSessions = 0

    /// Counts `session`'s plays of unknown tracks; returns its plays of known ones.
    mutating func count(_ session: LoggedSession, in index: [String: Int]) -> Int {
        var known = 0
        seen += session.plays.count
        for play in session.plays {
            if index[play.trackID] != nil { known += 1; continue }
            plays += 1
            if ids.count < 1_000_000 { ids.insert(play.trackID) }
            if example == nil { example = play.trackID }
        }
        return known
    }

    /// Counts a play of a track the catalog lacks.
    mutating func countMissing(_ id: String) {
        plays += 1
        if ids.count < 1_000_000 { ids.insert(id) }
        if example == nil { example = id }
    }

    /// Counts plays looked at.
    mutating func countSeen(_ n: Int) { seen += n }

    /// "5 of 917 plays (3 track ids, e.g. 't_43b5')".
    var description: String {
        "\(plays) of \(seen) plays (\(ids.count) track ids, e.g. '\(example ?? "")')"
    }
}

extension LoggedWorld {
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
            .path("logs", "session logs (21 MSSD columns): a file, a comma list, a folder or a glob; plain or gzip"),
            .path("sessions", "the same as logs= (its older name)"),
            .path("tracks", "track features (30 MSSD columns): a file, a comma list (tracks=a.csv,b.csv) or a folder"),
            .int("users", 10_000, range: 1...100_000_000, "most logged sessions read as listeners"),
            .bool("skip_malformed", false, "skip (and count) malformed rows instead of stopping at the first"),
            .choice("missing_tracks", ["error", "drop"], "error",
                    "plays of tracks not in the track files: error (naming counts), or drop them (counted)"),
            .string("date_format", "YYYY-MM-DD", "how the logs write dates: YYYY, MM, DD and separators, e.g. DD/MM/YYYY; * at the end ignores a time"),
            .double("fraction", 1, range: 0...1, "share of sessions kept, chosen by a hash of the session id (the same on every run)"),
            .string("shard", "", "i/n: read only log files i, i+n, i+2n, ... (1-based), so n processes can ingest one dataset in parallel"),
            .path("cache", "folder of the ingest cache (parsed once, mapped on later loads); empty: $SEGUE_HOME/cache or .segue/cache; off: none"),
            .path("listeners", "listeners file (session_id,user_index) naming each session's listener; empty: none, as in MSSD"),
        ],
        make: { p, _ in
            let logs = p.string("logs"), older = p.string("sessions")
            guard logs.isEmpty || older.isEmpty else {
                throw SegueError("world mssd takes logs= or sessions=, not both", hint: "name every log in logs=, e.g. logs=training_set")
            }
            guard !(logs.isEmpty && older.isEmpty), !p.string("tracks").isEmpty else {
                throw SegueError("world mssd needs logs=PATH and tracks=PATH",
                                 hint: "e.g. `world mssd logs=training_set tracks=track_features` (folders of the MSSD download)")
            }
            var logged = LoggedWorld(logs: logs.isEmpty ? older : logs, tracks: p.string("tracks"))
            logged.users = p.int("users")
            logged.reading.skipMalformed = p.bool("skip_malformed")
            logged.reading.dropMissingTracks = p.string("missing_tracks") == "drop"
            logged.reading.dateFormat = p.string("date_format")
            logged.reading.fraction = p.double("fraction")
            if !p.string("shard").isEmpty { logged.shard = try LoggedWorld.parseShard(p.string("shard")) }
            logged.listenersFile = p.string("listeners").isEmpty ? nil : p.string("listeners")
            let cache = p.string("cache")
            logged.cacheFolder = cache == "off" ? nil : cache.isEmpty ? LoggedWorld.defaultCacheFolder : cache
            guard logged.reading.fraction > 0 else {
                throw SegueError("world mssd: fraction must be above 0", hint: "e.g. fraction=0.1 keeps a tenth of the sessions")
            }
            return try logged.makeWorld()
        })
}
