import Foundation

/// Ingests session logs into `SessionCache` files, one per log: parses every row once,
/// keeps what the models need, and writes the file atomically (a temporary
/// sibling renamed into place), so a reader never maps a half-written cache.
///
///     let (caches, _) = try SessionCacheBuilder.openOrIngest(files: logs, policy: .strict, sample: .all,
///                                                             folder: ".segue/cache")
public enum SessionCacheBuilder {
    /// Where an ingest stands, for a progress line.
    public struct Progress: Sendable {
        /// Rows parsed so far.
        public var rows: Int
        /// Bytes of the files as stored (compressed for gzip) read so far, and in all.
        public var storedBytes: Int64, totalStoredBytes: Int64
        /// Seconds since the ingest began.
        public var seconds: Double

        /// Rows a second so far.
        public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
        /// Seconds left, guessed from the share of bytes read.
        public var secondsLeft: Double? {
            guard storedBytes > 0, totalStoredBytes > storedBytes else { return nil }
            return seconds * Double(totalStoredBytes - storedBytes) / Double(storedBytes)
        }
    }

    /// Thrown when `shouldStop` asked the ingest to stop; nothing was cached.
    public struct Interrupted: Error {}

    /// The key of `files` (path, size, modification time) read under `policy` and `sample`.
    public static func key(files: [String], policy: ReadPolicy, sample: SessionSample) -> UInt64 {
        var text = "segue-session-cache-v1|\(policy.onMalformedRow == .skip)|\(policy.dateFormat)|\(sample.fraction)"
        for file in files {
            var info = stat()
            let known = stat(file, &info) == 0
            let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
            text += "|\(absolute):\(known ? Int64(info.st_size) : -1):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return SessionSample.hash(text)
    }

    /// The caches of `files` in `folder`, one per log file: each mapped if one
    /// with the same key is there, else ingested from its log and written
    /// first. One cache a file lets independent processes ingest disjoint
    /// files (shards) into one folder, and a changed file costs only its own ingest.
    /// - Parameters:
    ///   - progress: called about every 64k rows while ingesting (rows and bytes over all files).
    ///   - shouldStop: asked as often; true stops the ingest (`Interrupted`);
    ///     files finished before stay cached.
    /// - Returns: the caches in file order, and how many were ingested now.
    /// - Throws: what reading the logs throws; `DataError.cannotWrite` when the
    ///   folder or file cannot be written; `Interrupted`.
    public static func openOrIngest(files: [String], policy: ReadPolicy, sample: SessionSample, folder: String,
                                    progress: (Progress) -> Void = { _ in },
                                    shouldStop: () -> Bool = { false }) throws -> (caches: [SessionCache], ingested: Int) {
        let total = files.reduce(Int64(0)) { $0 + fileSize($1) }
        var caches: [SessionCache] = [], ingested = 0
        var rowsBefore = 0, bytesBefore: Int64 = 0
        let started = Date()
        for file in files {
            let key = key(files: [file], policy: policy, sample: sample)
            let path = (folder as NSString).appendingPathComponent(String(format: "sessions-%016llx.cache", key))
            if let cache = SessionCache.open(path: path, key: key) {
                caches.append(cache)
            } else {
                var builder = Builder()
                let summary = try SessionLogIngest.read(path: file, policy: policy, sample: sample, into: &builder) { rows, offset in
                    if shouldStop() { throw Interrupted() }
                    progress(Progress(rows: rowsBefore + rows, storedBytes: bytesBefore + offset,
                                      totalStoredBytes: total, seconds: Date().timeIntervalSince(started)))
                }
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try builder.write(to: path, key: key, summary: summary)
                guard let cache = SessionCache.open(path: path, key: key) else {
                    throw DataError.cannotRead(file: path, reason: "the cache just written does not read back")
                }
                caches.append(cache)
                ingested += 1
                rowsBefore += summary.rowsRead
            }
            bytesBefore += fileSize(file)
        }
        return (caches, ingested)
    }

    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// The sections of a cache, growing in memory while the logs are read.
    ///
    /// Fed a session at a time, as `SessionLogIngest` reads them from the
    /// bytes of the rows: `beginSession`, `addPlay` for each play in position
    /// order, `endSession`.
    struct Builder {
        var playStart: [UInt64] = [0]
        var sessionInfo: [UInt32] = []
        var playTrack: [UInt32] = []
        var playFlags: [UInt8] = []
        /// Distinct track ids, in order of first play.
        var trackIDs = UTF8KeyTable()
        /// Distinct context types, in order of first session; at most 0xFFFF
        /// (sixteen bits of `sessionInfo`), later ones all read as 0xFFFF.
        var contextTypes = UTF8KeyTable()

        /// Starts a session whose first play (in position order) has this
        /// premium flag, hour and context type (its UTF-8 bytes).
        mutating func beginSession(premium: Bool, complete: Bool, hourOfDay: Int, contextType: UnsafeBufferPointer<UInt8>) {
            let context = contextTypes.index(of: contextType, limit: 0xFFFF) ?? 0xFFFF
            sessionInfo.append((premium ? 1 : 0) | (complete ? 2 : 0) | UInt32(hourOfDay) << 2 | context << 8)
        }

        /// Adds the next play of the session: its track id's UTF-8 bytes, and
        /// its outcome bits (bit 0 not_skipped, 1 skip_1, 2 skip_2, 3 skip_3).
        mutating func addPlay(trackID: UnsafeBufferPointer<UInt8>, outcome: UInt8) {
            playTrack.append(trackIDs.index(of: trackID)!)   // nil only past a limit, and there is none
            playFlags.append(outcome)
        }

        /// Ends the session begun last.
        mutating func endSession() {
            playStart.append(UInt64(playTrack.count))
        }

        /// Writes the file into a temporary sibling, then renames it into place.
        func write(to path: String, key: UInt64, summary: LogReadSummary) throws {
            var header = [UInt64](repeating: 0, count: SessionCache.headerWords)
            header[0] = SessionCache.magic
            header[1] = key
            header[2] = UInt64(sessionInfo.count)
            header[3] = UInt64(playTrack.count)
            header[4] = UInt64(trackIDs.count)
            header[5] = UInt64(contextTypes.count)
            header[6] = UInt64(summary.files)
            header[7] = UInt64(summary.rowsRead)
            header[8] = UInt64(summary.rowsSkipped)
            header[9] = UInt64(summary.sessionsSampledOut)
            header[10] = UInt64(summary.incompleteSessions)
            let temporary = path + ".tmp-\(getpid())"
            guard let stream = fopen(temporary, "wb") else {
                throw DataError.cannotWrite(file: path, reason: String(cString: strerror(errno)))
            }
            var failed = false
            func put<T>(_ values: [T]) {
                values.withUnsafeBytes { bytes in
                    if fwrite(bytes.baseAddress, 1, bytes.count, stream) != bytes.count { failed = true }
                    let pad = (8 - bytes.count % 8) % 8
                    if pad > 0, fwrite([UInt8](repeating: 0, count: pad), 1, pad, stream) != pad { failed = true }
                }
            }
            func putStrings(_ table: UTF8KeyTable) {
                put(table.offsets)
                put(table.bytes)
            }
            put(header)
            put(playStart)
            put(sessionInfo)
            put(playTrack)
            put(playFlags)
            putStrings(trackIDs)
            putStrings(contextTypes)
            let firstError = Array((summary.firstErrors.first?.message ?? summary.firstErrorMessage ?? "").utf8)
            put([0, UInt64(firstError.count)])   // a string table of one entry
            put(firstError)
            if fflush(stream) != 0 || fsync(fileno(stream)) != 0 { failed = true }
            let reason = String(cString: strerror(errno))
            fclose(stream)
            guard !failed, rename(temporary, path) == 0 else {
                unlink(temporary)
                throw DataError.cannotWrite(file: path, reason: reason)
            }
        }
    }
}
