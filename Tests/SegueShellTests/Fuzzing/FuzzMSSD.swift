import Foundation
import SegueData

/// Fuzz entry for the MSSD readers: the same input is read as a session log
/// (records, then grouped into sessions) and as a track-features file,
/// skipping malformed rows (each is parsed, reported and skipped), with small
/// chunks so rows straddle reads. (Strict reading throws at the first of those
/// errors; reading twice would halve the rate, which the header's column
/// matching already limits to about a hundred inputs a second.)
enum FuzzMSSD {
    /// Whether any reader accepted the whole input.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Bool {
        let path = FuzzScratch.write(bytes)
        var accepted = false
        for policy in [ReadPolicy(onMalformedRow: .skip, chunkSize: 64, maxRowBytes: 4096)] {
            do {
                let reader = try SessionLogReader(path: path, policy: policy)
                var sessions = 0
                while sessions < 10_000, let session = try reader.nextSession() {
                    _ = session.plays.count
                    sessions += 1
                }
                _ = reader.report.description
                reader.close()
                accepted = true
            } catch {
                _ = "\(error)"
            }
            checkIngest(path: path, policy: policy)
            do {
                let reader = try TrackFeatureReader(path: path, policy: policy)
                _ = try reader.readAll()
                _ = reader.report.description
                reader.close()
                accepted = true
            } catch {
                _ = "\(error)"
            }
        }
        return accepted
    }

    /// Ingests `path` into a session cache (from the rows' bytes) and traps
    /// unless it holds what `SessionLogSource` reads as strings: the same
    /// counts, and per session the same flags, context and plays. A sample of
    /// three quarters, so sampled-out sessions are met too.
    static func checkIngest(path: String, policy: ReadPolicy) {
        let folder = FuzzScratch.folder + "/cache"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sample = SessionSample(fraction: 0.75)
        let cache = try? SessionCacheBuilder.openOrIngest(files: [path], policy: policy, sample: sample, folder: folder).caches.first
        let source = SessionLogSource(files: [path], policy: policy, sample: sample)
        defer { source.close() }
        var sessions: [LoggedSession] = []
        do {
            while let session = try source.nextSession() { sessions.append(session) }
        } catch {
            guard cache == nil else { fatalError("fuzz: the ingest read what the source refused: \(error)") }
            return
        }
        guard let cache else { fatalError("fuzz: the ingest refused what the source read") }
        var summary = source.summary
        summary.firstErrorMessage = summary.firstErrors.first?.message
        summary.firstErrors = []
        precondition(cache.summary == summary, "fuzz: summaries differ: \(cache.summary) against \(summary)")
        precondition(cache.sessionCount == sessions.count, "fuzz: session counts differ")
        for (s, session) in sessions.enumerated() {
            precondition(cache.premium(s) == session.premium && cache.isComplete(s) == session.isComplete
                         && cache.hourOfDay(s) == session.hourOfDay && cache.contextType(s) == session.contextType,
                         "fuzz: session \(s) differs")
            let plays = cache.plays(of: s)
            precondition(plays.count == session.plays.count, "fuzz: session \(s) has other plays")
            for (p, play) in zip(plays, session.plays) {
                let flags: UInt8 = (play.notSkipped ? 1 : 0) | (play.skip1 ? 2 : 0) | (play.skip2 ? 4 : 0) | (play.skip3 ? 8 : 0)
                precondition(cache.trackIDs[Int(cache.playTrack[p])] == play.trackID && cache.playFlags[p] == flags,
                             "fuzz: play \(p) differs")
            }
        }
    }
}
