import Foundation
import SegueCore
import SegueData
import SegueTensor

/// Trains user models from logged sessions.
public enum ModelTraining {
    /// Trains a model of `kind` on `data` (sessions split by `config.seed`,
    /// see `SplitRule`): the popularity baseline by Newton's method, CWM and
    /// SWM by Adam with early stopping (see `GradientTrainer`). Sessions are
    /// read as training asks for them, so cache-backed `data` trains in
    /// memory set by the batch and the model.
    ///
    /// - Parameters:
    ///   - catalog: the world's catalog, whose ids the data's tracks index.
    ///   - population: the world's listeners, whom the data's listeners index
    ///     (needed with `config.listener`).
    ///   - progress: called after every batch.
    ///   - shouldStop: asked between batches; true ends training, keeping the
    ///     best epoch's weights (the model is always consistent).
    /// - Throws: `SegueError` when there are no training plays, or the loss
    ///   becomes NaN (naming the batch; lower the learning rate).
    public static func train(
        _ kind: ModelKind, data: some LoggedSessions, catalog: Catalog, population: Population? = nil,
        config: TrainingConfig = TrainingConfig(), progress: (ModelTrainingProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws -> any LearnedUserModel {
        let rule = config.splitRule
        let trainSessions = (0..<data.sessionCount).lazy.filter { rule.part(of: $0) == .train }
        guard !trainSessions.isEmpty else {
            throw SegueError("\(kind.rawValue) training: no training sessions among \(data.sessionCount)",
                             hint: "read more sessions (sessions=N) or hold out less")
        }
        var encoder = FeatureEncoder.fit(catalog: catalog, data: data, part: .train, rule: rule)
        if config.listener, kind != .popularity {
            guard let population, data.knowsListeners else {
                throw SegueError("\(kind.rawValue) training with listener=true: the logs do not name every session's listener",
                                 hint: "listener-aware models need a listeners file beside the logs (the demo world writes one); train without listener=true")
            }
            if let bad = (0..<data.sessionCount).lazy.map(data.listener).first(where: { $0 >= population.count }) {
                throw SegueError("\(kind.rawValue) training: listener \(bad) is not in the world's population of \(population.count)",
                                 hint: "the listeners file belongs to another world")
            }
            encoder = encoder.readingListeners(population, of: trainSessions.map { Int32(data.listener(of: $0)) })
        }
        var generator = SeededGenerator(key: SeedKey(config.seed).derive(20))
        let trainer = GradientTrainer(config: config, name: kind.rawValue)
        switch kind {
        case .popularity:
            let started = Date()
            let model = try PopularityModel(encoder: encoder, catalog: catalog)
            model.fit(data, part: .train, rule: rule)
            var summary = TrainingSummary(splitOf: data, rule: rule)
            summary.seconds = Date().timeIntervalSince(started)
            model.training = summary
            return model
        case .cwm:
            let model = try ContextualWorldModel(encoder: encoder, hiddenSizes: config.hiddenSizes(for: .cwm),
                                                 aggregates: config.aggregates, catalog: catalog, population: population,
                                                 using: &generator)
            model.training = try trainer.fit(model, data: data, rule: rule, progress: progress, shouldStop: shouldStop)
            return model
        case .swm:
            let model = try SequentialWorldModel(encoder: encoder, layerSizes: config.hiddenSizes(for: .swm),
                                                 headSize: config.head, recentPlays: config.recent,
                                                 catalog: catalog, population: population,
                                                 using: &generator)
            model.training = try trainer.fit(model, data: data, rule: rule, progress: progress, shouldStop: shouldStop)
            return model
        }
    }

    /// Reads the world's session logs (as the world read them) and trains on
    /// them: straight from the world's ingest caches when it has them (see
    /// `CachedSessions`), else from the logs read into memory.
    /// - Parameter sessions: the most sessions to read (nil: all).
    /// - Throws: `SegueError` when the world has no logs, a row is malformed,
    ///   a track id is unknown, or training fails.
    public static func train(
        _ kind: ModelKind, world: World, sessions: Int? = nil, config: TrainingConfig = TrainingConfig(),
        progress: (ModelTrainingProgress) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) throws -> any LearnedUserModel {
        guard !world.logFiles.isEmpty else {
            throw SegueError("world '\(world.name)' has no session logs to train on",
                             hint: "make it with logs, e.g. `world demo sessions=20000`, or load a saved model with path=")
        }
        if config.listener, world.listenerFile == nil {
            throw SegueError("world '\(world.name)' has no listeners file: its logs do not say who listened in each session",
                             hint: "listener=true needs logs that name their listeners (the demo world's do; MSSD's do not)")
        }
        if !config.listener, let cached = try CachedSessions.open(world: world, label: config.label, limit: sessions) {
            return try train(kind, data: cached, catalog: world.catalog, population: world.population, config: config,
                             progress: progress, shouldStop: shouldStop)
        }
        let data = try SessionDataset.read(world: world, label: config.label, limit: sessions,
                                           listenerFile: config.listener ? world.listenerFile : nil)
        return try train(kind, data: data, catalog: world.catalog, population: world.population, config: config,
                         progress: progress, shouldStop: shouldStop)
    }
}
