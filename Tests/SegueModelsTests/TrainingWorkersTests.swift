import XCTest
import SegueCore
import SegueTensor
@testable import SegueModels

/// Data-parallel training: a batch cut into chunks of 32 sessions, each
/// chunk's gradient on a replica, summed in chunk order.
final class TrainingWorkersTests: XCTestCase {
    /// How many threads trained a model never shows in its weights, its
    /// losses or its validation losses, for SWM (with `recent`) and CWM; the
    /// validation part (about 600 sessions) is three chunks of 256, so the
    /// validation passes run in parallel too.
    func testTheNumbersDoNotDependOnTheThreadCount() throws {
        let data = try Fixture.data(1_200)
        for kind in [ModelKind.swm, .cwm] {
            func trained(threads: Int) throws -> (weights: [[Float]], epochs: [EpochRecord]) {
                var config = Fixture.quick(epochs: 2, seed: 3)
                config.batchSize = 100   // chunks of 32, 32, 32 and 4
                config.validationFraction = 0.5
                config.recent = kind == .swm ? 2 : 0
                config.threads = threads
                let model = try ModelTraining.train(kind, data: data, catalog: Fixture.world.catalog, config: config)
                return (model.tensors.map(\.matrix.storage), model.training!.epochs)
            }
            let one = try trained(threads: 1), two = try trained(threads: 2), five = try trained(threads: 5)
            XCTAssertEqual(one.weights, two.weights, "\(kind)")
            XCTAssertEqual(one.weights, five.weights, "\(kind)")
            XCTAssertEqual(one.epochs, two.epochs, "\(kind)")
            XCTAssertEqual(one.epochs, five.epochs, "\(kind)")
            let split = DatasetSplit(sessionCount: data.sessionCount, rule: SplitRule(seed: 3, validationFraction: 0.5))
            XCTAssertGreaterThan(split.validation.count, 2 * GradientTrainer.evaluationChunk, "validation in more than two chunks")
        }
    }

    /// The chunked gradient is the gradient of the whole batch's mean loss:
    /// equal, to float rounding, to one pass over all of it.
    func testChunkedGradientEqualsTheWholeBatchGradient() throws {
        let data = try Fixture.data(200)
        var generator = SeededGenerator(key: SeedKey(9))
        let encoder = FeatureEncoder.fit(catalog: Fixture.world.catalog, data: data, part: .train,
                                         rule: TrainingConfig().splitRule)
        let model = try SequentialWorldModel(encoder: encoder, layerSizes: [16], headSize: 16, recentPlays: 2,
                                             catalog: Fixture.world.catalog, using: &generator)
        let batch = Array(0..<90)[...]
        model.parameters.zeroGradients()
        let whole = model.loss(data, sessions: batch, backward: true)
        let expected = model.parameters.map(\.grad)
        model.parameters.zeroGradients()
        let workers = TrainingWorkers(model: model, threads: 2)
        let chunked = workers.gradient(data, batch: batch)
        XCTAssertEqual(chunked.plays, whole.plays)
        XCTAssertEqual(chunked.loss, whole.loss, accuracy: 1e-6 * whole.loss)
        for (p, e) in zip(model.parameters, expected) {
            let scale = max(e.storage.map(abs).max() ?? 0, 1e-6)
            for (a, b) in zip(p.grad.storage, e.storage) {
                XCTAssertEqual(a, b, accuracy: 1e-4 * scale, "\(p.name)")
            }
        }
        XCTAssertGreaterThan(expected.map { $0.squaredNorm() }.reduce(0, +), 0, "a gradient that could differ")
    }

    /// A batch of at most one chunk (the default, 32) trains on the model
    /// itself, as before threads existed: every thread count gives the
    /// weights of the plain loop, which this test reruns by hand.
    func testOneChunkBatchesAreThePlainLoop() throws {
        let data = try Fixture.data(300)
        var config = Fixture.quick(epochs: 1, seed: 4)
        config.batchSize = 32
        config.threads = 3
        let trained = try ModelTraining.train(.cwm, data: data, catalog: Fixture.world.catalog, config: config)

        // The same run without `TrainingWorkers`: encoder, weights and batch order as training draws them.
        let rule = config.splitRule
        let encoder = FeatureEncoder.fit(catalog: Fixture.world.catalog, data: data, part: .train, rule: rule)
        var generator = SeededGenerator(key: SeedKey(config.seed).derive(20))
        let model = try ContextualWorldModel(encoder: encoder, hiddenSizes: config.hiddenSizes(for: .cwm),
                                             aggregates: config.aggregates, catalog: Fixture.world.catalog, using: &generator)
        let adam = Adam(parameters: model.parameters, learningRate: config.learningRate)
        var order = EpochBatches(data: data, rule: rule, size: config.batchSize,
                                 train: DatasetSplit(sessionCount: data.sessionCount, rule: rule).train,
                                 generator: SeededGenerator(key: SeedKey(config.seed).derive(21).derive(1)))
        while let batch = order.next() {
            model.parameters.zeroGradients()
            _ = model.loss(data, sessions: batch, backward: true)
            NetworkSupport.clipGradients(model.parameters, maxNorm: config.clipNorm)
            adam.step()
        }
        XCTAssertEqual(trained.tensors.map(\.matrix.storage), model.tensors.map(\.matrix.storage))
    }

    /// Larger batches on several threads still learn.
    func testLargeBatchesOnSeveralThreadsLearn() throws {
        let data = try Fixture.data(1_500)
        var config = Fixture.quick(epochs: 4, seed: 2)
        config.batchSize = 128
        config.learningRate = 6e-3
        config.patience = 10
        config.threads = 2
        let model = try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog, config: config)
        let epochs = try XCTUnwrap(model.training?.epochs)
        XCTAssertLessThan(epochs.last!.trainLoss, epochs.first!.trainLoss - 0.005, "\(epochs)")
        XCTAssertLessThan(model.training!.bestValidationLoss!, 0.66, "better than a coin")
    }

    func testThreadsIsADeclaredOptionWithARange() throws {
        let names = TrainingConfig.fields(for: .swm).map(\.name)
        XCTAssertTrue(names.contains("threads"))
        XCTAssertTrue(TrainingConfig.fields(for: .cwm).map(\.name).contains("threads"))
        XCTAssertFalse(TrainingConfig.fields(for: .popularity).map(\.name).contains("threads"))
        var config = TrainingConfig()
        XCTAssertEqual(config.threadCount, Processors.usable)
        config.threads = 3
        XCTAssertEqual(config.threadCount, 3)
    }
}
