import SegueCore
import SegueComponents

/// `plot`: text charts of results.
enum PlotCommands {
    static let all = [plot]

    static let kinds = ["returns", "compare", "hist", "positions"]

    static let plot = Command(
        "plot", topic: "plots", usage: "plot returns|compare|hist|positions [RESULTS] [policy=NAME] [window=N] [bins=N]",
        abstract: "text charts: returns with moving average, policies with 95% CIs, histogram, listen rate by position",
        discussion: """
        RESULTS is an evaluation value (what `compare` makes; default `results`).
          plot returns   per-episode returns of one policy (policy=, default the first) with a moving average (window=)
          plot compare   mean return of each policy with its 95% interval
          plot hist      histogram of one policy's returns (bins=)
          plot positions listen rate at each playlist position, per policy
        Width follows the terminal; SEGUE_ASCII=1 draws plain ASCII; NO_COLOR turns color off.
        """,
        completions: [.words(kinds), .value], optionKeys: ["policy", "window", "bins"],
        run: { inv, session in
            guard let kind = inv.positional.first, kinds.contains(kind) else {
                let near = inv.positional.first.flatMap { Suggestions.closest(to: $0, in: kinds) }.map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError("plot needs one of \(kinds.joined(separator: ", "))\(near)", hint: "e.g. `plot compare results`")
            }
            let name = inv.positional.dropFirst().first ?? "results"
            guard case .evaluation(let evaluation) = try session.value(name) else {
                throw SegueError("'\(name)' is not an evaluation", hint: "make one with `results = compare random greedy`")
            }
            let style = session.plotStyle
            func entry() throws -> Evaluation.Entry {
                guard let policy = inv.option("policy") else { return evaluation.entries[0] }
                guard let found = evaluation.entries.first(where: { $0.name == policy }) else {
                    throw SegueError("'\(name)' has no policy '\(policy)'", hint: "it has \(evaluation.entries.map(\.name).joined(separator: ", "))")
                }
                return found
            }
            switch kind {
            case "returns":
                let e = try entry()
                let window = Int(inv.option("window") ?? "") ?? max(1, e.results.count / 10)
                session.print(LineChart(title: "return per episode: \(e.name)", values: e.returns, window: window).render(style))
            case "compare":
                session.print(BarChart(title: "mean return (95% CI) over \(evaluation.episodes) episodes", bars: evaluation.entries.map {
                    BarChart.Bar(label: $0.name, value: $0.estimate.mean, halfWidth: $0.estimate.halfWidth)
                }).render(style))
            case "hist":
                let e = try entry()
                let bins = Int(inv.option("bins") ?? "") ?? 10
                session.print(Histogram(title: "returns of \(e.name)", values: e.returns, bins: bins).render(style))
            default:
                var lines: [String] = []
                for e in evaluation.entries {
                    let rates = e.listenRateByPosition
                    lines.append(BarChart(title: "listen rate by position: \(e.name)", bars: rates.map {
                        BarChart.Bar(label: String($0.position), value: $0.rate)
                    }).render(style))
                }
                session.print(lines.joined(separator: "\n\n"))
            }
            return nil
        })
}
