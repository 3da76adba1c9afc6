import Foundation

/// A softmax over the unused candidates of one pool: `p_c = e^{z_c} / Σ_{u unused} e^{z_u}`
/// for unused `c`, 0 for used ones. Log-probabilities are `z_c − logsumexp_unused(z)`
/// (−∞ for used candidates), computed stably by subtracting the largest unused logit.
public struct MaskedSoftmax {
    /// Probabilities, 0 where masked out.
    public var probabilities: [Float]
    /// Log-probabilities, −∞ where masked out.
    public var logProbabilities: [Float]

    /// The distribution of `logits` restricted to `mask`.
    /// - Precondition: at least one candidate is unused; same counts.
    public init<L: Collection, M: Collection>(logits: L, mask: M) where L.Element == Float, M.Element == Bool {
        precondition(logits.count == mask.count, "MaskedSoftmax: \(logits.count) logits for a mask of \(mask.count)")
        let z = Array(logits), m = Array(mask)
        var top = -Float.infinity
        for c in z.indices where m[c] { top = max(top, z[c]) }
        precondition(top > -.infinity, "MaskedSoftmax: every candidate is masked out")
        var total: Double = 0
        for c in z.indices where m[c] { total += Foundation.exp(Double(z[c] - top)) }
        let logTotal = Float(Foundation.log(total)) + top
        logProbabilities = z.indices.map { m[$0] ? z[$0] - logTotal : -.infinity }
        probabilities = logProbabilities.map { $0 == -.infinity ? 0 : Foundation.exp($0) }
    }

    /// Entropy `H = −Σ p log p` over the unused candidates.
    public var entropy: Float {
        var h: Float = 0
        for c in probabilities.indices where probabilities[c] > 0 { h -= probabilities[c] * logProbabilities[c] }
        return h
    }

    /// The candidate whose cumulative probability first exceeds `u` in [0, 1)
    /// (inverse-CDF sampling; the last unused one when rounding leaves `u` past the total).
    public func sample(uniform u: Double) -> Int {
        var acc = 0.0
        var last = 0
        for c in probabilities.indices where probabilities[c] > 0 {
            acc += Double(probabilities[c])
            last = c
            if u < acc { return c }
        }
        return last
    }
}
