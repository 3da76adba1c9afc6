import XCTest
@testable import SegueComponents

/// Pearson, Spearman and Kendall against values computed by hand, ties included.
final class CorrelationTests: XCTestCase {
    // x has no ties; y ties twice (4, 4 and 5, 5).
    let x: [Double] = [1, 2, 3, 4, 5]
    let y: [Double] = [2, 4, 5, 4, 5]

    func testPearsonByHand() {
        // dx = [-2,-1,0,1,2], dy = [-2,0,1,0,1]: Σdxdy = 6, Σdx² = 10, Σdy² = 6.
        XCTAssertEqual(Correlation.pearson(x, y), 6 / 60.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(Correlation.pearson(x, x.map { 3 - 2 * $0 }), -1, accuracy: 1e-12)
    }

    func testRanksShareTheirMeanWhenTied() {
        XCTAssertEqual(Correlation.ranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4])
        XCTAssertEqual(Correlation.ranks([5, 1, 5]), [2.5, 1, 2.5])
        XCTAssertEqual(Correlation.ranks([3, 3, 3]), [2, 2, 2])
    }

    func testSpearmanIsPearsonOfRanks() {
        // ranks of y = [1, 2.5, 4.5, 2.5, 4.5]: Σ = 7, Σdx² = 10, Σdy² = 9.
        XCTAssertEqual(Correlation.spearman(x, y), 7 / 90.0.squareRoot(), accuracy: 1e-12)
        // Any increasing transformation keeps ρ = 1 where r is below 1.
        let curved = x.map { $0 * $0 * $0 }
        XCTAssertEqual(Correlation.spearman(x, curved), 1, accuracy: 1e-12)
        XCTAssertLessThan(Correlation.pearson(x, curved), 0.99)
    }

    func testKendallTauBCountsPairsAndTies() {
        // Of 10 pairs: 7 concordant, 1 discordant (positions 3, 4), 2 tied in y.
        let tau = Correlation.kendall(x, y)
        XCTAssertEqual(tau, KendallTau(pairs: 10, concordant: 7, discordant: 1, tiedInX: 0, tiedInY: 2))
        XCTAssertEqual(tau.value, 6 / 80.0.squareRoot(), accuracy: 1e-12)
        // Without ties τ-b is (C − D) / pairs: one swapped pair of four items.
        XCTAssertEqual(Correlation.kendall([1, 2, 3, 4], [1, 3, 2, 4]).value, 4.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(Correlation.kendall([1, 2, 3], [3, 2, 1]).value, -1)
        // Ties in both series: x = [1,1,2], y = [1,2,2] → C = 1, D = 0, t_x = t_y = 1.
        XCTAssertEqual(Correlation.kendall([1, 1, 2], [1, 2, 2]).value, 1 / 4.0.squareRoot(), accuracy: 1e-12)
    }

    func testUndefinedCorrelationsAreNaN() {
        XCTAssertTrue(Correlation.pearson([1, 1, 1], [1, 2, 3]).isNaN)
        XCTAssertTrue(Correlation.spearman([2], [3]).isNaN)
        XCTAssertTrue(Correlation.kendall([1, 1, 1], [1, 2, 3]).value.isNaN)
    }

    func testAgreementOfPerEpisodeReturns() {
        // Three policies, four episodes; offline is online shifted up by 1 with one pair swapped.
        let online: [[Double]] = [[1, 2, 1, 2], [5, 6, 5, 6], [9, 9, 9, 9]]
        let offline: [[Double]] = [[6, 7, 6, 7], [2, 3, 2, 3], [10, 10, 10, 10]]
        let a = Agreement(offline: offline, online: online, resamples: 200, seed: 4)
        XCTAssertEqual(a.policies, 3)
        XCTAssertEqual(a.kendall.concordant, 2)
        XCTAssertEqual(a.kendall.discordant, 1)
        XCTAssertEqual(a.kendall.value, 1.0 / 3, accuracy: 1e-12)
        let gaps: [Double] = [6.5 - 1.5, 2.5 - 5.5, 10 - 9]
        XCTAssertEqual(a.meanGap, gaps.reduce(0, +) / 3, accuracy: 1e-12)
        // Every resample keeps the same order (the policies never overlap), so the interval is a point.
        let third = 1.0 / 3
        XCTAssertEqual(a.kendallInterval, third...third)
        XCTAssertEqual(Agreement(offline: offline, online: online, resamples: 200, seed: 4), a, "seeded: the same interval again")
    }

    func testBootstrapIntervalWidensWhenPoliciesOverlap() throws {
        // Policies 0 and 1 are close and noisy: resamples order them both ways.
        let online: [[Double]] = [[0, 4, 0, 4, 0, 4], [1, 3, 1, 3, 2, 2], [9, 9, 9, 9, 9, 9]]
        let offline: [[Double]] = [[0, 5, 1, 4, 0, 4], [2, 3, 0, 3, 2, 2], [8, 8, 8, 8, 8, 8]]
        let a = Agreement(offline: offline, online: online, resamples: 500, seed: 1)
        let interval = try XCTUnwrap(a.kendallInterval)
        XCTAssertLessThan(interval.lowerBound, interval.upperBound)
        XCTAssertGreaterThanOrEqual(interval.lowerBound, -1)
        XCTAssertLessThanOrEqual(interval.upperBound, 1)
    }
}
