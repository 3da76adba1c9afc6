import XCTest
import SegueCore
import SegueComponents
import SegueData
import SegueTensor
@testable import SegueModels

/// Models that read the listener's features (`listener=true`), from logs
/// whose listeners file names each session's listener.
final class ListenerAwareModelTests: XCTestCase {
    func listenerConfig(epochs: Int = 1) -> TrainingConfig {
        var config = Fixture.quick(epochs: epochs)
        config.listener = true
        return config
    }

    func testListenersFileNamesEverySessionsListenerAndPlainReadsLeaveThemUnknown() throws {
        let data = try Fixture.data(500, listeners: true)
        XCTAssertTrue(data.knowsListeners)
        XCTAssertTrue(data.listeners.allSatisfy { $0 >= 0 && Int($0) < Fixture.world.population.count })
        XCTAssertGreaterThan(Set(data.listeners).count, 100, "500 sessions of 200 random listeners")
        let plain = try Fixture.data(500)
        XCTAssertFalse(plain.knowsListeners)
        XCTAssertEqual(plain.tracks, data.tracks)
    }

    func testAListenersFileMissingASessionOrMalformedIsAClearError() throws {
        let folder = try makeTemporaryFolder(for: self)
        let short = folder + "/short.csv"
        try SessionListenerFile.write([SessionListenerRecord(sessionID: "nobody", userIndex: 0)], to: URL(fileURLWithPath: short))
        let missing = assertSegueError(try SessionDataset.read(path: Fixture.log, catalog: Fixture.world.catalog,
                                                               limit: 5, listenerFile: short))
        XCTAssertTrue(missing?.message.contains("short.csv does not name the listener of session") ?? false, "\(String(describing: missing))")
        let bad = folder + "/bad.csv"
        try "session_id,user_index\ns_3_0,7\ns_3_1,minus one\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let malformed = assertSegueError(try SessionDataset.read(path: Fixture.log, catalog: Fixture.world.catalog,
                                                                 limit: 5, listenerFile: bad))
        XCTAssertTrue(malformed?.message.contains("bad.csv:3") ?? false, "\(String(describing: malformed))")
        XCTAssertTrue(malformed?.message.contains("user_index") ?? false, "\(String(describing: malformed))")
    }

    func testListenerTrainingWithoutListenersIsAClearError() throws {
        let data = try Fixture.data(100)
        let error = assertSegueError(try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog,
                                                             population: Fixture.world.population, config: listenerConfig()))
        XCTAssertTrue(error?.message.contains("do not name every session's listener") ?? false)
    }

    /// The SWM's loss over a small batch against central differences, with
    /// and without the listener (whose features reach the taste projection),
    /// and with the head reading the last plays (`recent`).
    func testSWMGradientsMatchFiniteDifferences() throws {
        for (listener, recent) in [(false, 0), (true, 0), (true, 2)] {
            let data = try Fixture.data(3, listeners: true)
            var encoder = FeatureEncoder.fit(catalog: Fixture.world.catalog, plays: data.tracks, label: .notSkipped)
            if listener { encoder = encoder.readingListeners(Fixture.world.population, of: data.listeners) }
            var g = SeededGenerator(seed: 5)
            let model = try SequentialWorldModel(encoder: encoder, layerSizes: [3], headSize: 3, recentPlays: recent,
                                                 catalog: Fixture.world.catalog,
                                                 population: Fixture.world.population, using: &g)
            for p in model.parameters where p.name == "bias" {
                p.value = Matrix(rows: p.value.rows, columns: p.value.columns,
                                 storage: (0..<p.value.count).map { _ in Float(g.normal() * 0.3) })
            }
            let sessions = ArraySlice([0, 1, 2])
            for p in model.parameters { p.grad = Matrix.zeros(like: p.value) }
            _ = model.loss(data, sessions: sessions, backward: true)
            for (name, p) in model.weights.namedParameters {
                // Every projection and head weight; a sample of the LSTM's.
                let indices = name.hasPrefix("lstm") ? Array(stride(from: 0, to: p.value.count, by: 7)) : Array(0..<p.value.count)
                for i in indices {
                    let saved = p.value.storage[i], h: Float = recent > 0 ? 2e-3 : 1e-2   // the recent features' products reach ReLU kinks sooner
                    p.value.storage[i] = saved + h
                    let up = model.loss(data, sessions: sessions, backward: false).loss
                    p.value.storage[i] = saved - h
                    let down = model.loss(data, sessions: sessions, backward: false).loss
                    p.value.storage[i] = saved
                    let numeric = (up - down) / Double(2 * h)
                    XCTAssertEqual(Double(p.grad.storage[i]), numeric, accuracy: 2e-3 + 2e-2 * abs(numeric),
                                   "listener=\(listener) recent=\(recent) \(name)[\(i)]")
                }
            }
            XCTAssertEqual(model.projection.weight.value.rows, 3 + (listener ? Fixture.world.population.featureCount : 0))
        }
    }

    /// Knowing the listener, the first play's P(listen) depends on who
    /// listens; without, it cannot.
    func testTheFirstPlayDependsOnTheListenerOnlyWhenTheModelReadsIt() throws {
        let data = try Fixture.data(300, listeners: true)
        let pool = Array(0..<40)
        for kind in [ModelKind.cwm, .swm] {
            let plain = try ModelTraining.train(kind, data: data, catalog: Fixture.world.catalog,
                                                population: Fixture.world.population, config: Fixture.quick(epochs: 1))
            let aware = try ModelTraining.train(kind, data: data, catalog: Fixture.world.catalog,
                                                population: Fixture.world.population, config: listenerConfig())
            XCTAssertTrue(aware.description.contains("listener=true"))
            let state = SessionState(featureCount: Fixture.world.catalog.featureCount, lengthScale: 20, skipScale: 3)
            func scores(_ model: any LearnedUserModel, user: Int) -> [Double] {
                let episode = Episode(number: 0, key: SeedKey(1), user: user, pool: pool)
                model.beginEpisode(episode)
                return model.listenProbabilities(of: pool, episode: episode, session: state)
            }
            XCTAssertEqual(scores(plain, user: 1), scores(plain, user: 2), "\(kind)")
            XCTAssertNotEqual(scores(aware, user: 1), scores(aware, user: 2), "\(kind)")
        }
    }

    func testSavedListenerAwareModelsLoadWithBitIdenticalPredictionsAndNeedTheirPopulation() throws {
        let folder = try makeTemporaryFolder(for: self)
        let data = try Fixture.data(200, listeners: true)
        for kind in [ModelKind.cwm, .swm] {
            let model = try ModelTraining.train(kind, data: data, catalog: Fixture.world.catalog,
                                                population: Fixture.world.population, config: listenerConfig())
            let path = "\(folder)/\(kind.rawValue).safetensors"
            try ModelFile.save(model, to: path)
            let loaded = try ModelFile.load(path: path, catalog: Fixture.world.catalog, population: Fixture.world.population)
            XCTAssertEqual(loaded.encoder, model.encoder)
            XCTAssertEqual(loaded.predict(data, sessions: Array(0..<50)), model.predict(data, sessions: Array(0..<50)))
            let error = assertSegueError(try ModelFile.load(path: path, catalog: Fixture.world.catalog))
            XCTAssertTrue(error?.message.contains("reads the listener") ?? false)
        }
    }

    /// The demo world's listeners differ in taste, which the logs alone
    /// reveal only slowly: reading the listener must raise held-out AUC.
    func testReadingTheListenerRaisesHeldOutAUC() throws {
        let data = try Fixture.data(3_000, listeners: true)
        var auc: [Bool: Double] = [:]
        for listener in [false, true] {
            var config = Fixture.quick(epochs: 4)
            config.listener = listener
            let model = try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog,
                                                population: Fixture.world.population, config: config)
            let split = config.split(sessionCount: data.sessionCount)
            auc[listener] = ModelReport(model: model, name: "swm", data: data, sessions: split.test, part: "test").auc
        }
        XCTAssertGreaterThan(auc[true]!, auc[false]! + 0.03, "AUC with the listener \(auc[true]!), without \(auc[false]!)")
    }
}
