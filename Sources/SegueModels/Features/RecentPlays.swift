import Foundation

/// How a candidate relates to the session's last few plays: the inputs that
/// let SWM's head see repetition, fatigue and smooth transitions directly.
///
/// An LSTM state summarises the session, but the head can only compare the
/// candidate with that summary, not with each recent track; listeners react
/// to exactly that (a track too like the last ones tires, one like the
/// track just enjoyed flows). With `x̂` the standardised features, `p_k` the
/// play `k` steps back (`k = 1...K`), `l_k` its outcome (1 listened) and
/// `cos` the cosine of two feature rows, the features of candidate `c` are
///
/// ```
/// [cos(c, p_1), …, cos(c, p_K),  l_1·cos(c, p_1), …, l_K·cos(c, p_K),  x̂_c ⊙ x̂_{p_1}]
/// ```
///
/// with zeros where the session has fewer than `k` plays. They are computed
/// from data alone (no weights), so training needs no gradient through them.
public struct RecentPlays: Sendable, Equatable {
    /// Plays looked back at (0: none, the features are empty).
    public let depth: Int
    /// Track features per row.
    public let trackWidth: Int

    public init(depth: Int, trackWidth: Int) {
        self.depth = depth
        self.trackWidth = trackWidth
    }

    /// Values per candidate: `2K + F`, or 0 when `depth` is 0.
    public var width: Int { depth == 0 ? 0 : 2 * depth + trackWidth }

    /// Writes the features of `candidate` into `out[0..<width]`.
    /// - Parameters:
    ///   - candidate: the candidate's standardised features (`trackWidth` values)
    ///     and their L2 norm.
    ///   - recent: the standardised features of play `k` steps back, `k = 1...`,
    ///     with their norm, or nil past the session's start. Callers keep the
    ///     norms (`norm(_:_:)`), so that scoring many candidates against the
    ///     same plays computes each once.
    ///   - listened: whether play `k` steps back was a listen.
    @inline(__always)
    public func write(candidate: (features: UnsafePointer<Float>, norm: Float),
                      recent: (Int) -> (features: UnsafePointer<Float>, norm: Float)?,
                      listened: (Int) -> Bool, into out: UnsafeMutablePointer<Float>) {
        guard depth > 0 else { return }
        let f = trackWidth, c = candidate.features
        for k in 1...depth {
            guard let p = recent(k) else {
                out[k - 1] = 0
                out[depth + k - 1] = 0
                if k == 1 { for j in 0..<f { out[2 * depth + j] = 0 } }
                continue
            }
            var dot: Float = 0
            for j in 0..<f { dot += c[j] * p.features[j] }
            let cosine = dot / max(candidate.norm * p.norm, 1e-6)
            out[k - 1] = cosine
            out[depth + k - 1] = listened(k) ? cosine : 0
            if k == 1 { for j in 0..<f { out[2 * depth + j] = c[j] * p.features[j] } }
        }
    }

    /// The L2 norm of the `f` values at `x`.
    @inline(__always) public static func norm(_ x: UnsafePointer<Float>, _ f: Int) -> Float {
        var s: Float = 0
        for j in 0..<f { s += x[j] * x[j] }
        return s.squareRoot()
    }
}
