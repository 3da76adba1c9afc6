import Foundation
import SegueCore
import SegueComponents
import SegueModels

/// `train-model`, `model-report`, `save-model`, `load-model`: user models
/// learned from a world's session logs.
enum ModelCommands {
    static let all = [train, report, save, load]

    static let train = Command(
        "train-model", topic: "user models",
        usage: "[NAME =] train-model cwm|swm|popularity [world=W] [sessions=N] [epochs=N] [layers=64 | 128,64] [head=N] [batch=N] [lr=X] [patience=N] [seed=N] [label=not_skipped|skip_2] [listener=true]",
        abstract: "train a user model on the world's logs and print its held-out report",
        discussion: """
        Sessions are split by seed into train (80%), validation (10%, for early stopping) and test (10%,
        reported). Options are the component's parameters (`describe swm`). Ctrl-C stops between batches
        and keeps the best epoch so far. The model can then drive an environment: `env user=NAME`.
        listener=true also feeds CWM/SWM the listener's features (logs with a listeners file only, as the
        demo world writes; MSSD names no listeners).
        """,
        completions: [.words(["cwm", "swm", "popularity"])],
        options: [Options.world, ModelCommands.ensembleOption],
        forwards: .component(.userModel, name: { (try? ModelKind.parse($0))?.componentName ?? $0 }),
        makesValue: true,
        run: { inv, session in
            guard let kindName = inv.positional.first else {
                throw SegueError("train-model needs a kind", hint: "e.g. `m = train-model swm`; kinds: cwm, swm, popularity")
            }
            let kind = try ModelKind.parse(kindName)
            let world = try session.world(inv.option("world"))
            let (config, sessions) = try ModelTraining.settings(
                for: kind, options: inv.options.filter { $0.key != "world" && $0.key != "ensemble" }.map { ($0.key, $0.value) })
            if inv.int("ensemble") > 1 {
                return try trainEnsemble(kind, members: inv.int("ensemble"), world: world, sessions: sessions, config: config, session: session)
            }
            let name = inv.target ?? "model"
            let started = Date()
            var lastDraw = Date.distantPast
            let model = try ModelTraining.train(kind, world: world, sessions: sessions, config: config, progress: { p in
                guard session.isInteractive, Date().timeIntervalSince(lastDraw) > 0.25 || p.batch == p.batches else { return }
                lastDraw = Date()
                let best = p.bestValidationLoss.map { ", best validation \(String(format: "%.4f", $0))" } ?? ""
                // Batches so far over all epochs give the rate; the ETA assumes every epoch runs
                // (early stopping may end sooner).
                let elapsed = Date().timeIntervalSince(started)
                let done = Double((p.epoch - 1) * p.batches + p.batch)
                let eta = elapsed / max(done, 1) * (Double(p.epochs * p.batches) - done)
                let line = String(format: "%@: epoch %d/%d, batch %d/%d, loss %.4f%@, %.0f s, ETA ≤ %@",
                                  name, p.epoch, p.epochs, p.batch, p.batches, p.trainLoss, best, elapsed,
                                  LiveTrainingView.duration(eta))
                session.status("\r\u{1B}[K" + String(line.prefix(session.plotStyle.width)), terminator: "")
                fflush(stdout)   // redrawn in place: no newline flushes it
            }, shouldStop: session.interrupted)
            if session.isInteractive { session.status("\r\u{1B}[K", terminator: "") }
            if model.training?.interrupted == true { session.clearInterrupt() }
            let seconds = Date().timeIntervalSince(started)
            session.status(String(format: "%@: read and trained in %.1f s", name, seconds))
            let data = try scored(world: world, label: model.encoder.label, sessions: sessions)
            LogDataChecks.printNotices(data.notices, session: session)
            let split = config.split(sessionCount: data.sessionCount)
            session.print("\(kind.rawValue): \(model.training?.text ?? "")")
            if let reason = LogDataChecks.emptyPartReason(split.test, part: "test", count: data.sessionCount, seed: config.seed) {
                session.print("no held-out report: \(reason); `model-report \(name) part=all` scores every session")
            } else {
                session.print(ModelReport(model: model, name: name, data: data, sessions: split.test,
                                          part: "test split (seed \(config.seed))").text)
            }
            return .userModel(model, description: model.description)
        })

    /// The logged sessions of `world` (the first `sessions`), read as `label`
    /// and as the world read them, with their listeners when the world has a listeners file.
    static func heldOut(world: World, label: ListenLabel, sessions: Int?) throws -> SessionDataset {
        guard !world.logFiles.isEmpty else {
            throw SegueError("world '\(world.name)' has no session logs", hint: "make it with logs, e.g. `world demo sessions=20000`")
        }
        return try SessionDataset.read(world: world, label: label, limit: sessions, listenerFile: world.listenerFile)
    }

    /// The logged sessions of `world` to score models on: read straight from
    /// its ingest caches when it has them and no listeners file (see
    /// `CachedSessions`), else as `heldOut` reads them.
    static func scored(world: World, label: ListenLabel, sessions: Int?) throws -> any LoggedSessions {
        if world.listenerFile == nil, !world.logFiles.isEmpty,
           let cached = try CachedSessions.open(world: world, label: label, limit: sessions) {
            return cached
        }
        return try heldOut(world: world, label: label, sessions: sessions)
    }

    /// The learned model called `name`.
    static func learned(_ name: String, session: ShellSession) throws -> any LearnedUserModel {
        guard case .userModel(let model, _) = try session.value(name) else {
            throw SegueError("'\(name)' is not a user model", hint: "train one with `\(name) = train-model swm`")
        }
        guard let learned = model as? any LearnedUserModel else {
            throw SegueError("'\(name)' is not a learned user model", hint: "reports and saving work on train-model or load-model values")
        }
        return learned
    }

    static let report = Command(
        "model-report", topic: "user models",
        usage: "model-report MODEL [MODEL ...] [world=W] [part=test|validation|train|all] [sessions=N] [seed=N] [--full] [--plot]",
        abstract: "score learned user models on held-out logged sessions: log-loss, AUC, accuracy, ECE, reliability, skips by position",
        discussion: """
        The sessions are the `part` (default test) of the split by `seed` (default: the first model's
        training seed), so models trained with the same seed are scored on sessions none of them saw.
        One model prints its full report; several print a comparison table (`--full` adds each report).
        """,
        completions: [.value],
        options: [
            Options.world,
            .choice("part", ["test", "validation", "train", "all"], "test", "which part of the split to score"),
            .int("sessions", 0, range: 0...1e9, "most logged sessions to read (0: all)"),
            Options.seed(1, "seed of the split (default: the first model's training seed)"),
        ],
        flags: [Flag("full", "with several models, also print each one's full report"),
                Flag("plot", "add a reliability diagram and skips by position, every model in one plot")],
        run: { inv, session in
            guard !inv.positional.isEmpty else {
                throw SegueError("model-report needs a model", hint: "e.g. `model-report swm cwm pop`")
            }
            let models = try inv.positional.map { ($0, try learned($0, session: session)) }
            let label = models[0].1.encoder.label
            if let other = models.first(where: { $0.1.encoder.label != label }) {
                throw SegueError("'\(other.0)' predicts \(other.1.encoder.label.rawValue) but '\(models[0].0)' predicts \(label.rawValue)",
                                 hint: "compare models trained with the same label")
            }
            let world = try session.world(inv.option("world"))
            let limit = inv.int("sessions")
            let data = try scored(world: world, label: label, sessions: limit == 0 ? nil : limit)
            let seed = inv.given("seed") ? UInt64(inv.int("seed")) : models[0].1.training?.splitSeed ?? 1
            var config = TrainingConfig()
            config.seed = seed
            let part = inv.text("part") ?? "test"
            guard let sessions = config.split(sessionCount: data.sessionCount).sessions(part, count: data.sessionCount) else {
                throw SegueError("model-report: part is test, validation, train or all, got '\(part)'")
            }
            try LogDataChecks.requireSessions(sessions, part: part, count: data.sessionCount, seed: seed, command: "model-report")
            let reports = models.map {
                ModelReport(model: $0.1, name: $0.0, data: data, sessions: sessions,
                            part: part == "all" ? "all sessions" : "\(part) split (seed \(seed))")
            }
            reports.forEach { session.report($0) }
            if reports.count == 1 {
                session.print(reports[0].text)
            } else {
                session.print("\(reports[0].part), \(reports[0].sessions) sessions, \(reports[0].plays) plays:")
                session.print(ModelReport.comparison(reports))
                if inv.flags.contains("full") { for r in reports { session.print("\n" + r.text) } }
            }
            if inv.flags.contains("plot") {
                session.printPlot { "\n" + reportPlots(reports, style: $0) }
            }
            return nil
        })

    /// The report's two tables as pictures, every model in the same plot:
    /// a reliability diagram (each bin's mean predicted P(listen) against the
    /// listen rate observed in it, on the diagonal when calibrated) and the
    /// skip rate by position, predicted by each model and logged. The numbers
    /// are in the tables above; the plots show their shape.
    static func reportPlots(_ reports: [ModelReport], style: PlotStyle) -> String {
        let markers = reports.indices.map { ScatterPlot.marker($0) }
        let key = zip(markers, reports).map { (marker: $0, meaning: $1.name) }
        var reliability = ScatterPlot(
            title: "reliability: observed listen rate (y) per bin of predicted P(listen) (x)",
            points: zip(markers, reports).flatMap { marker, report in
                report.reliability.filter { $0.count > 0 }.map {
                    ScatterPlot.Point(label: report.name, x: $0.meanPredicted, y: $0.observedRate, marker: marker)
                }
            },
            xLabel: "predicted P(listen)", yLabel: "observed listen rate")
        reliability.key = key
        reliability.range = (0, 1)
        reliability.height = 11
        let logged: Character = "o"
        var positions = ScatterPlot(
            title: "skip rate by session position: predicted by each model, and logged (\(logged))",
            points: zip(markers, reports).flatMap { marker, report in
                report.positions.map {
                    ScatterPlot.Point(label: report.name, x: Double($0.position), y: $0.predictedSkipRate, marker: marker)
                }
            } + reports[0].positions.map {
                ScatterPlot.Point(label: "logged", x: Double($0.position), y: $0.loggedSkipRate, marker: logged)
            },
            xLabel: "position in the session", yLabel: "skip rate")
        positions.diagonal = false
        if let last = reports[0].positions.last?.position {
            let marked = Set([1, last] + Array(stride(from: 5, to: last, by: 5)))
            positions.xTicks = marked.sorted().map {
                (x: Double($0), label: $0 == last && last == ModelReport.maxPosition ? "\($0)+" : "\($0)")
            }
        }
        positions.key = key + [(marker: logged, meaning: "logged")]
        positions.height = 10
        return reliability.render(style) + "\n\n" + positions.render(style)
    }

    static let save = Command(
        "save-model", topic: "user models", usage: "save-model MODEL PATH",
        abstract: "save a learned user model as safetensors (weights, sizes, normalisation, label)",
        completions: [.value, .path],
        run: { inv, session in
            guard inv.positional.count == 2 else {
                throw SegueError("save-model needs a model and a path", hint: "e.g. `save-model swm models/swm.safetensors`")
            }
            let model = try learned(inv.positional[0], session: session)
            try session.writeFile(inv.positional[1], what: "save-model") { try ModelFile.save(model, to: inv.positional[1]) }
            session.print("saved \(inv.positional[0]) (\(model.kind.rawValue)) to \(inv.positional[1])")
            return nil
        })

    static let load = Command(
        "load-model", topic: "user models", usage: "[NAME =] load-model PATH [world=W]",
        abstract: "load a user model saved by save-model, bound to a world's catalog",
        completions: [.path], options: [Options.world], makesValue: true,
        run: { inv, session in
            guard let path = inv.positional.first else {
                throw SegueError("load-model needs a path", hint: "e.g. `swm = load-model models/swm.safetensors`")
            }
            let world = try session.world(inv.option("world"))
            let model = try ModelFile.load(path: path, catalog: world.catalog, population: world.population)
            return .userModel(model, description: "\(path): \(model.description)")
        })
}
