import XCTest
import Foundation
import SegueCore
@testable import SegueComponents

/// The reference workload reproduces bench-workload-v1's vectors exactly.
final class BenchWorkloadTests: XCTestCase {
    static let world = BenchWorkload().makeWorld()
    let registry = Registry.builtins()

    func environment(seed: UInt64, skips: Int = 3) throws -> Environment {
        try EnvironmentBuilder(registry: registry).build(BenchWorkload.recipe(envSeed: seed, skips: skips), world: Self.world)
    }

    func testRandomNumbers() {
        let key = SeedKey(12345)
        XCTAssertEqual((0..<4).map { key.u64(UInt64($0)) },
                       [2454886589211414944, 3778200017661327597, 2205171434679333405, 3248800117070709450])
        XCTAssertEqual((0..<3).map { key.derive(UInt64($0)).rawValue },
                       [11105673715571975583, 5403879014033223155, 14496530503277963928])
        XCTAssertEqual(key.uniform(0), 0.1330796686614273)
        XCTAssertEqual((0..<4).map { key.normal(UInt64($0)) },
                       [0.14969265397627943, 0.5130384997887789, 0.2259230337540872, 0.45120528793343867])
    }

    func testWorldChecksums() {
        let world = Self.world
        func sum(_ values: [Float]) -> Double { values.reduce(0.0) { $0 + Double($1) } }
        XCTAssertEqual(sum(world.catalog.features), 314.4649011422996, accuracy: 1e-9)
        XCTAssertEqual(sum(world.population.features), 204.30059156788047, accuracy: 1e-9)
        let network = (world.groundTruth!() as! BenchUserModel).network
        func sum(_ values: [Double]) -> Double { values.reduce(0, +) }
        XCTAssertEqual(sum(network.w1), -10.557962090722867, accuracy: 1e-9)
        XCTAssertEqual(sum(network.w2), -20.00536252900997, accuracy: 1e-9)
        XCTAssertEqual(sum(network.w3), -1.1212607263587415, accuracy: 1e-9)
        XCTAssertEqual(Array(world.catalog.features(of: 0).prefix(4)),
                       [-1.6668809652328491, 0.6440253257751465, -0.32897546887397766, 1.0350931882858276])
        XCTAssertEqual(Array(world.population.features(of: 0).prefix(4)),
                       [0.35355427861213684, 0.47759950160980225, -0.28501561284065247, -0.6673265099525452])
    }

    func testFirstEpisodesMatchTheVectors() throws {
        let cases: [(seed: UInt64, j: Int, key: UInt64, user: Int, pool: [Int], poolSum: Int, oracle: Int, oracleP: Double, random: Int)] = [
            (1, 0, 18432711957220005480, 857, [7853, 5725, 8609, 7809, 7517], 1008878, 184, 0.9442936315276897, 96),
            (2, 0, 11896359374985507970, 835, [7301, 2947, 6379, 897, 2522], 1017197, 37, 0.9797577943974459, 126),
            (2, 499, 14387241726439021241, 367, [7730, 2305, 3791, 8313, 2746], 954317, 135, 0.9616218625173466, 109),
        ]
        for c in cases {
            let env = try environment(seed: c.seed)
            let first = env.reset(episode: c.j)
            let episode = first.observation.episode
            XCTAssertEqual(episode.key.rawValue, c.key)
            XCTAssertEqual(episode.user, c.user)
            XCTAssertEqual(Array(episode.pool.prefix(5)), c.pool)
            XCTAssertEqual(episode.pool.reduce(0, +), c.poolSum)
            let oracle = GreedyAgent(model: Self.world.groundTruth!())
            XCTAssertEqual(try oracle.act(first), .candidate(c.oracle))
            let p = env.userModel.listenProbability(of: episode.pool[c.oracle], episode: episode, session: first.observation.session)
            XCTAssertEqual(p, c.oracleP, accuracy: 1e-12)
            XCTAssertEqual(try RandomAgent().act(first), .candidate(c.random))
        }
    }

    /// The vectors file of bench-workload-v1 (a copy kept with the tests).
    static let vectors: [String: Any] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/bench-workload-v1.vectors.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: path)) as! [String: Any]
    }()

    func testOracleTraceOfTheFirstEvaluationEpisode() throws {
        let trace = Self.vectors["oracle_trace(env_seed=2, j=0) [action, p, reward]"] as! [[Double]]
        XCTAssertEqual(trace.count, 20)
        let env = try environment(seed: 2)
        var step = env.reset(episode: 0)
        let oracle = GreedyAgent(model: Self.world.groundTruth!())
        for row in trace {
            let (action, p, reward) = (Int(row[0]), row[1], Float(row[2]))
            XCTAssertEqual(try oracle.act(step), .candidate(action))
            let o = step.observation
            XCTAssertEqual(env.userModel.listenProbability(of: o.episode.pool[action], episode: o.episode, session: o.session),
                           p, accuracy: 1e-11)
            step = try env.step(.candidate(action))
            XCTAssertEqual(step.reward, reward)
        }
        XCTAssertTrue(step.isLast)
        let summary = Self.vectors["context_after_trace[32:40] (summary S)"] as! [Double]
        // Compared as float32: the observation is float32, and JSON parsers differ in the last digits of doubles.
        XCTAssertEqual(Array(step.observation.context[32..<40]), summary.map { Float($0) })
    }

    func testEvaluationSums() throws {
        let oracle = GreedyAgent(model: Self.world.groundTruth!())
        for (name, agent) in [("random", RandomAgent() as any Agent), ("oracle", oracle)] {
            let expected = Self.vectors["eval500(env_seed=2, K=3) \(name)"] as! [String: Any]
            let results = try Driver(environment: try environment(seed: 2), agent: agent).run(episodes: 500, startingAt: 0)
            XCTAssertEqual(results.map(\.totalReward).reduce(0, +), expected["sum_return"] as! Double, name)
            XCTAssertEqual(results.prefix(10).map { Int($0.totalReward) }, expected["first10"] as! [Int], name)
        }
    }

    func testTwentyThousandRandomSteps() throws {
        for (skips, episodes, listens) in [(3, 2046, 9829), (5, 1267, 9172)] {
            let env = try environment(seed: 1, skips: skips)
            let agent = RandomAgent()
            var step = env.reset()
            var done = 0, reward = 0.0
            for _ in 0..<20_000 {
                if step.isLast { step = env.reset() }
                step = try env.step(try agent.act(step))
                reward += Double(step.reward)
                if step.isLast { done += 1 }
            }
            XCTAssertEqual(done, episodes, "K=\(skips)")
            XCTAssertEqual(reward, Double(listens), "K=\(skips)")
        }
    }

    /// Episodes split by number across threads give each episode the same result
    /// as one thread playing them all (every draw flows from the episode's key).
    func testParallelRolloutsDoNotDependOnTheThreadCount() throws {
        let episodes = 60
        func play(threads: Int) throws -> [EpisodeResult?] {
            var results = [EpisodeResult?](repeating: nil, count: episodes)
            let environments = try (0..<threads).map { _ in try environment(seed: 1) }
            results.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: threads) { worker in
                    let driver = Driver(environment: environments[worker], agent: RandomAgent())
                    for j in stride(from: worker, to: episodes, by: threads) { base[j] = try? driver.play(episode: j) }
                }
            }
            return results
        }
        let one = try play(threads: 1)
        XCTAssertFalse(one.contains { $0 == nil })
        XCTAssertEqual(try play(threads: 3), one)
    }
}
