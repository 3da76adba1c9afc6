import XCTest
@testable import SegueShell

/// Text plots are pure functions of their data and style: compared as snapshots.
final class PlotTests: XCTestCase {
    func testBarChartDrawsBarsAndIntervals() {
        let chart = BarChart(title: "t", bars: [.init(label: "a", value: 2, halfWidth: 0.5), .init(label: "bb", value: 4)])
        XCTAssertEqual(chart.render(PlotStyle(width: 40)), """
        t
        a  ████████├█▌──┤         2.000 ± 0.500
        bb █████████████████████  4.000
        """)
        XCTAssertEqual(chart.render(PlotStyle(width: 40, unicode: false)), """
        t
        a  ########|##--|         2.000 ± 0.500
        bb #####################  4.000
        """)
    }

    func testHistogramCountsEveryValueOnce() {
        let histogram = Histogram(title: "h", values: [0, 0, 1, 2, 3, 4], bins: 2)
        XCTAssertEqual(histogram.counts.counts, [3, 3])
        XCTAssertEqual(histogram.render(PlotStyle(width: 30)), """
        h
        [0.0, 2.0) ██████████ 3
        [2.0, 4.0) ██████████ 3
        """)
    }

    func testMovingAverageAndLineChartShape() {
        XCTAssertEqual(LineChart.movingAverage([1, 2, 3, 4], window: 2), [1, 1.5, 2.5, 3.5])
        var chart = LineChart(title: "r", values: [0, 1, 2, 3], window: 2)
        chart.height = 4
        let text = chart.render(PlotStyle(width: 30))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "r")
        XCTAssertEqual(lines.count, 1 + 4 + 3)
        XCTAssertTrue(lines[1].hasPrefix("3.0 │"), text)
        XCTAssertTrue(lines[4].hasPrefix("0.0 │●"), text)
        XCTAssertTrue(text.contains("last 2: 2.50"), text)
    }

    func testColorOnlyWhenAsked() {
        XCTAssertFalse(BarChart(title: "t", bars: [.init(label: "a", value: 1)]).render(PlotStyle()).contains("\u{1B}"))
        XCTAssertTrue(BarChart(title: "t", bars: [.init(label: "a", value: 1)]).render(PlotStyle(color: true)).contains("\u{1B}["))
    }
}
