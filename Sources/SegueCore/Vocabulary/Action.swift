/// What an agent asks for; a track sampler turns it into one unused candidate.
public enum Action: Sendable, Equatable, CustomStringConvertible {
    /// Play pool candidate `c`.
    case candidate(Int)
    /// A score per candidate: play the best unused one.
    case scores([Float])
    /// A point in track-feature space: play the nearest unused candidate.
    case point([Float])

    public var description: String {
        switch self {
        case .candidate(let c): return "candidate \(c)"
        case .scores(let s): return "scores(\(s.count))"
        case .point(let p): return "point(\(p.count))"
        }
    }
}
