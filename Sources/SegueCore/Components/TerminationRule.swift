/// Decides when a listening session ends.
///
/// The environment asks every rule after each step; the first that answers
/// ends the episode. Rules that are random draw from the uniform they are
/// given, which comes from the episode's own stream.
public protocol TerminationRule: AnyObject {
    /// Whether the session ends after the step just recorded in `session`.
    /// - Parameter uniform: a fresh draw in [0, 1) for stochastic rules.
    func end(after session: SessionState, uniform: Double) -> EpisodeEnd?

    /// The longest session this rule allows, if it caps length.
    /// Default: nil. The environment scales `S[0...2]` by the smallest cap.
    var lengthLimit: Int? { get }

    /// The run of skips this rule treats as the limit, if any.
    /// Default: nil. The environment scales `S[3]` by it.
    var skipLimit: Int? { get }
}

extension TerminationRule {
    public var lengthLimit: Int? { nil }
    public var skipLimit: Int? { nil }
}
