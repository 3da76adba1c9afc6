import Foundation
import SegueCore
import SegueData

/// How a logged world's ingest reports progress and hears Ctrl-C: the shell
/// sets these around `world mssd` (a component factory has no shell to ask).
public struct IngestHooks {
    /// Shows a transient line (progress, timings), not recorded in session files.
    public var status: (String) -> Void = { _ in }
    /// Asked between chunks of rows; true stops the ingest, caching nothing.
    public var shouldStop: () -> Bool = { false }

    public init(status: @escaping (String) -> Void = { _ in }, shouldStop: @escaping () -> Bool = { false }) {
        self.status = status
        self.shouldStop = shouldStop
    }
}

extension LoggedWorld {
    /// Where ingest caches go: `$SEGUE_HOME/cache`, else `.segue/cache`.
    public static var defaultCacheFolder: String {
        (ProcessInfo.processInfo.environment["SEGUE_HOME"] ?? ".segue") + "/cache"
    }

    /// The progress line and interrupt of the ingest in progress (set by the shell).
    nonisolated(unsafe) public static var ingestHooks = IngestHooks()

    /// Maps the caches of `files`, ingesting those that have none first.
    /// - Throws: what reading the logs throws; `SegueError` when Ctrl-C stopped the ingest.
    static func openCaches(_ files: [String], policy: ReadPolicy, reading: LogReading, folder: String) throws -> [SessionCache] {
        let hooks = ingestHooks
        let started = Date()
        let result: (caches: [SessionCache], ingested: Int)
        do {
            result = try SessionCacheBuilder.openOrIngest(
                files: files, policy: policy, sample: SessionSample(fraction: reading.fraction), folder: folder,
                progress: { p in
                    let left = p.secondsLeft.map { String(format: ", about %.0f s left", $0) } ?? ""
                    hooks.status(String(format: "ingesting: %d rows, %.0f rows/s, %.0f%% of %.1f MB%@",
                                        p.rows, p.rowsPerSecond, 100 * Double(p.storedBytes) / Double(max(p.totalStoredBytes, 1)),
                                        Double(p.totalStoredBytes) / 1e6, left))
                },
                shouldStop: hooks.shouldStop)
        } catch is SessionCacheBuilder.Interrupted {
            throw SegueError("ingest interrupted (Ctrl-C): no world was made; log files finished before stay cached",
                             hint: "run the same `world mssd` again to ingest the rest; fraction= ingests a sample faster")
        }
        let caches = result.caches
        let seconds = Date().timeIntervalSince(started)
        let sessions = caches.reduce(0) { $0 + $1.sessionCount }, plays = caches.reduce(0) { $0 + $1.playCount }
        let megabytes = Double(caches.reduce(0) { $0 + $1.byteCount }) / 1e6
        if result.ingested > 0 {
            hooks.status(String(format: "ingested %d of %d log files in %.1f s into %@: %d sessions, %d plays, %.1f MB of cache",
                                result.ingested, files.count, seconds, folder, sessions, plays, megabytes))
        } else {
            hooks.status(String(format: "opened the ingest caches of %d log files in %@ (%d sessions, %d plays) in %.3f s",
                                files.count, folder, sessions, plays, seconds))
        }
        return caches
    }

    /// Counts the caches' sessions and plays of tracks `index` lacks, and takes
    /// the first `users` sessions as listeners.
    /// - Returns: the sessions kept (all, or those left with a play when `drop`).
    static func scan(_ caches: [SessionCache], index: [String: Int], users: Int, drop: Bool,
                     listeners: inout ListenerTaste, missing: inout MissingTracks) -> Int {
        var sessions = 0
        for cache in caches {
            sessions += scan(cache, index: index, users: users, drop: drop, listeners: &listeners, missing: &missing)
            cache.release(sessions: 0..<cache.sessionCount)   // one cache's pages resident at a time
        }
        return sessions
    }

    static func scan(_ cache: SessionCache, index: [String: Int], users: Int, drop: Bool,
                     listeners: inout ListenerTaste, missing: inout MissingTracks) -> Int {
        let map = cache.trackIDs.map { index[$0] ?? -1 }
        var sessions = 0
        for s in 0..<cache.sessionCount {
            let plays = cache.plays(of: s)
            missing.countSeen(plays.count)
            var known = 0
            for p in plays {
                if map[Int(cache.playTrack[p])] >= 0 { known += 1 } else { missing.countMissing(cache.trackIDs[Int(cache.playTrack[p])]) }
            }
            if known == 0 && drop { missing.emptiedSessions += 1; continue }
            sessions += 1
            if listeners.count < users {
                listeners.add(premium: cache.premium(s), listened: plays.lazy
                    .filter { cache.notSkipped($0) }.map { map[Int(cache.playTrack[$0])] }.filter { $0 >= 0 })
            }
        }
        return sessions
    }
}
