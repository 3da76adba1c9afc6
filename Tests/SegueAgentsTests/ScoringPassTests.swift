import XCTest
import SegueCore
import SegueTensor
@testable import SegueAgents

/// The blocked inference pass agrees with the training forward pass, and gives
/// the same numbers, bit for bit, whatever the number of worker threads.
final class ScoringPassTests: XCTestCase {
    /// Six states of 700 candidates: several blocks, states spanning two blocks.
    let states = 6, candidates = 700
    var generator = SeededGenerator(seed: 3)

    func random(_ count: Int) -> [Float] {
        (0..<count).map { _ in Float(generator.normal()) }
    }

    func testScoresMatchTheTrainingForwardForAnyWorkerCount() {
        let net = CandidateScorer(contextSize: 7, featureSize: 5, hidden: [12, 9], using: &generator)
        let contexts = Matrix(rows: states, columns: 7, storage: random(states * 7))
        let pools = (0..<states).map { _ in random(candidates * 5) }
        let reference = net(contexts: contexts, features: Matrix(rows: states * candidates, columns: 5, storage: pools.flatMap { $0 }))
        let one = net.scores(contexts: contexts, pools: pools)
        XCTAssertEqual(one.shape, [states, candidates])
        for (a, b) in zip(one.storage, reference.storage) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
        for workers in [2, 3] {
            net.workerCount = workers
            XCTAssertEqual(net.scores(contexts: contexts, pools: pools).storage, one.storage, "\(workers) workers")
        }
    }

    func testMaxScoresAreTheMaskedMaximaForAnyWorkerCount() {
        let net = CandidateScorer(contextSize: 7, featureSize: 5, hidden: [12, 9], using: &generator)
        let contexts = Matrix(rows: states, columns: 7, storage: random(states * 7))
        let pools = (0..<states).map { _ in random(candidates * 5) }
        var masks = (0..<states * candidates).map { _ in generator.next() % 3 != 0 }
        for j in 0..<candidates { masks[4 * candidates + j] = false }   // state 4: nothing left
        let wanted = [true, false, true, true, true, true]
        let all = net.scores(contexts: contexts, pools: pools)
        let expected: [Float] = (0..<states).map { s in
            guard wanted[s] else { return 0 }
            let unused = (0..<candidates).filter { masks[s * candidates + $0] }
            return unused.map { all[s, $0] }.max() ?? 0
        }
        let one = net.maxScores(contexts: contexts, pools: pools, masks: masks, wanted: wanted)
        for (a, b) in zip(one, expected) { XCTAssertEqual(a, b, accuracy: 1e-5 * max(1, abs(b))) }
        XCTAssertEqual(one[1], 0)
        XCTAssertEqual(one[4], 0)
        for workers in [2, 3] {
            net.workerCount = workers
            XCTAssertEqual(net.maxScores(contexts: contexts, pools: pools, masks: masks, wanted: wanted), one, "\(workers) workers")
        }
    }
}
