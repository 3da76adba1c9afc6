import SegueComponents
import SegueCore
import SegueData

extension SessionDataset {
    /// Reads the session log at `path` (MSSD schema, plain or gzip), streaming
    /// it session by session, mapping track ids through `catalog.ids`.
    ///
    /// - Parameters:
    ///   - limit: the most sessions to read (the first ones); nil reads all.
    ///   - worldName: named in the message about an unknown track id.
    ///   - listenerFile: a listeners file (`session_id,user_index`) naming
    ///     every session's listener; nil leaves listeners unknown.
    /// - Throws: `SegueError` naming the file, line and column of a malformed
    ///   row, the session and the track id that the catalog lacks, or a
    ///   session the listeners file does not name.
    public static func read(path: String, catalog: Catalog, label: ListenLabel = .notSkipped,
                            limit: Int? = nil, worldName: String = "world",
                            listenerFile: String? = nil) throws -> SessionDataset {
        try read(files: [path], reading: LogReading(), catalog: catalog, label: label, limit: limit,
                 worldName: worldName, listenerFile: listenerFile)
    }

    /// Reads a world's logs as the world read them (`World.logReading`: malformed
    /// rows skipped, plays of unknown tracks dropped, date format, sample), so
    /// that training sees the sessions the world loaded.
    /// - Throws: as `read(path:...)`, and `SegueError` when the world has no logs.
    public static func read(world: World, label: ListenLabel = .notSkipped, limit: Int? = nil,
                            listenerFile: String? = nil) throws -> SessionDataset {
        guard !world.logFiles.isEmpty else {
            throw SegueError("world '\(world.name)' has no session logs",
                             hint: "make it with logs, e.g. `world demo sessions=20000`")
        }
        let paths = world.logReading.caches
        if !paths.isEmpty, listenerFile == nil {
            let caches = paths.compactMap { SessionCache.open(path: $0, key: nil) }
            if caches.count == paths.count {
                return try read(caches: caches, reading: world.logReading, catalog: world.catalog, label: label,
                                limit: limit, worldName: world.name)
            }
        }
        return try read(files: world.logFiles, reading: world.logReading, catalog: world.catalog, label: label,
                        limit: limit, worldName: world.name, listenerFile: listenerFile)
    }

    /// The sessions of ingest caches (see `SessionCache`), mapped instead of
    /// parsed: the same dataset as reading the logs they were built from.
    /// - Throws: `SegueError` naming a track id the catalog lacks (unless
    ///   `reading.dropMissingTracks`), or empty caches.
    static func read(caches: [SessionCache], reading: LogReading, catalog: Catalog, label: ListenLabel,
                     limit: Int?, worldName: String) throws -> SessionDataset {
        let lookup = TrackLookup(catalog: catalog, worldName: worldName)
        var data = SessionDataset(label: label)
        var droppedPlays = 0, droppedSessions = 0
        var tracks: [Int] = [], listens: [Bool] = []
        reading: for cache in caches {
            let map = cache.trackIDs.map { lookup.index[$0] ?? -1 }
            for s in 0..<cache.sessionCount {
                if let limit, data.sessionCount >= limit { break reading }
                tracks.removeAll(keepingCapacity: true)
                listens.removeAll(keepingCapacity: true)
                for p in cache.plays(of: s) {
                    let track = map[Int(cache.playTrack[p])]
                    if track < 0 {
                        if reading.dropMissingTracks { droppedPlays += 1; continue }
                        _ = try lookup.index(of: cache.trackIDs[Int(cache.playTrack[p])], at: "\(cache.path): session \(s + 1)")
                    }
                    tracks.append(track)
                    listens.append(label == .notSkipped ? cache.notSkipped(p) : !cache.skip2(p))
                }
                if tracks.isEmpty { droppedSessions += 1; continue }
                let context = SessionContext(premium: cache.premium(s), hourOfDay: cache.hourOfDay(s), contextType: cache.contextType(s))
                data.append(context: context, tracks: tracks, listens: listens)
            }
        }
        data.notices = LogReadSummary.merged(caches.map(\.summary)).notices
        if droppedPlays > 0 {
            data.notices.append("missing_tracks=drop: dropped \(droppedPlays) plays of tracks not in the catalog"
                                + (droppedSessions > 0 ? ", and \(droppedSessions) sessions left with no play" : ""))
        }
        guard data.sessionCount > 0 else {
            throw SegueError("the ingest caches of world '\(worldName)' hold no sessions", hint: "check the logs they were built from")
        }
        return data
    }

    /// Reads `files` in turn under `reading`; see `read(path:...)`.
    static func read(files: [String], reading: LogReading, catalog: Catalog, label: ListenLabel,
                     limit: Int?, worldName: String, listenerFile: String?) throws -> SessionDataset {
        let lookup = TrackLookup(catalog: catalog, worldName: worldName)
        var data = SessionDataset(label: label)
        var droppedPlays = 0, droppedSessions = 0
        do {
            let listeners = try listenerFile.map { try SessionListenerFile.read(path: $0) }
            let source = SessionLogSource(files: files, policy: try LoggedWorld.policy(reading),
                                          sample: SessionSample(fraction: reading.fraction))
            defer { source.close() }
            while let session = try source.nextSession() {
                if let limit, data.sessionCount >= limit { break }
                var plays = session.plays
                if reading.dropMissingTracks {
                    plays = plays.filter { lookup.index[$0.trackID] != nil }
                    droppedPlays += session.plays.count - plays.count
                    if plays.isEmpty { droppedSessions += 1; continue }
                }
                let file = source.currentFile ?? files[0]
                let tracks = try plays.map {
                    try lookup.index(of: $0.trackID, at: "\(file): session '\(session.id)' position \($0.sessionPosition)")
                }
                let context = SessionContext(premium: session.premium, hourOfDay: session.hourOfDay,
                                             contextType: session.contextType)
                var listener = -1
                if let listeners, let listenerFile {
                    guard let user = listeners[session.id] else {
                        throw SegueError("\(listenerFile) does not name the listener of session '\(session.id)' (\(file))",
                                         hint: "a listeners file needs one row per session of its log; fix or remove it")
                    }
                    listener = user
                }
                data.append(context: context, listener: listener, tracks: tracks, listens: plays.map(label.isListen))
            }
            data.notices = source.summary.notices
        } catch let error as DataError {
            throw SegueError(error.message, hint: error.hint)
        }
        if droppedPlays > 0 {
            data.notices.append("missing_tracks=drop: dropped \(droppedPlays) plays of tracks not in the catalog"
                                + (droppedSessions > 0 ? ", and \(droppedSessions) sessions left with no play" : ""))
        }
        guard data.sessionCount > 0 else {
            throw SegueError("\(files.count == 1 ? "'\(files[0])'" : "the \(files.count) log files") holds no sessions",
                             hint: "write logs first, e.g. `world demo sessions=2000`")
        }
        return data
    }
}
