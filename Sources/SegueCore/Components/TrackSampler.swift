/// Turns an agent's action into one concrete, unused candidate.
///
/// Whatever the action, the answer must be a candidate whose `mask` entry is
/// true: a track is never repeated within an episode. A repeated pick becomes
/// the next best unused candidate — by the agent's scores when it gives them,
/// else the lowest unused index.
public protocol TrackSampler: AnyObject {
    /// The candidate to play for `action`, given the current observation.
    /// - Throws: `SegueError` when the action cannot be read (wrong length,
    ///   out of range, not finite) or no candidate is left.
    func candidate(for action: Action, observation: Observation) throws -> Int
}

/// A track sampler that plays an unused `.candidate(c)` pick as it is.
/// The environment then skips building an observation for it (a fast path
/// on every step of index-picking agents).
public protocol PassThroughCandidates: TrackSampler {}

/// Helpers every track sampler can use to honour the no-repeat rule.
public enum CandidateChoice {
    /// The lowest unused candidate index, or nil when all are used.
    public static func lowestUnused(_ mask: [Bool]) -> Int? {
        mask.firstIndex(of: true)
    }

    /// The unused candidate with the highest score; ties go to the lowest
    /// index; NaN scores never win.
    public static func maskedArgmax(_ scores: [Float], mask: [Bool]) -> Int? {
        var best: Int?
        var bestScore = -Float.infinity
        for c in 0..<min(scores.count, mask.count) where mask[c] {
            let s = scores[c]
            if best == nil || s > bestScore { best = c; bestScore = s.isNaN ? -.infinity : s }
        }
        return best
    }

    /// The unused candidate with the highest score (float64 scores).
    public static func maskedArgmax(_ scores: [Double], mask: [Bool]) -> Int? {
        var best: Int?
        var bestScore = -Double.infinity
        for c in 0..<min(scores.count, mask.count) where mask[c] {
            let s = scores[c]
            if best == nil || s > bestScore { best = c; bestScore = s.isNaN ? -.infinity : s }
        }
        return best
    }
}
