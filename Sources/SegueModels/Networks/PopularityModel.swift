import Foundation
import SegueCore
import SegueTensor

/// The popularity baseline: `P(listen) = σ(b + w·popularity)`, a logistic
/// regression on the track's standardised popularity alone, fitted by
/// Newton's method on the training plays. It shows what the learned models
/// add by reading context, the track's other features and the session.
public final class PopularityModel: LearnedUserModel {
    public let kind = ModelKind.popularity
    public let encoder: FeatureEncoder
    /// `[b, w]`.
    public private(set) var coefficients: [Float]
    public var training: TrainingSummary?
    /// Column of the popularity feature.
    let column: Int
    let tracks: [Float]

    /// A model with the given coefficients `[b, w]`.
    /// - Throws: `SegueError` when the catalog has no `popularity` feature or
    ///   differs from the encoder's features.
    public init(encoder: FeatureEncoder, coefficients: [Float] = [0, 0], catalog: Catalog) throws {
        guard let column = encoder.featureNames.firstIndex(of: "popularity") else {
            throw SegueError("popularity-model: the catalog has no feature named 'popularity'",
                             hint: "its features are \(encoder.featureNames.joined(separator: ", "))")
        }
        self.encoder = encoder
        self.coefficients = coefficients
        self.column = column
        tracks = try encoder.normalizedTracks(of: catalog)
    }

    private init(sharing other: PopularityModel) {
        encoder = other.encoder
        coefficients = other.coefficients
        column = other.column
        tracks = other.tracks
        training = other.training
    }

    @inline(__always) func popularity(_ track: Int) -> Float { tracks[track * encoder.trackWidth + column] }

    public var architecture: [String: String] { ["feature": "popularity"] }
    public var tensors: [(name: String, matrix: Matrix)] { [("popularity.coefficients", Matrix(rowVector: coefficients))] }
    public func sharingWeights() -> any LearnedUserModel { PopularityModel(sharing: self) }

    public func listenProbabilities(of candidates: [Int], episode: Episode, session: SessionState) -> [Double] {
        candidates.map { probability(logit: coefficients[0] + coefficients[1] * popularity($0)) }
    }

    public func predict(_ data: some LoggedSessions, sessions: [Int]) -> [Float] {
        var out: [Float] = []
        for s in sessions {
            data.forEachPlay(of: s) { track, _ in out.append(1 / (1 + expf(-(coefficients[0] + coefficients[1] * popularity(track))))) }
        }
        return out
    }

    /// Fits `[b, w]` to the plays of `data`'s sessions in `part` under
    /// `rule` by Newton's method (25 steps at most, stopping when the step is
    /// below 1e-10), streaming them once a step; deterministic.
    public func fit(_ data: some LoggedSessions, part: SplitPart, rule: SplitRule) {
        var b = 0.0, w = 0.0
        for _ in 0..<25 {
            var g0 = 0.0, g1 = 0.0, h00 = 0.0, h01 = 0.0, h11 = 0.0
            data.forEachSession(in: part, of: rule) { s in
                data.forEachPlay(of: s) { track, listened in
                    let x = Double(popularity(track))
                    let p = 1 / (1 + Foundation.exp(-(b + w * x)))
                    let r = p - (listened ? 1 : 0)
                    let v = max(p * (1 - p), 1e-12)
                    g0 += r; g1 += r * x
                    h00 += v; h01 += v * x; h11 += v * x * x
                }
            }
            let det = h00 * h11 - h01 * h01
            guard det > 1e-12 else { break }
            let d0 = (h11 * g0 - h01 * g1) / det, d1 = (h00 * g1 - h01 * g0) / det
            b -= d0; w -= d1
            if abs(d0) + abs(d1) < 1e-10 { break }
        }
        coefficients = [Float(b), Float(w)]
    }

    /// Rebuilds a saved model.
    static func load(_ file: SafeTensors, encoder: FeatureEncoder, catalog: Catalog) throws -> PopularityModel {
        guard let c = file["popularity.coefficients"], c.count == 2 else {
            throw SegueError("\(file.source): tensor 'popularity.coefficients' (2 values) is missing",
                             hint: "the file was not written by save-model for a popularity model")
        }
        return try PopularityModel(encoder: encoder, coefficients: c.storage, catalog: catalog)
    }
}
