/// Horizontal bars with 95% confidence intervals: policies side by side.
public struct BarChart {
    public struct Bar {
        public var label: String
        public var value: Double
        /// Half-width of the interval (0: none).
        public var halfWidth: Double
        public init(label: String, value: Double, halfWidth: Double = 0) {
            self.label = label
            self.value = value
            self.halfWidth = halfWidth
        }
    }

    public var title: String
    public var bars: [Bar]

    public init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }

    /// Bars scaled to the largest upper bound; the interval drawn as `├──┤` around the bar's end.
    public func render(_ style: PlotStyle) -> String {
        guard !bars.isEmpty else { return "\(title): nothing to show" }
        let labelWidth = bars.map(\.label.count).max()!
        let numbers = bars.map {
            $0.halfWidth > 0 ? String(format: "%.3f ± %.3f", $0.value, $0.halfWidth) : String(format: "%.3f", $0.value)
        }
        let numberWidth = numbers.map(\.count).max()!
        let span = max(style.width - labelWidth - numberWidth - 4, 10)
        let top = max(bars.map { $0.value + $0.halfWidth }.max()!, 1e-9)
        var lines = [style.emphasis(title)]
        for (bar, number) in zip(bars, numbers) {
            let scale = Double(span) / top
            var cells = Array(style.bar(bar.value * scale).padding(toLength: span, withPad: " ", startingAt: 0))
            if bar.halfWidth > 0 {
                let a = max(0, Int(((bar.value - bar.halfWidth) * scale).rounded()))
                let b = min(span - 1, Int(((bar.value + bar.halfWidth) * scale).rounded()))
                if a < b {
                    for i in a...b where cells[i] == " " { cells[i] = style.unicode ? "─" : "-" }
                    cells[a] = style.unicode ? "├" : "|"
                    cells[b] = style.unicode ? "┤" : "|"
                }
            }
            lines.append(bar.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " " + String(cells)
                         + "  " + number)
        }
        return lines.map { $0.trimmingTrailing() }.joined(separator: "\n")
    }
}

/// A histogram of values in equal-width bins, drawn as horizontal bars.
public struct Histogram {
    public var title: String
    public var values: [Double]
    public var bins: Int

    public init(title: String, values: [Double], bins: Int = 10) {
        self.title = title
        self.values = values
        self.bins = max(bins, 1)
    }

    /// Counts per bin over [min, max] of the values.
    public var counts: (lower: Double, width: Double, counts: [Int]) {
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let width = hi > lo ? (hi - lo) / Double(bins) : 1
        var counts = Array(repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, Int((v - lo) / width))] += 1 }
        return (lo, width, counts)
    }

    public func render(_ style: PlotStyle) -> String {
        guard !values.isEmpty else { return "\(title): no data" }
        let (lo, width, counts) = self.counts
        let labels = (0..<bins).map { "[\(axisLabel(lo + Double($0) * width)), \(axisLabel(lo + Double($0 + 1) * width)))" }
        let labelWidth = labels.map(\.count).max()!
        let span = max(style.width - labelWidth - 10, 10)
        let top = Double(counts.max()!)
        var lines = [style.emphasis(title)]
        for (label, count) in zip(labels, counts) {
            lines.append(label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " "
                         + style.bar(Double(count) / top * Double(span)) + " \(count)")
        }
        return lines.joined(separator: "\n")
    }
}
