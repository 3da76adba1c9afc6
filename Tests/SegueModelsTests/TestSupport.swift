import Foundation
import XCTest
import SegueCore
import SegueComponents
import SegueData
import SegueTensor
@testable import SegueModels

/// A small demo world (1,000 tracks, 200 listeners) with 10,000 logged
/// sessions, written once per machine under the temporary folder and reused
/// (DemoLogs keeps files whose stamp matches).
enum Fixture {
    static let world: World = {
        var demo = DemoWorld()
        demo.tracks = 1_000
        demo.users = 200
        demo.seed = 3
        let (world, facts) = demo.build()
        let folder = NSTemporaryDirectory() + "segue-models-tests/demo-3-1000-200"
        try! DemoLogs(world: world, facts: facts, seed: demo.seed).write(sessions: 10_000, to: folder)
        return world
    }()

    /// The world's log.
    static var log: String { world.logFiles[0] }

    /// The first `count` sessions of the log (with their listeners when `listeners`).
    static func data(_ count: Int, label: ListenLabel = .notSkipped, listeners: Bool = false) throws -> SessionDataset {
        try SessionDataset.read(path: log, catalog: world.catalog, label: label, limit: count, worldName: "demo",
                                listenerFile: listeners ? world.listenerFile : nil)
    }

    /// Quick training settings: small networks, few epochs.
    static func quick(epochs: Int = 3, seed: UInt64 = 1) -> TrainingConfig {
        var config = TrainingConfig()
        config.layers = [16]
        config.head = 16
        config.epochs = epochs
        config.batchSize = 16
        config.seed = seed
        return config
    }
}

/// A fresh temporary folder, removed when the test ends.
func makeTemporaryFolder(for test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "SegueModelsTests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// Asserts that `body` throws a `SegueError` and returns it.
func assertSegueError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> SegueError? {
    do {
        _ = try body()
        XCTFail("expected a SegueError", file: file, line: line)
    } catch let error as SegueError {
        return error
    } catch {
        XCTFail("expected a SegueError, got \(error)", file: file, line: line)
    }
    return nil
}

/// Sessions as the simulator would build them from logged session `s`: the
/// state before each play, with the episode it belongs to.
func replay(_ data: SessionDataset, session s: Int, catalog: Catalog) -> (Episode, [SessionState]) {
    let episode = Episode(number: s, key: SeedKey(UInt64(s)), user: 0,
                          pool: data.plays(of: s).map { Int(data.tracks[$0]) }, context: data.contexts[s])
    var state = SessionState(featureCount: catalog.featureCount, lengthScale: 20, skipScale: 3)
    var states = [state]
    let user = [Float](repeating: 0, count: catalog.featureCount)[...]
    for (t, play) in data.plays(of: s).enumerated() {
        let track = Int(data.tracks[play])
        state.record(candidate: t, track: track, features: catalog.features(of: track),
                     listened: data.labels[play] > 0.5, user: user)
        states.append(state)
    }
    return (episode, states)
}
