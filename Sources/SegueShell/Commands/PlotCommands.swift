import SegueCore
import SegueComponents

/// `plot`: text charts of results.
enum PlotCommands {
    static let all = [plot]

    static let kinds = ["returns", "compare", "hist", "positions", "scatter"]

    static let plot = Command(
        "plot", topic: "plots", usage: "plot returns|compare|hist|positions [RESULTS] [policy=NAME] [window=N] [bins=N] | plot [scatter] VALIDATION [offline=ENV]",
        abstract: "text charts: returns with moving average, policies with 95% CIs, histogram, listen rate by position, offline vs online",
        discussion: """
        RESULTS is an evaluation value (what `compare` makes; default `results`).
          plot returns   per-episode returns of one policy (policy=, default the first) with a moving average (window=)
          plot compare   mean return of each policy with its 95% interval
          plot hist      histogram of one policy's returns (bins=)
          plot positions listen rate at each playlist position, per policy
        VALIDATION is what `validate` makes (default `validation`); `plot NAME` of one is `plot scatter NAME`.
          plot scatter   offline (x) against online (y) mean return per policy, for each simulator or offline=ENV
        Width follows the terminal; SEGUE_ASCII=1 draws plain ASCII; NO_COLOR turns color off.
        """,
        completions: [.words(kinds), .value],
        options: [
            .string("policy", "", "the policy of `returns` and `hist` (default: the first)"),
            .int("window", 0, range: 0...1e9, "moving-average window of `returns` (0: a tenth of the episodes)"),
            .int("bins", 10, range: 1...1000, "bins of `hist`"),
            .value("offline", "env", "", "the simulator of `scatter` (default: every one)"),
        ],
        run: { inv, session in
            var words = inv.positional
            if let first = words.first, case .validation? = session.values[first] { words.insert("scatter", at: 0) }
            guard let kind = words.first, kinds.contains(kind) else {
                let near = words.first.flatMap { Suggestions.closest(to: $0, in: kinds) }.map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError("plot needs one of \(kinds.joined(separator: ", "))\(near)", hint: "e.g. `plot compare results`")
            }
            if kind == "scatter" {
                try scatter(words.dropFirst().first ?? "validation", offline: inv.option("offline"), session: session)
                return nil
            }
            let name = words.dropFirst().first ?? "results"
            guard case .evaluation(let evaluation) = try session.value(name) else {
                throw SegueError("'\(name)' is not an evaluation", hint: "make one with `results = compare random greedy`")
            }
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
                let window = inv.int("window") > 0 ? inv.int("window") : max(1, e.results.count / 10)
                session.printPlot(LineChart(title: "return per episode: \(e.name)", values: e.returns, window: window).render)
            case "compare":
                session.printPlot(BarChart(title: "mean return (95% CI) over \(evaluation.episodes) episodes", bars: evaluation.entries.map {
                    BarChart.Bar(label: $0.name, value: $0.estimate.mean, halfWidth: $0.estimate.halfWidth)
                }).render)
            case "hist":
                let e = try entry()
                let bins = inv.int("bins")
                session.printPlot(Histogram(title: "returns of \(e.name)", values: e.returns, bins: bins).render)
            default:
                session.printPlot { style in
                    evaluation.entries.map { e in
                        BarChart(title: "listen rate by position: \(e.name)", bars: e.listenRateByPosition.map {
                            BarChart.Bar(label: String($0.position), value: $0.rate)
                        }).render(style)
                    }.joined(separator: "\n\n")
                }
            }
            return nil
        })

    /// Draws the scatter of validation `name`: every simulator's, or the one called `offline`.
    static func scatter(_ name: String, offline: String?, session: ShellSession) throws {
        guard case .validation(let validation) = try session.value(name) else {
            throw SegueError("'\(name)' is not a validation", hint: "make one with `validation = validate random popularity greedy offline=sim online=truth_env`")
        }
        var simulators = validation.offline
        if let offline {
            guard let found = validation.simulator(named: offline) else {
                throw SegueError("'\(name)' has no simulator '\(offline)'", hint: "it has \(validation.offline.map(\.name).joined(separator: ", "))")
            }
            simulators = [found]
        }
        session.printPlot { style in simulators.map { ValidationCommands.scatter(validation, $0).render(style) }.joined(separator: "\n\n") }
    }
}
