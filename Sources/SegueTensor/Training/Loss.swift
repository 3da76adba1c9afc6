import Foundation

/// A scalar loss and its gradient with respect to the predictions (same shape), ready
/// to pass to a layer's `backward`.
public struct LossOutput: Sendable {
    /// The loss value.
    public let value: Float
    /// `∂value/∂predictions`, the shape of the predictions.
    public let gradient: Matrix
}

/// How per-element losses `ℓ` with weights `w` become one number.
public enum LossReduction: Sendable, Equatable {
    /// `Σ w·ℓ / Σ w`: masked or weighted mean; 0 (with zero gradient) when `Σ w = 0`.
    /// Without weights this is the plain mean.
    case weightedMean
    /// `Σ w·ℓ / count`: weights scale elements but the divisor is the number of
    /// elements, as with prioritized-replay importance weights.
    case mean
    /// `Σ w·ℓ`.
    case sum
}

/// Loss functions with their gradients.
///
/// Each takes predictions and targets of the same shape `[rows, columns]` and
/// optional `weights` of shape `[rows, 1]` (one per row, e.g. a mask of padded steps)
/// or `[rows, columns]` (one per element). Sums accumulate in `Double`.
public enum Loss {
    /// Binary cross-entropy on logits: `ℓ = max(x, 0) − x·y + log(1 + e^{−|x|})`,
    /// which equals `−y·log σ(x) − (1 − y)·log(1 − σ(x))` without overflow for any `x`.
    ///
    /// Gradient per element: `∂ℓ/∂x = σ(x) − y` (then weighted and reduced).
    /// Targets are probabilities in `[0, 1]`.
    public static func binaryCrossEntropy(
        logits: Matrix, targets: Matrix, weights: Matrix? = nil, reduction: LossReduction = .weightedMean
    ) -> LossOutput {
        reduce("binaryCrossEntropy", logits, targets, weights, reduction) { x, y in
            let loss = max(x, 0) - x * y + log1p(exp(-abs(x)))
            return (loss, sigmoid(x) - y)
        }
    }

    /// Huber loss with threshold `delta`, for `d = prediction − target`:
    /// `ℓ = d²/2` when `|d| ≤ δ`, else `δ·(|d| − δ/2)`.
    ///
    /// Gradient per element: `d` clipped to `[−δ, δ]`. The usual DQN loss.
    ///
    /// - Precondition: `delta > 0`.
    public static func huber(
        predictions: Matrix, targets: Matrix, delta: Float = 1,
        weights: Matrix? = nil, reduction: LossReduction = .weightedMean
    ) -> LossOutput {
        precondition(delta > 0, "Loss.huber: delta must be positive, got \(delta)")
        return reduce("huber", predictions, targets, weights, reduction) { p, y in
            let d = p - y
            if abs(d) <= delta { return (0.5 * d * d, d) }
            return (delta * (abs(d) - 0.5 * delta), d > 0 ? delta : -delta)
        }
    }

    /// Squared error `ℓ = (prediction − target)²`, averaged by default (mean squared
    /// error). Gradient per element: `2·(prediction − target)`.
    public static func meanSquaredError(
        predictions: Matrix, targets: Matrix, weights: Matrix? = nil, reduction: LossReduction = .weightedMean
    ) -> LossOutput {
        reduce("meanSquaredError", predictions, targets, weights, reduction) { p, y in
            let d = p - y
            return (d * d, 2 * d)
        }
    }

    // MARK: - Reduction

    /// Applies `element` (returning loss and its derivative) everywhere, weights and
    /// reduces by `reduction`, and scales the gradient to match.
    private static func reduce(
        _ name: String, _ predictions: Matrix, _ targets: Matrix, _ weights: Matrix?,
        _ reduction: LossReduction, _ element: (Float, Float) -> (Float, Float)
    ) -> LossOutput {
        precondition(
            predictions.hasSameShape(as: targets),
            "Loss.\(name): predictions are [\(predictions.rows), \(predictions.columns)], "
                + "targets are [\(targets.rows), \(targets.columns)]")
        let (rows, columns) = (predictions.rows, predictions.columns)
        if let weights {
            precondition(
                weights.rows == rows && (weights.columns == 1 || weights.columns == columns),
                "Loss.\(name): weights are [\(weights.rows), \(weights.columns)], "
                    + "expected [\(rows), 1] or [\(rows), \(columns)]")
        }
        var gradient = Matrix(rows: rows, columns: columns)
        var total = 0.0
        var weightTotal = 0.0
        for r in 0..<rows {
            for c in 0..<columns {
                let w: Float
                if let weights { w = weights.columns == 1 ? weights[r, 0] : weights[r, c] } else { w = 1 }
                weightTotal += Double(w)
                if w == 0 { continue }
                let index = r * columns + c
                let (loss, derivative) = element(predictions.storage[index], targets.storage[index])
                total += Double(w) * Double(loss)
                gradient.storage[index] = w * derivative
            }
        }
        let divisor: Double
        switch reduction {
        case .weightedMean: divisor = weightTotal
        case .mean: divisor = Double(rows * columns)
        case .sum: divisor = 1
        }
        if divisor == 0 {
            return LossOutput(value: 0, gradient: Matrix(rows: rows, columns: columns))
        }
        gradient.scale(by: Float(1 / divisor))
        return LossOutput(value: Float(total / divisor), gradient: gradient)
    }
}
