import XCTest
@testable import SegueComponents

/// regret@1, contradicted pairwise calls and τ's interval from bootstrap draws.
final class PolicySelectionTests: XCTestCase {
    func testRegretIsTheOnlineReturnLostByTheFirstChoice() {
        // Offline puts policy 0 first; online, policy 2 leads by 2 of 10.
        let draws = (0..<40).map { r in [3.0 + Double(r % 3) * 0.01, 2.0, 1.0] }
        let s = PolicySelection(offline: [3, 2, 1], online: [8, 9, 10], draws: draws)
        XCTAssertEqual(s.regretAtOne, 2, accuracy: 1e-12)
        XCTAssertEqual(s.regretShare, 0.2, accuracy: 1e-12)
        // Every draw orders 0 > 1 > 2: three calls, all contradicted online.
        XCTAssertEqual(s.calls, 3)
        XCTAssertEqual(s.contradicted, 3)
        XCTAssertEqual(s.agreement.kendall.value, -1, accuracy: 1e-12)
        XCTAssertEqual(s.agreement.kendallInterval, -1 ... -1)
    }

    func testNoCallWhereTheDrawsDisagreeAndNoRegretWhenTheBestIsChosen() {
        // Policies 0 and 1 swap order in half the draws: no call between them.
        let draws = (0..<40).map { r in r % 2 == 0 ? [5.0, 4.0, 1.0] : [4.0, 5.0, 1.0] }
        let s = PolicySelection(offline: [5, 4, 1], online: [10, 9, 1], draws: draws)
        XCTAssertEqual(s.regretAtOne, 0)
        XCTAssertEqual(s.calls, 2, "0 > 2 and 1 > 2 only")
        XCTAssertEqual(s.contradicted, 0)
    }

    func testPoliciesTiedFirstCountByTheirMeanOnlineReturn() {
        let s = PolicySelection(offline: [0, 0, 0], online: [4, 6, 8], draws: [])
        XCTAssertEqual(s.regretAtOne, 2, accuracy: 1e-12)
        XCTAssertEqual(s.calls, 0)
    }

    func testBootstrapMeansResampleTheSameEpisodesForEveryPolicy() {
        let returns = [[1.0, 2, 3, 4], [2.0, 3, 4, 5]]
        let draws = PolicySelection.bootstrapMeans(returns, resamples: 30, seed: 4)
        XCTAssertEqual(draws.count, 30)
        for d in draws { XCTAssertEqual(d[1] - d[0], 1, accuracy: 1e-12, "paired: the same episodes in each draw") }
        XCTAssertEqual(draws, PolicySelection.bootstrapMeans(returns, resamples: 30, seed: 4))
    }
}
