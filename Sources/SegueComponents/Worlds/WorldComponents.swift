import SegueCore

/// Registry entries for the built-in worlds.
enum WorldComponents {
    static let demo = ComponentDescriptor(
        kind: .world, name: "demo",
        summary: "the embedded demo world: genre-clustered catalog, listeners, hidden sequential ground truth",
        parameters: [
            .int("tracks", 5_000, range: 10...2_000_000, "tracks in the catalog"),
            .int("users", 1_000, range: 1...10_000_000, "listeners in the population"),
            .int("genres", 8, range: 1...64, "genre clusters in acoustic space"),
            .int("seed", 7, range: 0...Double(Int.max), "seed of every draw that makes the world"),
            .int("sessions", 20_000, range: 0...10_000_000, "logged sessions to write (random-shuffle logging policy)"),
            .double("personalized", 0, range: 0...1,
                    "share of logged sessions chosen by a personalised logger (noisy taste match) instead of shuffle"),
            .path("folder", "where to write the MSSD-schema logs; empty: .segue/worlds/demo-SEED-TRACKS-USERS-SESSIONS[-pSHARE]"),
        ],
        make: { p, _ in
            var demo = DemoWorld()
            demo.tracks = p.int("tracks")
            demo.users = p.int("users")
            demo.genres = p.int("genres")
            demo.seed = UInt64(p.int("seed"))
            let (world, facts) = demo.build()
            let sessions = p.int("sessions")
            if sessions > 0 {
                var logs = DemoLogs(world: world, facts: facts, seed: demo.seed)
                logs.personalizedShare = p.double("personalized")
                let suffix = logs.personalizedShare > 0 ? "-p\(logs.personalizedShare)" : ""
                let folder = p.string("folder").isEmpty
                    ? ".segue/worlds/demo-\(demo.seed)-\(demo.tracks)-\(demo.users)-\(sessions)\(suffix)" : p.string("folder")
                try logs.write(sessions: sessions, to: folder)
                if logs.personalizedShare > 0 { world.details.append(("personalised logging", "\(logs.personalizedShare)")) }
            }
            return world
        })

    static let bench = ComponentDescriptor(
        kind: .world, name: "bench",
        summary: "the reference workload of bench-workload-v1: 10,000 tracks, 1,000 users, a fixed float64 ground truth",
        parameters: [.int("seed", 20_240_601, range: 0...Double(Int.max), "world seed (W)")],
        make: { p, _ in
            var bench = BenchWorkload()
            bench.seed = UInt64(p.int("seed"))
            return bench.makeWorld()
        })
}
