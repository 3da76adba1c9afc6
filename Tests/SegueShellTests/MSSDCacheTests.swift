import Foundation
import XCTest
import SegueCore
import SegueModels
@testable import SegueShell

/// `world mssd`'s ingest cache: the first load parses the logs into a
/// binary cache, later loads map it, and both give the same sessions.
final class MSSDCacheTests: XCTestCase {
    /// A demo world's logs with a malformed row, a session lacking a position
    /// and a track missing from the track file; returns the folder.
    func fixture() throws -> String {
        let folder = NSTemporaryDirectory() + "segue-mssd-cache-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let s = ShellSession()
        s.sink = { _ in }
        try s.execute("world demo tracks=200 users=20 sessions=80 folder=\(folder)")
        var log = try String(contentsOfFile: folder + "/sessions.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        log[7] += ",extra"
        log.remove(at: log.firstIndex { $0.split(separator: ",")[1] == "2" }!)
        try (log.joined(separator: "\n") + "\n").write(toFile: folder + "/log.csv", atomically: true, encoding: .utf8)
        let missing = log.last!.split(separator: ",")[3]
        let tracks = try String(contentsOfFile: folder + "/tracks.csv", encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix(missing + ",") }
        try (tracks.joined(separator: "\n") + "\n").write(toFile: folder + "/tracks_fewer.csv", atomically: true, encoding: .utf8)
        return folder
    }

    /// A session whose status lines are collected in `lines`.
    func session(_ lines: UnsafeMutablePointer<[String]>) -> ShellSession {
        let s = ShellSession()
        s.sink = { _ in }
        s.statusSink = { text, _ in lines.pointee.append(text) }
        return s
    }

    func mssd(_ folder: String, _ name: String, cache: String) -> String {
        "\(name) = world mssd logs=\(folder)/log.csv tracks=\(folder)/tracks_fewer.csv skip_malformed=true missing_tracks=drop cache=\(cache)"
    }

    func cacheFiles(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/cache")) ?? []).sorted()
    }

    func testSecondLoadMapsTheCacheAndGivesTheSameSessions() throws {
        let folder = try fixture()
        var lines: [String] = []
        let s = session(&lines)
        try s.execute(mssd(folder, "a", cache: folder + "/cache"))
        XCTAssertTrue(lines.last?.hasPrefix("ingested ") ?? false, "\(lines)")
        XCTAssertEqual(cacheFiles(folder).count, 1, "one cache file, no temporary left: \(cacheFiles(folder))")
        try s.execute(mssd(folder, "b", cache: folder + "/cache"))
        XCTAssertTrue(lines.last?.hasPrefix("opened the ingest caches of 1 log files") ?? false, "\(lines)")
        try s.execute(mssd(folder, "c", cache: "off"))

        let worlds = try ["a", "b", "c"].map { try s.world($0) }
        XCTAssertEqual(worlds[0].notices, worlds[2].notices)
        XCTAssertTrue(worlds[0].notices.contains { $0.hasPrefix("skipped 1 malformed rows") }, "\(worlds[0].notices)")
        XCTAssertTrue(worlds[0].notices.contains { $0.hasPrefix("1 of 80 sessions have missing positions") }, "\(worlds[0].notices)")
        XCTAssertEqual(worlds[0].population.features, worlds[2].population.features)
        XCTAssertEqual(worlds[1].population.premium, worlds[2].population.premium)
        XCTAssertEqual(worlds[0].logReading.caches.count, 1)
        XCTAssertEqual(worlds[2].logReading.caches, [])
        for label in [ListenLabel.notSkipped, .notSkip2] {
            let cached = try SessionDataset.read(world: worlds[1], label: label)
            let parsed = try SessionDataset.read(world: worlds[2], label: label)
            XCTAssertEqual(cached.offsets, parsed.offsets)
            XCTAssertEqual(cached.tracks, parsed.tracks)
            XCTAssertEqual(cached.labels, parsed.labels)
            XCTAssertEqual(cached.contexts.map { "\($0.premium) \($0.hourOfDay) \($0.contextType)" },
                           parsed.contexts.map { "\($0.premium) \($0.hourOfDay) \($0.contextType)" })
            XCTAssertEqual(cached.notices, parsed.notices)
        }
    }

    func testChangedLogsOrADamagedCacheAreIngestedAgain() throws {
        let folder = try fixture()
        var lines: [String] = []
        let s = session(&lines)
        try s.execute(mssd(folder, "a", cache: folder + "/cache"))
        let sessions = try s.world("a").details.first { $0.0 == "sessions" }!.1
        // Another session appended: a new key, a new ingest.
        let log = try String(contentsOfFile: folder + "/log.csv", encoding: .utf8)
        let first = log.split(separator: "\n")[1].replacingOccurrences(of: "s_7_0,", with: "s_extra,")
        try (log + first + "\n").write(toFile: folder + "/log.csv", atomically: true, encoding: .utf8)
        try s.execute(mssd(folder, "b", cache: folder + "/cache"))
        XCTAssertTrue(lines.last?.hasPrefix("ingested ") ?? false, "\(lines)")
        XCTAssertEqual(try s.world("b").details.first { $0.0 == "sessions" }!.1, String(Int(sessions)! + 1))
        // A cut-off cache file is not trusted.
        for name in cacheFiles(folder) {
            let path = folder + "/cache/" + name
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        }
        try s.execute(mssd(folder, "c", cache: folder + "/cache"))
        XCTAssertTrue(lines.last?.hasPrefix("ingested ") ?? false, "\(lines)")
        XCTAssertEqual(try s.world("c").population.features, try s.world("b").population.features)
    }

    func testCtrlCStopsTheIngestAndCachesNothing() throws {
        let folder = try fixture()
        var lines: [String] = []
        let s = session(&lines)
        var stop = true, cleared = false
        s.interruptRequested = { stop }
        s.forgetInterrupt = { cleared = true; stop = false }
        var message = "no error"
        do { try s.execute(mssd(folder, "a", cache: folder + "/cache")) } catch { message = "\(error)" }
        XCTAssertTrue(message.contains("ingest interrupted (Ctrl-C): no world was made"), message)
        XCTAssertTrue(cleared)
        XCTAssertEqual(cacheFiles(folder), [])
        XCTAssertTrue(s.valueOrder.isEmpty)
        try s.execute(mssd(folder, "a", cache: folder + "/cache"))
        XCTAssertEqual(cacheFiles(folder).count, 1)
    }

    /// Shards ingested by separate sessions (as separate processes would) fill
    /// one cache folder; a full load then only maps.
    func testShardsIngestedApartAreOpenedTogether() throws {
        let folder = try fixture()
        let log = try String(contentsOfFile: folder + "/log.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        let starts = log.indices.dropFirst().filter { log[$0].split(separator: ",")[1] == "1" }
        let cuts = [1, starts[20], starts[40], starts[60], log.count]
        for k in 0..<4 {
            try ([log[0]] + log[cuts[k]..<cuts[k + 1]]).joined(separator: "\n").appending("\n")
                .write(toFile: "\(folder)/logs/log_\(k).csv", atomically: true, encoding: .utf8)
        }
        let options = "logs=\(folder)/logs tracks=\(folder)/tracks_fewer.csv skip_malformed=true missing_tracks=drop cache=\(folder)/cache"
        var lines: [String] = []
        for shard in ["1/2", "2/2"] {
            let s = session(&lines)
            try s.execute("world mssd \(options) shard=\(shard)")
            XCTAssertTrue(s.cells.last!.output.contains("note: shard=\(shard): 2 of 4 log files"), "\(s.cells.last!.output)")
            XCTAssertTrue(lines.last?.hasPrefix("ingested 2 of 2 log files") ?? false, "\(lines)")
        }
        XCTAssertEqual(cacheFiles(folder).count, 4)
        let s = session(&lines)
        try s.execute("all = world mssd \(options)")
        XCTAssertTrue(lines.last?.hasPrefix("opened the ingest caches of 4 log files") ?? false, "\(lines)")
        try s.execute("parsed = world mssd \(options.replacingOccurrences(of: "cache=\(folder)/cache", with: "cache=off"))")
        XCTAssertEqual(try s.world("all").notices, try s.world("parsed").notices)
        let cached = try SessionDataset.read(world: s.world("all")), parsed = try SessionDataset.read(world: s.world("parsed"))
        XCTAssertEqual(cached.tracks, parsed.tracks)
        XCTAssertEqual(cached.offsets, parsed.offsets)
        XCTAssertTrue(message(s, "world mssd \(options) shard=5/4").contains("shard must be i/n"))
        XCTAssertTrue(message(s, "world mssd \(options) shard=5/8").contains("holds none of the 4 log files"))
    }

    func message(_ s: ShellSession, _ line: String) -> String {
        do { try s.execute(line); return "no error" } catch { return "\(error)" }
    }
}
