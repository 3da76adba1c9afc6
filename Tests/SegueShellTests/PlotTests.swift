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
        // What is drawn spans 0...2.5 over 4 rows: one unit a row from 0, labels on even values.
        XCTAssertEqual(chart.render(PlotStyle(width: 30)), """
        r
          │   ●
        2 │  ●
          │ ●
        0 │●
          └────
           1  4
           · per episode   ● moving average (2)   last 2: 2.50
        """)
    }

    /// A second run on an agent that already trained 20 episodes: the axis
    /// starts near the data (not at 0), a gain of two listens is two rows, and
    /// the x-axis marks where this run began.
    func testLineChartMarksWhereThisRunBegan() {
        let series: [Double] = (0..<40).map { i in
            let wobble = Double(i % 4) / 2
            return 7 + wobble + (i >= 20 ? 2 : 0)
        }
        var run = LineChart(title: "returns", values: series, window: 10)
        run.height = 6
        run.runStart = 20
        XCTAssertEqual(run.render(PlotStyle(width: 40)), """
        returns
           │                 ·  ·
        10 │                ·  · ●●●●●●●●
           │        ·  ·  ·· ●●●●·
         8 │ ·●●●●●●●●●●●●●●●
           │●● ·  ·  ·  ·
           └───────────────┴─────────────
            1              21          40
            · per episode   ┴ this run from episode 21   ● moving average (10)   last 10: 9.85
        """)
        let ascii = run.render(PlotStyle(width: 40, unicode: false))
        XCTAssertTrue(ascii.allSatisfy(\.isASCII), ascii)
        XCTAssertTrue(ascii.contains("+---------------^-------------"), ascii)
        run.runStart = nil
        XCTAssertFalse(run.render(PlotStyle(width: 40)).contains("this run"))
    }

    func testAxisScaleUsesRoundStepsThatCoverTheData() {
        let cases: [(lo: Double, hi: Double, rows: Int, base: Double, step: Double)] = [
            (7.2, 9.9, 8, 7, 0.5), (0, 20, 8, 0, 5), (-3, 0.5, 5, -3, 1), (0.001, 0.004, 4, 0.001, 0.001), (5, 1000, 12, 0, 100),
        ]
        for c in cases {
            let scale = AxisScale(covering: c.lo, c.hi, rows: c.rows)
            XCTAssertEqual(scale.base, c.base, accuracy: 1e-12, "\(c)")
            XCTAssertEqual(scale.step, c.step, accuracy: 1e-12, "\(c)")
            XCTAssertLessThanOrEqual(scale.value(0), c.lo)
            XCTAssertLessThanOrEqual(scale.rows, c.rows)
            XCTAssertEqual(scale.row(c.hi), scale.rows - 1, "the largest value is in the top row, no empty row above it")
            XCTAssertEqual(scale.row(c.lo), 0)
        }
        let scale = AxisScale(covering: 7.2, 9.9, rows: 8)
        XCTAssertEqual((0..<8).map { scale.label($0) }, ["7", nil, "8", nil, "9", nil, "10", nil])
        XCTAssertEqual(AxisScale(covering: 0.001, 0.004, rows: 4).label(1), "0.002")
        XCTAssertEqual(AxisScale(covering: -3, 0.5, rows: 5).label(3), "0", "no '-0'")
        // A constant series gets a span around its value, so it is drawn mid-axis.
        let flat = AxisScale(covering: 12.34, 12.34, rows: 6)
        XCTAssertTrue((1..<flat.rows - 1).contains(flat.row(12.34)), "\(flat)")
    }

    func testColorOnlyWhenAsked() {
        XCTAssertFalse(BarChart(title: "t", bars: [.init(label: "a", value: 1)]).render(PlotStyle()).contains("\u{1B}"))
        XCTAssertTrue(BarChart(title: "t", bars: [.init(label: "a", value: 1)]).render(PlotStyle(color: true)).contains("\u{1B}["))
    }
}
