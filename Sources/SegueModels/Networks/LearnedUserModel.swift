import Foundation
import SegueCore
import SegueTensor

/// The kinds of learned user model.
public enum ModelKind: String, CaseIterable, Sendable {
    /// Contextual world model: dense layers over context ‖ track ‖ position ‖ aggregates.
    case cwm
    /// Sequential world model: an LSTM over the session so far, then a dense head.
    case swm
    /// Logistic regression on the track's popularity alone.
    case popularity

    /// The registry name of its component.
    public var componentName: String { self == .popularity ? "popularity-model" : rawValue }

    /// Reads a kind from `cwm`, `swm`, `popularity` or `popularity-model`.
    /// - Throws: `SegueError` naming the accepted kinds.
    public static func parse(_ text: String) throws -> ModelKind {
        if let kind = ModelKind(rawValue: text) { return kind }
        if text == "popularity-model" || text == "pop" { return .popularity }
        throw SegueError("unknown model kind '\(text)'", hint: "kinds: cwm, swm, popularity")
    }
}

/// A user model learned from session logs: a `UserModel` the simulator can
/// use, that can also score logged sessions, be saved, and report on itself.
public protocol LearnedUserModel: ReplicableUserModel, CustomStringConvertible {
    /// What kind of model this is.
    var kind: ModelKind { get }
    /// Feature names, normalisation and label.
    var encoder: FeatureEncoder { get }
    /// How it was trained, when it was trained in this process or saved with it.
    var training: TrainingSummary? { get set }
    /// Architecture facts needed to rebuild it (layer sizes, options), as
    /// weight-file metadata.
    var architecture: [String: String] { get }
    /// Its weights under stable names.
    var tensors: [(name: String, matrix: Matrix)] { get }
    /// P(listen) of every play of `sessions` in order, each given the logged
    /// plays and outcomes before it (teacher forcing).
    func predict(_ data: some LoggedSessions, sessions: [Int]) -> [Float]
    /// A new instance sharing these weights (read-only at inference) with
    /// its own per-episode state, for another environment.
    func sharingWeights() -> any LearnedUserModel
}

extension LearnedUserModel {
    public func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        listenProbabilities(of: [track], episode: episode, session: session)[0]
    }

    /// One line: kind, sizes, label.
    public var description: String {
        let sizes = architecture.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(kind.rawValue) \(sizes) label=\(encoder.label.rawValue)"
    }
}

/// Session-so-far values a non-sequential model may read at a step, all
/// computable from `SessionState.played/outcomes`:
/// `[listens/t (0 at t = 0), min(consecutive skips, 6)/3, last listened]`.
enum SessionAggregates {
    static let width = 3

    /// Writes the aggregates of a session with `t` plays, `listens` listens,
    /// a current skip run of `run` and last outcome `last` into `out`.
    @inline(__always)
    static func write(t: Int, listens: Int, run: Int, last: Bool, into out: UnsafeMutablePointer<Float>) {
        out[0] = t == 0 ? 0 : Float(listens) / Float(t)
        out[1] = Float(min(run, 6)) / 3
        out[2] = last ? 1 : 0
    }
}

/// Sigmoid in Double, for probabilities handed to the simulator.
@inline(__always)
func probability(logit: Float) -> Double {
    1 / (1 + Foundation.exp(-Double(logit)))
}

/// Every learned model replicates by sharing its weights.
extension LearnedUserModel {
    public func replica() -> any UserModel { sharingWeights() }
}
