import XCTest
import SegueCore
import SegueTensor
@testable import SegueAgents

/// New backward code checked against central finite differences (in Double
/// where the loss is computed, Float elsewhere, so tolerances are loose-ish).
final class GradientTests: XCTestCase {
    func randomMatrix(_ rows: Int, _ columns: Int, _ generator: inout SeededGenerator) -> Matrix {
        Matrix(rows: rows, columns: columns, storage: (0..<rows * columns).map { _ in Float(generator.normal()) })
    }

    /// Each parameter's accumulated gradient against central differences of `loss` (step 1e-2).
    func assertGradientsMatchFiniteDifferences(_ parameters: [(name: String, parameter: Parameter)], loss: () -> Double,
                                               file: StaticString = #filePath, line: UInt = #line) {
        for (name, p) in parameters {
            for i in 0..<p.value.count {
                let saved = p.value.storage[i], h: Float = 1e-2
                p.value.storage[i] = saved + h; let up = loss()
                p.value.storage[i] = saved - h; let down = loss()
                p.value.storage[i] = saved
                let numeric = (up - down) / Double(2 * h)
                XCTAssertEqual(Double(p.grad.storage[i]), numeric, accuracy: 2e-3 + 2e-2 * abs(numeric), "\(name)[\(i)]",
                               file: file, line: line)
            }
        }
    }

    /// loss = Σ w ⊙ scores, so ∂loss/∂scores = w.
    func testCandidateScorerGradientsMatchFiniteDifferences() {
        var g = SeededGenerator(seed: 3)
        let net = CandidateScorer(contextSize: 5, featureSize: 3, hidden: [6, 4], using: &g)
        let contexts = randomMatrix(2, 5, &g), features = randomMatrix(2 * 4, 3, &g), w = randomMatrix(2, 4, &g)
        // Nonzero biases: with zero ones a row whose ReLUs are all off sits exactly on a kink.
        for (name, p) in net.namedParameters where name.hasSuffix("bias") {
            p.value = randomMatrix(p.value.rows, p.value.columns, &g)
        }
        func loss() -> Double {
            let s = net(contexts: contexts, features: features)
            return zip(s.storage, w.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        net.zeroGradients()
        _ = net(contexts: contexts, features: features)
        net.backward(w)
        assertGradientsMatchFiniteDifferences(net.namedParameters, loss: loss)
    }

    func testSplitFirstLayerEqualsOneDenseOverConcatenatedInputs() {
        var g = SeededGenerator(seed: 4)
        let layer = SplitDense(contextSize: 3, featureSize: 2, outputSize: 4, using: &g)
        let contexts = randomMatrix(2, 3, &g), features = randomMatrix(6, 2, &g)
        let split = layer(contexts: contexts, features: features)
        let kernel = Matrix(rows: 5, columns: 4, storage: layer.contextWeight.value.storage + layer.featureWeight.value.storage)
        for r in 0..<6 {
            let x = Matrix(rowVector: contexts.row(r / 3) + features.row(r))
            let dense = x.matmul(kernel).addingRowVector(layer.bias.value)
            for c in 0..<4 { XCTAssertEqual(split[r, c], dense[0, c], accuracy: 1e-5) }
        }
    }

    func testMaskedSoftmaxIgnoresUsedCandidates() {
        let pi = MaskedSoftmax(logits: [1, 100, 2, -1], mask: [true, false, true, true])
        XCTAssertEqual(pi.probabilities[1], 0)
        XCTAssertEqual(pi.logProbabilities[1], -.infinity)
        XCTAssertEqual(pi.probabilities.reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertEqual(pi.probabilities[2] / pi.probabilities[0], Float(M_E), accuracy: 1e-4)
        XCTAssertNotEqual(pi.sample(uniform: 0.999999), 1)
        XCTAssertEqual(pi.sample(uniform: 0), 0)
    }

    /// The clipped surrogate with entropy bonus, in both the clipped and unclipped regimes.
    func testPolicyLossGradientMatchesFiniteDifferences() {
        var g = SeededGenerator(seed: 5)
        let m = 4, c = 5
        var logits = randomMatrix(m, c, &g)
        let masks = (0..<m * c).map { $0 % 5 != 3 }
        let actions = [0, 1, 2, 4]
        let advantages: [Float] = [1.5, -0.7, 0.3, -2]
        // Old log-probs near the current ones (unclipped) for rows 0 and 1, far (clipped) for 2 and 3.
        let current = (0..<m).map { MaskedSoftmax(logits: logits.storage[$0 * c ..< ($0 + 1) * c], mask: masks[$0 * c ..< ($0 + 1) * c]) }
        let old = (0..<m).map { current[$0].logProbabilities[actions[$0]] + ($0 < 2 ? 0.05 : -0.6) }
        func loss() -> Double {
            Double(PolicyLoss.clipped(logits: logits, masks: masks, actions: actions, oldLogProbs: old,
                                      advantages: advantages, clip: 0.2, entropyCoefficient: 0.05).loss)
        }
        let out = PolicyLoss.clipped(logits: logits, masks: masks, actions: actions, oldLogProbs: old,
                                     advantages: advantages, clip: 0.2, entropyCoefficient: 0.05)
        XCTAssertGreaterThan(out.clipFraction, 0)
        for i in 0..<m * c {
            let saved = logits.storage[i], h: Float = 1e-3
            logits.storage[i] = saved + h; let up = loss()
            logits.storage[i] = saved - h; let down = loss()
            logits.storage[i] = saved
            XCTAssertEqual(Double(out.dLogits.storage[i]), (up - down) / Double(2 * h), accuracy: 2e-3, "logit \(i)")
            if !masks[i] { XCTAssertEqual(out.dLogits.storage[i], 0) }
        }
    }

    /// PPG's auxiliary value head: its own weights and the policy's shared
    /// context weights and bias get the finite-difference gradients.
    func testAuxiliaryValueHeadGradientsReachTheSharedEncoder() {
        var g = SeededGenerator(seed: 6)
        let policy = CandidateScorer(contextSize: 5, featureSize: 3, hidden: [6], using: &g)
        let head = AuxiliaryValueHead(encoder: policy.first, using: &g)
        policy.first.bias.value = randomMatrix(1, 6, &g)
        let contexts = randomMatrix(4, 5, &g), w = randomMatrix(4, 1, &g)
        func loss() -> Double { zip(head(contexts).storage, w.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
        policy.zeroGradients()
        head.zeroGradients()
        _ = head(contexts)
        head.backward(w)
        let checked = [(name: "context_weight", parameter: policy.first.contextWeight), (name: "bias", parameter: policy.first.bias)]
            + head.namedParameters
        XCTAssertTrue(policy.first.featureWeight.grad.storage.allSatisfy { $0 == 0 }, "the candidate share takes no part")
        assertGradientsMatchFiniteDifferences(checked, loss: loss)
    }

    /// PPG's cloning term: KL(π_old ‖ π) over unused candidates, 0 at π = π_old.
    func testCloningLossGradientMatchesFiniteDifferences() {
        var g = SeededGenerator(seed: 7)
        let m = 3, c = 4
        var logits = randomMatrix(m, c, &g)
        let old = randomMatrix(m, c, &g)
        let masks = (0..<m * c).map { $0 % 4 != 1 }
        XCTAssertEqual(PolicyLoss.cloning(logits: old, oldLogits: old, masks: masks).loss, 0, accuracy: 1e-7)
        let out = PolicyLoss.cloning(logits: logits, oldLogits: old, masks: masks)
        XCTAssertGreaterThan(out.loss, 0)
        for i in 0..<m * c {
            let saved = logits.storage[i], h: Float = 1e-3
            logits.storage[i] = saved + h; let up = Double(PolicyLoss.cloning(logits: logits, oldLogits: old, masks: masks).loss)
            logits.storage[i] = saved - h; let down = Double(PolicyLoss.cloning(logits: logits, oldLogits: old, masks: masks).loss)
            logits.storage[i] = saved
            XCTAssertEqual(Double(out.dLogits.storage[i]), (up - down) / Double(2 * h), accuracy: 1e-3, "logit \(i)")
            if !masks[i] { XCTAssertEqual(out.dLogits.storage[i], 0) }
        }
    }

    func testEpsilonScheduleIsBenchWorkloadsRamp() {
        let config = QLearningConfig()
        XCTAssertEqual(config.epsilon(atStep: 0), 1)
        XCTAssertEqual(config.epsilon(atStep: 5_000), 0.525, accuracy: 1e-6)
        XCTAssertEqual(config.epsilon(atStep: 10_000), 0.05, accuracy: 1e-6)
        XCTAssertEqual(config.epsilon(atStep: 50_000), 0.05, accuracy: 1e-6)
    }

    func testGeneralisedAdvantagesStopAtEpisodeEndsAndBootstrapTruncations() {
        var buffer = RolloutBuffer(contextSize: 1, candidateCount: 1, featureSize: 1)
        buffer.rewards = [1, 0, 1]
        buffer.values = [0.5, 0.5, 0.5]
        buffer.nextValues = [0.5, 2, 0.5]
        buffer.discounts = [1, 1, 0]     // step 1 truncated (discount 1), step 2 terminated
        buffer.lasts = [false, true, true]
        buffer.actions = [0, 0, 0]
        buffer.poolKeys = [7, 7, 7]      // one episode
        let (a, r) = buffer.advantages(gamma: 0.9, lambda: 0.5)
        XCTAssertEqual(a[2], 0.5, accuracy: 1e-6)                       // 1 + 0 − 0.5
        XCTAssertEqual(a[1], 0 + 0.9 * 2 - 0.5, accuracy: 1e-6)         // bootstraps V(s'), no carry
        XCTAssertEqual(a[0], (1 + 0.9 * 0.5 - 0.5) + 0.45 * a[1], accuracy: 1e-6)
        XCTAssertEqual(r[0], a[0] + 0.5, accuracy: 1e-6)
    }

    /// Rows of two environments stepped in turn: each episode's advantages
    /// are those of its own rows alone.
    func testGeneralisedAdvantagesOfInterleavedEpisodesFollowEachEpisode() {
        func buffer(_ rows: [(key: UInt64, reward: Float, value: Float, next: Float, last: Bool)]) -> RolloutBuffer {
            var b = RolloutBuffer(contextSize: 1, candidateCount: 1, featureSize: 1)
            b.poolKeys = rows.map(\.key); b.rewards = rows.map(\.reward); b.values = rows.map(\.value)
            b.nextValues = rows.map(\.next); b.lasts = rows.map(\.last); b.discounts = rows.map { $0.last ? 0 : 1 }
            b.actions = rows.map { _ in 0 }
            return b
        }
        let x: [(key: UInt64, reward: Float, value: Float, next: Float, last: Bool)] =
            [(1, 1, 0.2, 0.3, false), (1, 0, 0.3, 0.9, false), (1, 1, 0.9, 0, true)]
        let y: [(key: UInt64, reward: Float, value: Float, next: Float, last: Bool)] =
            [(2, 0, 0.4, 0.6, false), (2, 1, 0.6, 0.1, false)]   // still running at the rollout's end
        let interleaved = buffer([x[0], y[0], x[1], y[1], x[2]]).advantages(gamma: 0.9, lambda: 0.8).advantages
        let alone = (buffer(x).advantages(gamma: 0.9, lambda: 0.8).advantages, buffer(y).advantages(gamma: 0.9, lambda: 0.8).advantages)
        XCTAssertEqual([interleaved[0], interleaved[2], interleaved[4]], alone.0)
        XCTAssertEqual([interleaved[1], interleaved[3]], alone.1)
    }
}
