import Foundation
import SegueTensor

/// PPO's clipped surrogate with an entropy bonus, over masked softmax policies,
/// and its gradient with respect to the logits (Schulman et al., 2017):
///
///     r_i    = exp(log π(a_i|s_i) − log π_old(a_i|s_i))
///     L_clip = −mean_i min(r_i·A_i, clip(r_i, 1−ε, 1+ε)·A_i)
///     L      = L_clip − β·mean_i H(π(·|s_i))
///
/// Gradient for row `i` and unused candidate `c` (0 for used ones), with `M` rows:
///
///     ∂L/∂z_ic = g_i·(1[c = a_i] − p_ic) + (β/M)·p_ic·(log p_ic + H_i)
///     g_i      = −A_i·r_i / M  where the unclipped term is the smaller, else 0
public enum PolicyLoss {
    /// What the loss came to, for progress and early stopping.
    public struct Output {
        public var loss: Float
        /// `∂L/∂logits`, `[M, C]`.
        public var dLogits: Matrix
        public var entropy: Float
        /// Mean `(r − 1) − log r`, an estimate of KL(π_old ‖ π).
        public var approximateKL: Float
        /// Share of rows whose ratio was clipped.
        public var clipFraction: Float
    }

    /// The loss of `logits` `[M, C]` given each row's `masks` (`M·C`, true = unused),
    /// played `actions`, `oldLogProbs` and `advantages`.
    public static func clipped(logits: Matrix, masks: [Bool], actions: [Int], oldLogProbs: [Float],
                               advantages: [Float], clip: Float, entropyCoefficient: Float) -> Output {
        let m = logits.rows, c = logits.columns
        precondition(masks.count == m * c && actions.count == m && oldLogProbs.count == m && advantages.count == m,
                     "PolicyLoss: \(m) rows of \(c) logits need \(m * c) mask entries and \(m) actions, log-probs, advantages")
        var dLogits = [Float](repeating: 0, count: m * c)
        var loss = 0.0, entropy = 0.0, kl = 0.0, clipped = 0
        let scale = 1 / Float(m)
        for i in 0..<m {
            let pi = MaskedSoftmax(logits: logits.storage[i * c ..< (i + 1) * c], mask: masks[i * c ..< (i + 1) * c])
            let a = actions[i], advantage = advantages[i]
            let logRatio = pi.logProbabilities[a] - oldLogProbs[i]
            let ratio = Foundation.exp(logRatio)
            let bounded = min(max(ratio, 1 - clip), 1 + clip)
            let unclippedTerm = ratio * advantage, clippedTerm = bounded * advantage
            loss -= Double(min(unclippedTerm, clippedTerm))
            if bounded != ratio { clipped += 1 }
            let h = pi.entropy
            entropy += Double(h)
            kl += Double((ratio - 1) - logRatio)
            let g: Float = unclippedTerm <= clippedTerm ? -advantage * ratio * scale : 0
            for j in 0..<c where pi.probabilities[j] > 0 {
                let p = pi.probabilities[j]
                dLogits[i * c + j] = g * ((j == a ? 1 : 0) - p)
                    + entropyCoefficient * scale * p * (pi.logProbabilities[j] + h)
            }
        }
        let n = Double(m)
        return Output(loss: Float(loss / n - Double(entropyCoefficient) * entropy / n),
                      dLogits: Matrix(rows: m, columns: c, storage: dLogits),
                      entropy: Float(entropy / n), approximateKL: Float(kl / n), clipFraction: Float(clipped) / Float(m))
    }

    /// Phasic policy gradient's behavioural-cloning term: the mean over rows of
    /// `KL(π_old ‖ π)` between the masked softmaxes of `oldLogits` and `logits`
    /// (`[M, C]` each, `masks` `M·C`), and its gradient `∂/∂z_ic = (p_ic − p_old_ic) / M`.
    public static func cloning(logits: Matrix, oldLogits: Matrix, masks: [Bool]) -> (loss: Float, dLogits: Matrix) {
        let m = logits.rows, c = logits.columns
        precondition(oldLogits.rows == m && oldLogits.columns == c && masks.count == m * c,
                     "PolicyLoss.cloning: logits [\(m), \(c)], old [\(oldLogits.rows), \(oldLogits.columns)], \(masks.count) mask entries")
        var dLogits = [Float](repeating: 0, count: m * c)
        var loss = 0.0
        let scale = 1 / Float(m)
        for i in 0..<m {
            let rows = i * c ..< (i + 1) * c
            let pi = MaskedSoftmax(logits: logits.storage[rows], mask: masks[rows])
            let old = MaskedSoftmax(logits: oldLogits.storage[rows], mask: masks[rows])
            for j in 0..<c where old.probabilities[j] > 0 || pi.probabilities[j] > 0 {
                if old.probabilities[j] > 0 {
                    loss += Double(old.probabilities[j]) * Double(old.logProbabilities[j] - pi.logProbabilities[j])
                }
                dLogits[i * c + j] = (pi.probabilities[j] - old.probabilities[j]) * scale
            }
        }
        return (Float(loss / Double(m)), Matrix(rows: m, columns: c, storage: dLogits))
    }
}
