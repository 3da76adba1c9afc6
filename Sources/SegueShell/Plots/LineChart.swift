/// A line chart of a series (returns per episode, say) with its moving
/// average, axes and labels, drawn in text.
public struct LineChart {
    public var title: String
    public var values: [Double]
    /// Window of the moving average (0: none).
    public var window: Int
    public var xLabel = "episode"
    /// Rows of the plotting area at most (fewer when the data need fewer).
    public var height = 12
    /// The x-axis number of the first value (an agent's first episode is 1).
    public var firstX = 1
    /// Where in `values` the current run began (marked on the x-axis), if not at 0.
    public var runStart: Int?

    public init(title: String, values: [Double], window: Int = 0) {
        self.title = title
        self.values = values
        self.window = window
    }

    /// The trailing moving average of `values` over `window` points.
    public static func movingAverage(_ values: [Double], window: Int) -> [Double] {
        guard window > 1 else { return values }
        var out: [Double] = []
        var sum = 0.0
        for (i, v) in values.enumerated() {
            sum += v
            if i >= window { sum -= values[i - window] }
            out.append(sum / Double(min(i + 1, window)))
        }
        return out
    }

    /// The chart: raw points as dots, the moving average as a solid line.
    ///
    /// The y-axis covers what is drawn (columns are bucket means, so the
    /// range is that of the buckets, not of single episodes) in round steps
    /// (`AxisScale`); the x-axis numbers the values from `firstX` and marks
    /// `runStart`, where the current run began, when that is not the start.
    public func render(_ style: PlotStyle) -> String {
        guard !values.isEmpty else { return "\(title): no data yet" }
        let average = LineChart.movingAverage(values, window: window)
        // Bucket the series into columns (mean of each bucket); labels take
        // at most 8 columns, so the columns are known before the scale.
        let columns = max(style.width - 11, 10)
        let n = min(columns, values.count)
        func bounds(_ c: Int) -> Range<Int> {
            let a = c * values.count / n
            return a..<max(a + 1, (c + 1) * values.count / n)
        }
        func bucket(_ series: [Double]) -> [Double] {
            (0..<n).map { c in series[bounds(c)].reduce(0, +) / Double(bounds(c).count) }
        }
        let raw = bucket(values), smooth = bucket(average)
        let drawn = window > 1 ? raw + smooth : raw
        let scale = AxisScale(covering: drawn.min()!, drawn.max()!, rows: height)
        let labelWidth = scale.labelWidth
        var grid = Array(repeating: Array(repeating: Character(" "), count: raw.count), count: scale.rows)
        let dot: Character = style.unicode ? "·" : "."
        let line: Character = style.unicode ? "●" : "*"
        for (c, v) in raw.enumerated() { grid[scale.row(v)][c] = dot }
        if window > 1 { for (c, v) in smooth.enumerated() { grid[scale.row(v)][c] = line } }
        let vertical = style.unicode ? "│" : "|", corner = style.unicode ? "└" : "+", horizontal = style.unicode ? "─" : "-"
        var lines = [style.emphasis(title)]
        for r in stride(from: scale.rows - 1, through: 0, by: -1) {
            let label = scale.label(r) ?? ""
            lines.append(String(repeating: " ", count: labelWidth - label.count) + label + " " + vertical + String(grid[r]))
        }
        // The x-axis: first and last numbers, and where this run began.
        var axis = Array(String(repeating: horizontal, count: raw.count))
        var numbers = LabelLine(width: raw.count + 8)
        numbers.place("\(firstX)", at: 0)
        let last = "\(firstX + values.count - 1)"
        numbers.place(last, at: max(raw.count - last.count, 0))
        var legend = "\(dot) per \(xLabel)"
        if let start = runStart, start > 0, start < values.count {
            let column = (0..<n).first { bounds($0).contains(start) } ?? 0
            axis[column] = style.unicode ? "┴" : "^"
            numbers.place("\(firstX + start)", at: column)
            legend += "   \(axis[column]) this run from \(xLabel) \(firstX + start)"
        }
        lines.append(String(repeating: " ", count: labelWidth + 1) + corner + String(axis))
        lines.append(String(repeating: " ", count: labelWidth + 2) + numbers.text)
        if window > 1 {
            legend += "   \(line) moving average (\(window))   last \(window): \(axisLabel(average.last!))"
        }
        lines.append(String(repeating: " ", count: labelWidth + 2) + legend)
        return lines.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}
