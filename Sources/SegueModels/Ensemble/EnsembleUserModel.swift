import Foundation
import SegueCore

/// K learned user models trained alike but for their seeds, used as one: a
/// simulator that knows where its members disagree, so a policy cannot gain
/// from one member's errors as easily as from a single model's.
///
/// - `mean`: P(listen) is the members' mean;
/// - `pessimistic`: the mean minus `lambda` times the members' standard
///   deviation (clamped to [0, 1]): plays the members disagree on are
///   rated lower, so a policy that seeks the model's blind spots gains less;
/// - `sample`: one member, drawn per episode from the episode's key (stream
///   60), plays the whole episode.
///
/// `disagreement` holds, per episode played, the mean standard deviation of
/// the members' P(listen) over the tracks played (the spread of the simulator's
/// belief where the policy went).
public final class EnsembleUserModel: UserModel, CustomStringConvertible {
    public enum Mode: String, CaseIterable, Sendable { case mean, pessimistic, sample }

    public let members: [any LearnedUserModel]
    public let mode: Mode
    public let lambda: Double
    /// Episode number → mean spread of the members' P(listen) over its plays.
    public private(set) var disagreement: [Int: Double] = [:]
    private var member = 0
    private var spreadSum = 0.0
    private var plays = 0

    public init(members: [any LearnedUserModel], mode: Mode = .mean, lambda: Double = 1) {
        precondition(!members.isEmpty, "an ensemble needs members")
        self.members = members
        self.mode = mode
        self.lambda = lambda
    }

    /// The same members (weights shared, own episode state) used another way.
    public func view(mode: Mode, lambda: Double) -> EnsembleUserModel {
        EnsembleUserModel(members: members.map { $0.sharingWeights() }, mode: mode, lambda: lambda)
    }

    public var description: String {
        "ensemble of \(members.count) × \(members[0].description), \(mode.rawValue)\(mode == .pessimistic ? " lambda=\(lambda)" : "")"
    }

    public func beginEpisode(_ episode: Episode) {
        for m in members { m.beginEpisode(episode) }
        member = episode.key.derive(60).index(0, below: members.count)
        spreadSum = 0
        plays = 0
    }

    public func observe(track: Int, listened: Bool, episode: Episode, session: SessionState) {
        for m in members { m.observe(track: track, listened: listened, episode: episode, session: session) }
    }

    public func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        let (value, spread) = combined(of: [track], episode: episode, session: session)
        // One track asked for is the track the environment plays: its spread is the episode's disagreement.
        spreadSum += spread[0]
        plays += 1
        disagreement[episode.number] = spreadSum / Double(plays)
        return value[0]
    }

    public func listenProbabilities(of tracks: [Int], episode: Episode, session: SessionState) -> [Double] {
        combined(of: tracks, episode: episode, session: session).0
    }

    /// Per track: the ensemble's P(listen) under `mode`, and the members' standard deviation.
    func combined(of tracks: [Int], episode: Episode, session: SessionState) -> ([Double], [Double]) {
        let each = members.map { $0.listenProbabilities(of: tracks, episode: episode, session: session) }
        let k = Double(members.count)
        var values: [Double] = [], spreads: [Double] = []
        for i in tracks.indices {
            let mean = each.reduce(0) { $0 + $1[i] } / k
            let spread = (each.reduce(0) { $0 + ($1[i] - mean) * ($1[i] - mean) } / k).squareRoot()
            spreads.append(spread)
            switch mode {
            case .mean: values.append(mean)
            case .pessimistic: values.append(min(max(mean - lambda * spread, 0), 1))
            case .sample: values.append(each[member][i])
            }
        }
        return (values, spreads)
    }

    /// The mean disagreement over the episodes played so far (nil before any).
    public var meanDisagreement: Double? {
        disagreement.isEmpty ? nil : disagreement.values.reduce(0, +) / Double(disagreement.count)
    }

    /// `ensemble(of=NAME, mode=mean|pessimistic|sample, lambda=X)`: a view of an ensemble this session holds.
    static let descriptor = ComponentDescriptor(
        kind: .userModel, name: "ensemble",
        summary: "an ensemble user model (train-model ... ensemble=K) used by mean, pessimistically, or one member per episode",
        parameters: [
            .string("of", "", "the ensemble (a value made by train-model ... ensemble=K)"),
            .choice("mode", Mode.allCases.map(\.rawValue), "mean", "mean of the members, mean − lambda·spread, or a member drawn per episode"),
            .double("lambda", 1, range: 0...100, "with mode=pessimistic: how many standard deviations below the mean"),
        ],
        make: { p, context in
            let name = p.string("of")
            guard let ensemble = context.values[name] as? EnsembleUserModel else {
                throw SegueError("ensemble: of=\(name.isEmpty ? "NAME" : name) is not an ensemble this session holds",
                                 hint: "train one: `e = train-model swm ensemble=5`, then `env user=ensemble(of=e, mode=pessimistic)`")
            }
            return ensemble.view(mode: Mode(rawValue: p.string("mode")) ?? .mean, lambda: p.double("lambda"))
        })
}
