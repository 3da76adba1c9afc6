/// A line chart of a series (returns per episode, say) with its moving
/// average, axes and labels, drawn in text.
public struct LineChart {
    public var title: String
    public var values: [Double]
    /// Window of the moving average (0: none).
    public var window: Int
    public var xLabel = "episode"
    public var height = 12

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
    public func render(_ style: PlotStyle) -> String {
        guard !values.isEmpty else { return "\(title): no data yet" }
        let average = LineChart.movingAverage(values, window: window)
        let lo = min(values.min()!, 0), hi = max(values.max()!, lo + 1e-9)
        let labelWidth = max(axisLabel(hi).count, axisLabel(lo).count)
        let columns = style.width - labelWidth - 3
        // Bucket the series into columns (mean of each bucket).
        func bucket(_ series: [Double]) -> [Double] {
            (0..<min(columns, series.count)).map { c in
                let n = min(columns, series.count)
                let a = c * series.count / n, b = max(a + 1, (c + 1) * series.count / n)
                return series[a..<b].reduce(0, +) / Double(b - a)
            }
        }
        let raw = bucket(values), smooth = bucket(average)
        func row(_ v: Double) -> Int { Int(((v - lo) / (hi - lo) * Double(height - 1)).rounded()) }
        var grid = Array(repeating: Array(repeating: Character(" "), count: raw.count), count: height)
        let dot: Character = style.unicode ? "·" : "."
        let line: Character = style.unicode ? "●" : "*"
        for (c, v) in raw.enumerated() { grid[row(v)][c] = dot }
        if window > 1 { for (c, v) in smooth.enumerated() { grid[row(v)][c] = line } }
        let vertical = style.unicode ? "│" : "|", corner = style.unicode ? "└" : "+", horizontal = style.unicode ? "─" : "-"
        var lines = [style.emphasis(title)]
        for r in stride(from: height - 1, through: 0, by: -1) {
            let label = r == height - 1 ? axisLabel(hi) : r == 0 ? axisLabel(lo) : r == (height - 1) / 2 ? axisLabel(lo + (hi - lo) * Double(r) / Double(height - 1)) : ""
            lines.append(String(repeating: " ", count: labelWidth - label.count) + label + " " + vertical + String(grid[r]))
        }
        lines.append(String(repeating: " ", count: labelWidth + 1) + corner + String(repeating: horizontal, count: raw.count))
        let right = "\(values.count)"
        lines.append(String(repeating: " ", count: labelWidth + 2) + "1" + String(repeating: " ", count: max(1, raw.count - 1 - right.count)) + right)
        var legend = "\(dot) per \(xLabel)"
        if window > 1 {
            legend += "   \(line) moving average (\(window))   last \(window): \(axisLabel(average.last!))"
        }
        lines.append(String(repeating: " ", count: labelWidth + 2) + legend)
        return lines.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}
