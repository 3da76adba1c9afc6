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
}
