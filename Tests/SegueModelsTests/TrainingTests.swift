import XCTest
import SegueCore
import SegueTensor
@testable import SegueModels

final class TrainingTests: XCTestCase {
    func testTinySWMTrainingLowersTheLoss() throws {
        let data = try Fixture.data(400)
        var config = Fixture.quick(epochs: 4)
        config.patience = 10
        var reports = 0
        let model = try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog, config: config,
                                            progress: { _ in reports += 1 })
        let epochs = try XCTUnwrap(model.training?.epochs)
        XCTAssertEqual(epochs.count, 4)
        XCTAssertLessThan(epochs.last!.trainLoss, epochs.first!.trainLoss - 0.005)
        XCTAssertLessThan(model.training!.bestValidationLoss!, 0.693, "better than a coin")
        XCTAssertGreaterThan(reports, 4, "progress after every batch")
    }

    func testSWMBeatsCWMAndBothBeatPopularityOnHeldOutAUC() throws {
        let data = try Fixture.data(10_000)
        var config = TrainingConfig()
        config.epochs = 6
        config.layers = [32]
        config.head = 32
        config.batchSize = 16
        let swm = try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog, config: config)
        config.layers = nil
        let cwm = try ModelTraining.train(.cwm, data: data, catalog: Fixture.world.catalog, config: config)
        let pop = try ModelTraining.train(.popularity, data: data, catalog: Fixture.world.catalog, config: config)
        let test = config.split(sessionCount: data.sessionCount).test
        let reports = [swm, cwm, pop].map { ModelReport(model: $0, name: $0.kind.rawValue, data: data, sessions: test, part: "test") }
        let text = ModelReport.comparison(reports)
        XCTAssertGreaterThan(reports[0].auc, reports[1].auc + 0.01, text)
        XCTAssertGreaterThan(reports[1].auc, reports[2].auc + 0.03, text)
        XCTAssertLessThan(reports[0].ece, 0.03, text)
        XCTAssertLessThan(reports[0].logLoss, reports[1].logLoss, text)
    }

    func testSameSeedGivesSameWeightsAndAnotherSeedDoesNot() throws {
        let data = try Fixture.data(300)
        func weights(_ seed: UInt64) throws -> [[Float]] {
            let model = try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog,
                                                config: Fixture.quick(epochs: 2, seed: seed))
            return model.tensors.map(\.matrix.storage)
        }
        let a = try weights(5), b = try weights(5), c = try weights(6)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testSplitIsBySessionSeededAndStable() {
        let split = DatasetSplit(sessionCount: 1_000, seed: 4)
        XCTAssertEqual(Set(split.train + split.validation + split.test).count, 1_000)
        XCTAssertEqual(Double(split.test.count), 100, accuracy: 35)
        XCTAssertEqual(split, DatasetSplit(sessionCount: 1_000, seed: 4))
        XCTAssertNotEqual(split, DatasetSplit(sessionCount: 1_000, seed: 5))
        // A session's part does not depend on how many sessions were read.
        let shorter = DatasetSplit(sessionCount: 500, seed: 4)
        XCTAssertEqual(shorter.test, split.test.filter { $0 < 500 })
    }

    func testStopRequestEndsTrainingBetweenBatchesWithAUsableModel() throws {
        let data = try Fixture.data(300)
        var batches = 0
        let model = try ModelTraining.train(.cwm, data: data, catalog: Fixture.world.catalog, config: Fixture.quick(epochs: 5),
                                            progress: { _ in batches += 1 }, shouldStop: { batches >= 3 })
        XCTAssertEqual(batches, 3)
        XCTAssertEqual(model.training?.interrupted, true)
        XCTAssertTrue(model.predict(data, sessions: [0, 1]).allSatisfy { $0.isFinite && $0 > 0 && $0 < 1 })
    }

    func testDivergingLossIsAClearErrorNamingTheBatch() throws {
        let data = try Fixture.data(200)
        var config = Fixture.quick(epochs: 2)
        config.learningRate = 1e30
        config.clipNorm = 0
        let error = assertSegueError(try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog, config: config))
        XCTAssertTrue(error?.message.contains("batch") == true, "\(String(describing: error))")
        XCTAssertTrue(error?.hint?.contains("learning rate") == true, "\(String(describing: error))")
    }
}
