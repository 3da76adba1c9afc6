import SegueCore
import SegueData

/// Logged sessions read straight from memory-mapped ingest caches (see
/// `SessionCache`), one session at a time as training asks for it: a play's
/// track through a table from the cache's track numbers to catalog indices,
/// its outcome from the play's flags under `label`.
///
/// The same sessions, in the same order, as `SessionDataset.read(world:)`
/// gives from the same caches (plays of unknown tracks dropped under
/// `missing_tracks=drop`, sessions left with none skipped, the first `limit`
/// kept), without copying them: beside the mapped files it holds a track
/// table per cache and the list of skipped sessions, so memory is set by the
/// catalog, not by the logs. Pages a pass has read are handed back with
/// `release`, and training shuffles within windows of `shuffleWindow`
/// sessions, so the resident part of the files stays bounded too.
public struct CachedSessions: LoggedSessions {
    public let label: ListenLabel
    public let sessionCount: Int
    /// One-line notices about reading the logs (as `SessionDataset.notices`).
    public let notices: [String]
    /// Sessions per shuffle window (see `LoggedSessions.shuffleWindow`);
    /// default `defaultWindow`. nil shuffles all training sessions at once,
    /// the order `SessionDataset` gives.
    public var shuffleWindow: Int? = CachedSessions.defaultWindow
    /// The caches name no listeners.
    public var knowsListeners: Bool { false }
    let shards: [Shard]

    /// 65,536 sessions: about 4 MB of a cache at 11 plays a session.
    public static let defaultWindow = 65_536

    /// One cache and how its sessions map to ours.
    struct Shard {
        let cache: SessionCache
        /// Our index of its first session read.
        let first: Int
        /// How many of its sessions we read.
        let count: Int
        /// Catalog index by the cache's track number; −1 for a track the catalog lacks.
        let catalogIndex: [Int32]
        /// Whether some track is missing from the catalog (its plays are skipped).
        let dropsPlays: Bool
        /// Cache sessions left with no play, ascending (skipped).
        let emptied: [Int]
    }

    /// A view of `caches`, read as a world reads them under `reading`.
    /// - Parameter limit: the most sessions to read (the first ones); nil reads all.
    /// - Throws: `SegueError` naming a track id the catalog lacks (unless
    ///   `reading.dropMissingTracks`), or caches with no session.
    /// - Complexity: O(distinct tracks) per cache; O(plays) when the catalog
    ///   lacks some track, to find what is dropped.
    public init(caches: [SessionCache], reading: LogReading, catalog: Catalog, label: ListenLabel,
                limit: Int? = nil, worldName: String = "world") throws {
        let lookup = TrackLookup(catalog: catalog, worldName: worldName)
        var shards: [Shard] = []
        var total = 0, droppedPlays = 0, droppedSessions = 0
        for cache in caches {
            let left = limit.map { $0 - total } ?? Int.max
            guard left > 0 else { break }
            let map = cache.trackIDs.map { Int32(lookup.index[$0] ?? -1) }
            let missing = map.contains(-1)
            var emptied: [Int] = [], kept = 0
            if missing {
                for s in 0..<cache.sessionCount where kept < left {
                    let plays = cache.plays(of: s)
                    var unknown = 0
                    for p in plays where map[Int(cache.playTrack[p])] < 0 {
                        if !reading.dropMissingTracks {
                            _ = try lookup.index(of: cache.trackIDs[Int(cache.playTrack[p])], at: "\(cache.path): session \(s + 1)")
                        }
                        unknown += 1
                    }
                    droppedPlays += unknown
                    if unknown == plays.count { emptied.append(s); droppedSessions += 1 } else { kept += 1 }
                }
                cache.release(sessions: 0..<cache.sessionCount)
            } else {
                kept = min(cache.sessionCount, left)
            }
            shards.append(Shard(cache: cache, first: total, count: kept, catalogIndex: map, dropsPlays: missing, emptied: emptied))
            total += kept
        }
        var notices = LogReadSummary.merged(caches.map(\.summary)).notices
        if droppedPlays > 0 {
            notices.append("missing_tracks=drop: dropped \(droppedPlays) plays of tracks not in the catalog"
                           + (droppedSessions > 0 ? ", and \(droppedSessions) sessions left with no play" : ""))
        }
        guard total > 0 else {
            throw SegueError("the ingest caches of world '\(worldName)' hold no sessions", hint: "check the logs they were built from")
        }
        self.label = label
        self.shards = shards
        self.notices = notices
        sessionCount = total
    }

    /// Bytes this view holds beside the mapped files: the track tables and
    /// the lists of skipped sessions. It grows with the caches' distinct
    /// tracks (and sessions left empty), never with their plays.
    public var heldBytes: Int {
        shards.reduce(0) { $0 + $1.catalogIndex.count * MemoryLayout<Int32>.stride + $1.emptied.count * MemoryLayout<Int>.stride }
    }

    // MARK: - Reading a session

    /// The shard holding session `s`, and `s`'s index in its cache.
    @inline(__always) func locate(_ s: Int) -> (shard: Int, session: Int) {
        precondition(s >= 0 && s < sessionCount, "CachedSessions: session \(s) outside 0..<\(sessionCount)")
        var lo = 0, hi = shards.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if shards[mid].first <= s { lo = mid } else { hi = mid - 1 }
        }
        return (lo, shards[lo].cacheSession(s - shards[lo].first))
    }

    public func length(of s: Int) -> Int {
        let (k, r) = locate(s)
        let shard = shards[k], plays = shard.cache.plays(of: r)
        guard shard.dropsPlays else { return plays.count }
        return plays.reduce(0) { $0 + (shard.catalogIndex[Int(shard.cache.playTrack[$1])] >= 0 ? 1 : 0) }
    }

    public func context(of s: Int) -> SessionContext {
        let (k, r) = locate(s)
        let cache = shards[k].cache
        return SessionContext(premium: cache.premium(r), hourOfDay: cache.hourOfDay(r), contextType: cache.contextType(r))
    }

    public func listener(of s: Int) -> Int { -1 }

    @inline(__always)
    public func forEachPlay(of s: Int, _ body: (_ track: Int, _ listened: Bool) -> Void) {
        let (k, r) = locate(s)
        let shard = shards[k], cache = shard.cache
        // notSkipped is bit 0; a listen under skip_2 is bit 2 clear.
        let (bit, listenWhenSet): (UInt8, Bool) = label == .notSkipped ? (1, true) : (4, false)
        for p in cache.plays(of: r) {
            let track = shard.catalogIndex[Int(cache.playTrack[p])]
            if track < 0 { continue }
            body(Int(track), (cache.playFlags[p] & bit != 0) == listenWhenSet)
        }
    }

    /// Hands back the mapped pages of `sessions` (see `SessionCache.release`).
    public func release(_ sessions: Range<Int>) {
        for shard in shards {
            let lo = max(sessions.lowerBound, shard.first) - shard.first
            let hi = min(sessions.upperBound, shard.first + shard.count) - shard.first
            guard lo < hi else { continue }
            shard.cache.release(sessions: shard.cacheSession(lo)..<(shard.cacheSession(hi - 1) + 1))
        }
    }
}

extension CachedSessions.Shard {
    /// The cache's index of our `j`-th session of this shard: `j` plus the
    /// emptied sessions before it.
    @inline(__always) func cacheSession(_ j: Int) -> Int {
        guard !emptied.isEmpty else { return j }
        // emptied[i] − i sessions are kept before emptied[i]; count those at or below j.
        var lo = 0, hi = emptied.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if emptied[mid] - mid <= j { lo = mid + 1 } else { hi = mid }
        }
        return j + lo
    }
}

extension CachedSessions {
    /// The sessions of `world`'s ingest caches, as the world read them; nil
    /// when it has none, or one no longer opens (the caller reads the logs).
    /// - Throws: as `init(caches:...)`.
    public static func open(world: World, label: ListenLabel, limit: Int? = nil) throws -> CachedSessions? {
        let paths = world.logReading.caches
        guard !paths.isEmpty else { return nil }
        let caches = paths.compactMap { SessionCache.open(path: $0, key: nil) }
        guard caches.count == paths.count else { return nil }
        return try CachedSessions(caches: caches, reading: world.logReading, catalog: world.catalog, label: label,
                                  limit: limit, worldName: world.name)
    }
}
