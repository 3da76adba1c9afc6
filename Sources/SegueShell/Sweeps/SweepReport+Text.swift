import Foundation

extension SweepReport {
    /// The report as text: a header, one table and plot per figure that
    /// varies, and one line for figures that are the same in every task.
    public func text(style: PlotStyle) -> String {
        let seedsSwept = manifest.grid.names.contains(SweepGrid.seedName)
        var lines = ["sweep of \(manifest.file) (\(manifest.hash)): \(finishedTasks) of \(manifest.tasks.count) tasks finished; "
                     + (seedsSwept ? "mean ± 95% t-interval across seeds" : "no seed swept: one task a setting")]
        let constant = figures.filter(isConstant)
        for figure in figures where !isConstant(figure) {
            lines += ["", figureTable(figure)]
            let bars = (summaries[figure] ?? []).map { BarChart.Bar(label: label($0.setting), value: $0.mean, halfWidth: $0.halfWidth) }
            lines += ["", BarChart(title: "\(figure.subject) \(figure.name) by \(settingNames.isEmpty ? "setting" : settingNames.joined(separator: ", "))",
                                   bars: bars).render(style)]
        }
        if !constant.isEmpty {
            lines += ["", "same in every task: " + constant.map { "\($0.command) \($0.subject) \($0.name) = \(SweepReport.format(summaries[$0]?.first?.mean))" }
                .joined(separator: ", ")]
        }
        if figures.isEmpty { lines += ["", "no results yet: no finished task reported a compare, validate, train or model-report"] }
        return lines.joined(separator: "\n")
    }

    /// One figure's table: a row per setting, the best marked.
    func figureTable(_ figure: Figure) -> String {
        let rows = summaries[figure] ?? []
        let best = self.best(figure)
        let header = settingNames + ["mean ± 95%", "seeds", ""]
        let body = rows.map { s in
            s.setting + [String(format: "%.4f ± %.4f", s.mean, s.halfWidth), "\(s.seeds)", s == best ? "best" : ""]
        }
        let widths = header.indices.map { c in ([header[c]] + body.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, text in
                c >= settingNames.count && c < header.count - 1
                    ? String(repeating: " ", count: widths[c] - text.count) + text
                    : text.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailing()
        }
        var out = [figure.title + (figure.lowerIsBetter ? ", lower is better" : ""), line(header),
                   line(widths.map { String(repeating: "-", count: $0) })]
        out += body.map(line)
        if let best { out.append("best: \(label(best.setting)) (\(SweepReport.format(best.mean)))") }
        return out.joined(separator: "\n")
    }

    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.4f", value)
    }

    /// One row per figure and setting, for pandas: the figure's cell,
    /// command, subject and name, each setting parameter, mean, ci95 (the
    /// half-width), seeds, and whether it is the best.
    public func csv() -> String {
        var lines = [(["cell", "command", "subject", "figure"] + settingNames + ["mean", "ci95", "seeds", "best"]).joined(separator: ",")]
        for figure in figures {
            let best = self.best(figure)
            for s in summaries[figure] ?? [] {
                let cells = ["\(figure.cell)", figure.command, figure.subject, figure.name] + s.setting
                    + ["\(s.mean)", "\(s.halfWidth)", "\(s.seeds)", s == best ? "true" : "false"]
                lines.append(cells.map(SweepReport.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The rows of `csv()` as JSON objects, one a line.
    public func jsonl() -> String {
        var out = ""
        for figure in figures {
            let best = self.best(figure)
            for s in summaries[figure] ?? [] {
                var fields = ["\"cell\":\(figure.cell)", "\"command\":\(SweepRow.quote(figure.command))",
                              "\"subject\":\(SweepRow.quote(figure.subject))", "\"figure\":\(SweepRow.quote(figure.name))"]
                fields += zip(settingNames, s.setting).map { "\(SweepRow.quote($0)):\(SweepRow.quote($1))" }
                fields += ["\"mean\":\(s.mean.isFinite ? "\(s.mean)" : "null")", "\"ci95\":\(s.halfWidth.isFinite ? "\(s.halfWidth)" : "null")",
                           "\"seeds\":\(s.seeds)", "\"best\":\(s == best)"]
                out += "{" + fields.joined(separator: ",") + "}\n"
            }
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
