import XCTest
import SegueCore
import SegueData
import SegueTensor
@testable import SegueModels

final class CachedSessionsTests: XCTestCase {
    /// The fixture's log ingested into a cache in a fresh folder.
    func cache() throws -> SessionCache {
        let folder = try makeTemporaryFolder(for: self)
        let (caches, _) = try SessionCacheBuilder.openOrIngest(files: [Fixture.log], policy: .strict, sample: .all, folder: folder)
        return try XCTUnwrap(caches.first)
    }

    /// Every session of the two views has the same length, context, plays and labels.
    func assertSamePlays(_ cached: CachedSessions, _ data: SessionDataset, file: StaticString = #filePath, line: UInt = #line) {
        for s in 0..<min(cached.sessionCount, data.sessionCount) {
            XCTAssertEqual(cached.length(of: s), data.length(of: s), file: file, line: line)
            XCTAssertEqual(cached.context(of: s), data.contexts[s], file: file, line: line)
            var a: [Int] = [], b: [Int] = []
            cached.forEachPlay(of: s) { a.append($0 * 2 + ($1 ? 1 : 0)) }
            data.forEachPlay(of: s) { b.append($0 * 2 + ($1 ? 1 : 0)) }
            XCTAssertEqual(a, b, "session \(s)", file: file, line: line)
        }
    }

    func testCachedSessionsReadAsTheDatasetFromTheSameCache() throws {
        let cache = try cache()
        for label in [ListenLabel.notSkipped, .notSkip2] {
            let cached = try CachedSessions(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: label, limit: 700)
            let data = try SessionDataset.read(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: label,
                                               limit: 700, worldName: "world")
            XCTAssertEqual(cached.sessionCount, data.sessionCount)
            XCTAssertEqual(cached.notices, data.notices)
            assertSamePlays(cached, data)
        }
    }

    func testDroppedPlaysAndEmptiedSessionsAreSkippedAsTheDatasetSkipsThem() throws {
        let cache = try cache()
        // A catalog of a few of the world's tracks: most plays are dropped, some sessions left with none.
        let full = Fixture.world.catalog, kept = 40, width = full.featureCount
        let catalog = Catalog(ids: Array(full.ids.prefix(kept)), featureNames: full.featureNames,
                              features: Array(full.features.prefix(kept * width)))
        var reading = LogReading()
        reading.dropMissingTracks = true
        for limit in [nil, 300] {
            let cached = try CachedSessions(caches: [cache], reading: reading, catalog: catalog, label: .notSkipped, limit: limit)
            let data = try SessionDataset.read(caches: [cache], reading: reading, catalog: catalog, label: .notSkipped,
                                               limit: limit, worldName: "world")
            XCTAssertEqual(cached.sessionCount, data.sessionCount)
            XCTAssertEqual(cached.notices, data.notices)
            XCTAssertTrue(cached.notices.contains { $0.contains("sessions left with no play") }, "\(cached.notices)")
            assertSamePlays(cached, data)
        }
        let strict = assertSegueError(try CachedSessions(caches: [cache], reading: LogReading(), catalog: catalog, label: .notSkipped))
        let parsed = assertSegueError(try SessionDataset.read(caches: [cache], reading: LogReading(), catalog: catalog, label: .notSkipped,
                                                              limit: nil, worldName: "world"))
        XCTAssertEqual(strict?.message, parsed?.message)
    }

    func testTrainingFromTheCacheGivesTheWeightsOfTrainingInMemory() throws {
        let cache = try cache()
        let cached = try CachedSessions(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: .notSkipped, limit: 500)
        let data = try SessionDataset.read(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: .notSkipped,
                                           limit: 500, worldName: "world")
        XCTAssertLessThan(cached.sessionCount, CachedSessions.defaultWindow, "one shuffle window: the in-memory batch order")
        for kind in [ModelKind.cwm, .swm, .popularity] {
            let config = Fixture.quick(epochs: 2)
            let a = try ModelTraining.train(kind, data: cached, catalog: Fixture.world.catalog, config: config)
            let b = try ModelTraining.train(kind, data: data, catalog: Fixture.world.catalog, config: config)
            XCTAssertEqual(a.tensors.map(\.matrix.storage), b.tensors.map(\.matrix.storage), "\(kind)")
            XCTAssertEqual(a.training?.text, b.training?.text, "\(kind)")
            XCTAssertEqual(a.training?.epochs, b.training?.epochs, "\(kind)")
        }
    }

    func testReportsFromTheCacheEqualReportsInMemory() throws {
        let cache = try cache()
        let cached = try CachedSessions(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: .notSkipped)
        let data = try SessionDataset.read(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: .notSkipped,
                                           limit: nil, worldName: "world")
        let model = try ModelTraining.train(.swm, data: try Fixture.data(300), catalog: Fixture.world.catalog, config: Fixture.quick(epochs: 1))
        // More sessions than a report chunk, so that chunks are joined.
        let sessions = DatasetSplit(sessionCount: data.sessionCount, seed: 1, validationFraction: 0, testFraction: 0.5).test
        XCTAssertGreaterThan(sessions.count, ModelReport.chunk)
        let a = ModelReport(model: model, name: "m", data: cached, sessions: sessions, part: "test")
        let b = ModelReport(model: model, name: "m", data: data, sessions: sessions, part: "test")
        XCTAssertEqual(a.text, b.text)
        XCTAssertEqual(a.logLoss, b.logLoss)
        XCTAssertEqual(a.auc, b.auc)
    }

    func testTrainingInShuffleWindowsKeepsFewSessionsInUseWhateverTheCount() throws {
        let cache = try cache()
        var maxima: [Int] = []
        for count in [400, 3_000] {
            var cached = try CachedSessions(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: .notSkipped, limit: count)
            cached.shuffleWindow = 50
            let recording = RecordingSessions(base: cached)
            var config = Fixture.quick(epochs: 1)
            config.batchSize = 16
            config.threads = 2
            config.validationFraction = 0.3   // at 3,000 sessions, more validation sessions than two chunks
            let model = try ModelTraining.train(.cwm, data: recording, catalog: Fixture.world.catalog, config: config)
            let split = DatasetSplit(sessionCount: count, rule: config.splitRule)
            XCTAssertEqual(model.training?.trainSessions, split.train.count)
            XCTAssertEqual(recording.log.read, Set(split.train + split.validation), "training and validation sessions read, test ones never")
            XCTAssertTrue(recording.log.live.isEmpty, "everything released at the end")
            maxima.append(recording.log.maxLive)
        }
        // Two windows and a batch while training; a chunk of validation sessions per thread while scoring.
        for m in maxima { XCTAssertLessThanOrEqual(m, max(2 * 50 + 16, 2 * GradientTrainer.evaluationChunk), "\(maxima)") }
    }

    func testTheViewHoldsTrackTablesNotPlays() throws {
        let cache = try cache()
        let cached = try CachedSessions(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: .notSkipped)
        XCTAssertEqual(cached.sessionCount, 10_000)
        XCTAssertLessThanOrEqual(cached.heldBytes, Fixture.world.catalog.count * MemoryLayout<Int32>.stride)
        XCTAssertLessThan(cached.heldBytes * 20, cache.playCount, "far less than a byte a play")
    }

    func testReleasingPagesKeepsTheContents() throws {
        let cache = try cache()
        let cached = try CachedSessions(caches: [cache], reading: LogReading(), catalog: Fixture.world.catalog, label: .notSkipped)
        func plays(_ s: Int) -> [Int] {
            var out: [Int] = []
            cached.forEachPlay(of: s) { out.append($0 * 2 + ($1 ? 1 : 0)) }
            return out
        }
        let before = (0..<cached.sessionCount).map(plays)
        cached.release(0..<cached.sessionCount)
        cached.release(17..<4_321)
        XCTAssertEqual((0..<cached.sessionCount).map(plays), before)
    }
}

/// A view that remembers which sessions were read and not released since.
/// What a `RecordingSessions` saw; training reads on several threads, so under a lock.
final class RecordingLog: @unchecked Sendable {
    private let lock = NSLock()
    var read = Set<Int>()
    var live = Set<Int>()
    var maxLive = 0

    func touch(_ s: Int) {
        lock.lock()
        defer { lock.unlock() }
        read.insert(s)
        live.insert(s)
        maxLive = max(maxLive, live.count)
    }

    func drop(_ sessions: Range<Int>) {
        lock.lock()
        defer { lock.unlock() }
        live = live.filter { !sessions.contains($0) }
    }
}

struct RecordingSessions<Base: LoggedSessions>: LoggedSessions {
    let base: Base
    let log = RecordingLog()

    var label: ListenLabel { base.label }
    var sessionCount: Int { base.sessionCount }
    var knowsListeners: Bool { base.knowsListeners }
    var notices: [String] { base.notices }
    var shuffleWindow: Int? { base.shuffleWindow }
    func length(of s: Int) -> Int { log.touch(s); return base.length(of: s) }
    func context(of s: Int) -> SessionContext { log.touch(s); return base.context(of: s) }
    func listener(of s: Int) -> Int { base.listener(of: s) }
    func forEachPlay(of s: Int, _ body: (Int, Bool) -> Void) { log.touch(s); base.forEachPlay(of: s, body) }
    func release(_ sessions: Range<Int>) {
        log.drop(sessions)
        base.release(sessions)
    }
}
