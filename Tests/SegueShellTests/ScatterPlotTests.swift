import XCTest
@testable import SegueShell

/// The scatter of offline against online returns, drawn as a snapshot.
final class ScatterPlotTests: XCTestCase {
    func testPointsLabelsDiagonalAndLegend() {
        var plot = ScatterPlot(title: "s", points: [.init(label: "lo", x: 0, y: 0), .init(label: "hi", x: 10, y: 8)],
                               xLabel: "offline", yLabel: "online")
        plot.height = 5
        // b sits at the right edge, so its label has no room: the legend names it.
        XCTAssertEqual(plot.render(PlotStyle(width: 30)), """
        s
         10.5 │                    ···
              │              ······ b
          5.0 │         ·····
              │   ······
        -0.50 │·a lo
              └───────────────────────
               -0.50              10.5
               x: offline   y: online   · y = x
               a lo  x 0.000  y 0.000
               b hi  x 10.000  y 8.000
        """)
    }

    func testPointsInOneCellShowAStarAndASCIIHasNoUnicode() {
        var plot = ScatterPlot(title: "s", points: [.init(label: "a", x: 1, y: 1), .init(label: "b", x: 1, y: 1),
                                                    .init(label: "c", x: 2, y: 3)])
        plot.height = 4
        let text = plot.render(PlotStyle(width: 40, unicode: false))
        XCTAssertTrue(text.contains("*"), text)
        XCTAssertTrue(text.allSatisfy(\.isASCII), text)
        XCTAssertEqual(text.split(separator: "\n").suffix(3).map(String.init),
                       ["      a a  x 1.000  y 1.000", "      b b  x 1.000  y 1.000", "      c c  x 2.000  y 3.000"])
    }

    /// A reliability diagram: two series by marker on a fixed 0–1 range, a key for a legend.
    func testKeyDrawsSeriesByMarkerOnAFixedRange() {
        var plot = ScatterPlot(title: "k", points: [.init(label: "cwm", x: 0.1, y: 0.2, marker: "a"),
                                                    .init(label: "cwm", x: 0.9, y: 0.8, marker: "a"),
                                                    .init(label: "swm", x: 0.5, y: 0.5, marker: "b")])
        plot.key = [(marker: "a", meaning: "cwm"), (marker: "b", meaning: "swm")]
        plot.range = (0, 1)
        plot.height = 5
        // The middle label is the widest: the axis makes room for it.
        XCTAssertEqual(plot.render(PlotStyle(width: 30)), """
        k
         1.0 │                     ···
             │               ······a
        0.50 │         ···b··
             │  a······
         0.0 │···
             └────────────────────────
              0.0                  1.0
              x: x   y: y   · y = x
              a cwm   b swm   * several
        """)
    }

    /// Ticks label chosen x values at their columns; one that would touch another is left out.
    func testXTicksLabelChosenValues() {
        var plot = ScatterPlot(title: "t", points: (1...20).map { .init(label: "p", x: Double($0), y: Double($0 % 3), marker: "a") })
        plot.key = [(marker: "a", meaning: "series")]
        plot.diagonal = false
        plot.height = 3
        plot.xTicks = [(x: 1, label: "1"), (x: 2, label: "2"), (x: 10, label: "10"), (x: 20, label: "20+")]
        let lines = plot.render(PlotStyle(width: 40)).split(separator: "\n").map(String.init)
        let axis = lines.firstIndex { $0.contains("└") }!
        XCTAssertEqual(lines[axis + 1], "        1 2           10             20+", lines.joined(separator: "\n"))
        plot.xTicks = [(x: 1, label: "1"), (x: 1.5, label: "1.5")]
        XCTAssertEqual(plot.render(PlotStyle(width: 40)).split(separator: "\n").map(String.init)[axis + 1], "        1",
                       "a label touching another is left out")
    }
}
