import Foundation
import SegueCore
import SegueData

/// MSSD track-features records for any catalog with the demo world's 16 model
/// features, written so that `world mssd` reads the same catalog back.
///
/// `LoggedWorld.catalog` keeps the acoustic vector as it is and standardises the
/// other eight features by the file's own mean and spread, so each of those is
/// written as a raw column the reader maps back affinely: popularity, energy,
/// danceability, valence, acousticness and tempo as they are, duration as
/// `exp(feature + 12)` seconds (the reader takes its log), release year as
/// `5000 + round(1000 · feature)` (clamped to 0...9999). Read back, every feature is the catalog's
/// up to a per-column shift and scale (the release year to 1/1000). Columns the
/// model features do not use get fixed, plausible values.
public enum CatalogTrackRecords {
    /// The model features these records carry, in catalog order.
    public static let featureNames = DemoWorld.featureNames

    /// One record per catalog track.
    /// - Throws: `SegueError` when the catalog lacks one of `featureNames`.
    public static func records(_ catalog: Catalog) throws -> [TrackFeatureRecord] {
        let columns = try featureNames.map { name -> Int in
            guard let j = catalog.featureIndex(named: name) else {
                throw SegueError("the catalog has no feature '\(name)', which MSSD's track-features schema needs",
                                 hint: "log from a world whose catalog has the demo world's 16 features: \(featureNames.joined(separator: ", "))")
            }
            return j
        }
        let f = catalog.featureCount
        return (0..<catalog.count).map { i in
            let v = columns.map { catalog.features[i * f + $0] }
            return TrackFeatureRecord(
                trackID: catalog.ids[i], duration: Float(Foundation.exp(Double(v[9]) + 12)),
                releaseYear: min(max(5000 + Int((1000 * Double(v[10])).rounded()), 0), 9999), usPopularityEstimate: v[8],
                acousticness: v[14], beatStrength: 0.5, bounciness: 0.5, danceability: v[12], dynRangeMean: 8,
                energy: v[11], flatness: 0.9, instrumentalness: 0.1, key: 0, liveness: 0.2, loudness: -9,
                mechanism: 0.5, mode: .major, organism: 0.5, speechiness: 0.05, tempo: v[15], timeSignature: 4,
                valence: v[13], acousticVector: Array(v[0..<8]))
        }
    }
}
