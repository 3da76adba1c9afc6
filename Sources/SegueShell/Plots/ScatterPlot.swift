import Foundation

/// Labelled points in a text grid — each policy's offline return (x) against
/// its online return (y) — with the diagonal `y = x` for reference.
///
/// Each point is drawn as a letter (`a`, `b`, ...) followed by its label
/// where there is room; a legend lists every letter with both values. Two
/// points in one cell show `*`. With the diagonal, both axes share one range,
/// so a point above it did better online than the simulator predicted.
public struct ScatterPlot {
    public struct Point {
        public var label: String
        public var x: Double
        public var y: Double
        /// The character drawn for the point when the plot has a `key`.
        public var marker: Character
        public init(label: String, x: Double, y: Double, marker: Character = "*") {
            self.label = label
            self.x = x
            self.y = y
            self.marker = marker
        }
    }

    public var title: String
    public var points: [Point]
    public var xLabel: String
    public var yLabel: String
    /// Rows of the plotting area.
    public var height = 14
    /// Whether to draw `y = x` (and give both axes the same range).
    public var diagonal = true
    /// Series drawn with their own markers (a marker and what it stands
    /// for): points are then drawn as their `marker`, unlabelled, and the
    /// legend is this key instead of a line per point. Nil: a letter per point.
    public var key: [(marker: Character, meaning: String)]?
    /// Fixed axis ranges (both axes share them with the diagonal); nil: the data's, padded.
    public var range: (lo: Double, hi: Double)?
    /// Labels under the x-axis at these values (e.g. positions 1, 5, 10, 20+),
    /// instead of the axis' two ends; a label that would touch another is left out.
    public var xTicks: [(x: Double, label: String)]?

    public init(title: String, points: [Point], xLabel: String = "x", yLabel: String = "y") {
        self.title = title
        self.points = points
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The letter marking point `i`: a–z, then A–Z, then `#`.
    static func marker(_ i: Int) -> Character {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return i < letters.count ? letters[i] : "#"
    }

    public func render(_ style: PlotStyle) -> String {
        guard !points.isEmpty else { return "\(title): nothing to show" }
        let xs = points.map(\.x), ys = points.map(\.y)
        var (xLo, xHi) = (xs.min()!, xs.max()!), (yLo, yHi) = (ys.min()!, ys.max()!)
        if diagonal { (xLo, xHi) = (min(xLo, yLo), max(xHi, yHi)); (yLo, yHi) = (xLo, xHi) }
        // A margin of 5% keeps points off the frame; a single value gets a unit range.
        func padded(_ lo: Double, _ hi: Double) -> (Double, Double) {
            let span = hi > lo ? hi - lo : 1
            return (lo - 0.05 * span, hi + 0.05 * span)
        }
        if let range {
            (xLo, xHi) = (min(xLo, range.lo), max(xHi, range.hi))
            (yLo, yHi) = diagonal ? (xLo, xHi) : (min(yLo, range.lo), max(yHi, range.hi))
        } else {
            (xLo, xHi) = padded(xLo, xHi)
            (yLo, yHi) = padded(yLo, yHi)
        }
        // The y-axis labels the top, middle and bottom rows.
        let middle = (height - 1) / 2
        func rowLabel(_ r: Int) -> String {
            r == height - 1 ? axisLabel(yHi) : r == 0 ? axisLabel(yLo)
                : r == middle ? axisLabel(yLo + (yHi - yLo) * Double(r) / Double(height - 1)) : ""
        }
        let labelWidth = [0, middle, height - 1].map { rowLabel($0).count }.max()!
        let columns = max(style.width - labelWidth - 2, 10)
        func column(_ x: Double) -> Int { Int(((x - xLo) / (xHi - xLo) * Double(columns - 1)).rounded()) }
        func row(_ y: Double) -> Int { Int(((y - yLo) / (yHi - yLo) * Double(height - 1)).rounded()) }

        let blank: Character = " ", line: Character = style.unicode ? "·" : "."
        var grid = Array(repeating: Array(repeating: blank, count: columns), count: height)
        if diagonal {
            for c in 0..<columns { grid[row(xLo + (xHi - xLo) * Double(c) / Double(columns - 1))][c] = line }
        }
        let cells = points.map { (row($0.y), column($0.x)) }
        var taken = Set<Int>()
        let marker = { (i: Int) -> Character in key == nil ? ScatterPlot.marker(i) : points[i].marker }
        for (i, (r, c)) in cells.enumerated() {
            grid[r][c] = taken.insert(r * columns + c).inserted || grid[r][c] == marker(i) ? marker(i) : "*"
        }
        // Labels go right of their letter when the cells there are free of points.
        for (i, (r, c)) in cells.enumerated() where key == nil && grid[r][c] == ScatterPlot.marker(i) {
            let text = Array(" " + points[i].label)
            let span = (c + 1)..<(c + 1 + text.count)
            guard span.upperBound <= columns,
                  span.allSatisfy({ !taken.contains(r * columns + $0) && (grid[r][$0] == blank || grid[r][$0] == line) })
            else { continue }
            for (k, ch) in text.enumerated() { grid[r][c + 1 + k] = ch }
            for k in span { taken.insert(r * columns + k) }
        }

        let vertical = style.unicode ? "│" : "|", corner = style.unicode ? "└" : "+", horizontal = style.unicode ? "─" : "-"
        var lines = [style.emphasis(title)]
        for r in stride(from: height - 1, through: 0, by: -1) {
            let label = rowLabel(r)
            lines.append(String(repeating: " ", count: labelWidth - label.count) + label + " " + vertical + String(grid[r]))
        }
        lines.append(String(repeating: " ", count: labelWidth + 1) + corner + String(repeating: horizontal, count: columns))
        if let xTicks {
            var numbers = LabelLine(width: columns + 8)
            for tick in xTicks where (xLo...xHi).contains(tick.x) {
                numbers.place(tick.label, at: column(tick.x) - (tick.label.count - 1) / 2)   // centred on its column
            }
            lines.append(String(repeating: " ", count: labelWidth + 2) + numbers.text)
        } else {
            let left = axisLabel(xLo), right = axisLabel(xHi)
            lines.append(String(repeating: " ", count: labelWidth + 2) + left
                         + String(repeating: " ", count: max(1, columns - left.count - right.count)) + right)
        }
        lines.append(String(repeating: " ", count: labelWidth + 2) + "x: \(xLabel)   y: \(yLabel)"
                     + (diagonal ? "   \(line) y = x" : ""))
        if let key {
            lines.append(String(repeating: " ", count: labelWidth + 2)
                         + key.map { "\($0.marker) \($0.meaning)" }.joined(separator: "   ") + "   * several")
            return lines.map { $0.trimmingTrailing() }.joined(separator: "\n")
        }
        let names = points.map(\.label.count).max()!
        for (i, p) in points.enumerated() {
            lines.append(String(repeating: " ", count: labelWidth + 2) + "\(ScatterPlot.marker(i)) "
                         + p.label.padding(toLength: names, withPad: " ", startingAt: 0)
                         + String(format: "  x %.3f  y %.3f", p.x, p.y))
        }
        return lines.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}
