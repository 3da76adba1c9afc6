import Foundation
import XCTest
import SegueCore
@testable import SegueComponents

/// TF-Agents semantics, the no-repeat rule and seeding.
final class EnvironmentTests: XCTestCase {
    static let world = BenchWorkload().makeWorld()
    let registry = Registry.builtins()

    func environment(_ recipe: Recipe) throws -> Environment {
        try EnvironmentBuilder(registry: registry).build(recipe, world: Self.world)
    }

    func testStepTypesRewardsAndDiscounts() throws {
        let env = try environment(Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "20")]),
                                         terminations: [ComponentSpec("max-length", [("length", "5"), ("truncate", "true")])]))
        var step = env.reset()
        XCTAssertEqual(step.stepType, .first)
        XCTAssertEqual(step.reward, 0)
        XCTAssertEqual(step.observation.context.count, 40)
        XCTAssertEqual(env.specs.observation.candidates.shape, [20, 16])
        var types: [StepType] = []
        repeat {
            step = try env.step(.candidate(0))
            types.append(step.stepType)
        } while !step.isLast
        XCTAssertEqual(types, [.mid, .mid, .mid, .mid, .last])
        XCTAssertTrue(step.truncated)
        XCTAssertEqual(step.discount, 1, "a truncated episode still bootstraps")
        // Stepping after the last step resets, as in TF-Agents.
        XCTAssertEqual(try env.step(.candidate(0)).stepType, .first)
    }

    /// `history=K` appends the latest K plays, newest first, to the context; the
    /// rest of the observation and every outcome are as without it.
    func testHistoryAppendsTheLatestPlaysToTheContext() throws {
        let pool = ComponentSpec("random-pool", [("size", "20")])
        let plain = try environment(Recipe(episodeSampler: pool, seed: 4))
        let env = try environment(Recipe(episodeSampler: pool, seed: 4, history: 2))
        XCTAssertEqual(env.specs.observation.context.shape, [40 + 2 * 17])
        XCTAssertTrue(env.recipe!.description.contains("history=2"))
        var a = plain.reset(), b = env.reset()
        XCTAssertEqual(Array(b.observation.context[40...]), Array(repeating: 0, count: 34), "nothing played yet")
        for pick in [3, 7, 1] {
            a = try plain.step(.candidate(pick))
            b = try env.step(.candidate(pick))
            XCTAssertEqual(a.reward, b.reward)
            XCTAssertEqual(Array(b.observation.context[..<40]), a.observation.context)
        }
        let session = b.observation.session
        let tracks = session.played, outcomes = session.outcomes
        XCTAssertEqual(Array(b.observation.context[40 ..< 56]), Array(Self.world.catalog.features(of: tracks[2])))
        XCTAssertEqual(b.observation.context[56], outcomes[2] ? 1 : -1)
        XCTAssertEqual(Array(b.observation.context[57 ..< 73]), Array(Self.world.catalog.features(of: tracks[1])))
        XCTAssertEqual(b.observation.context[73], outcomes[1] ? 1 : -1)
        // A recipe written before `history` existed decodes as history 0.
        var written = try JSONSerialization.jsonObject(with: JSONEncoder().encode(env.recipe!)) as! [String: Any]
        XCTAssertEqual(written.removeValue(forKey: "history") as? Int, 2)
        let old = try JSONDecoder().decode(Recipe.self, from: JSONSerialization.data(withJSONObject: written))
        XCTAssertEqual(old.history, 0)
        XCTAssertEqual(old.seed, 4)
    }

    func testTerminationZeroesTheDiscount() throws {
        let env = try environment(Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "20")]),
                                         terminations: [ComponentSpec("max-length", [("length", "3")])]))
        var step = env.reset()
        while !step.isLast { step = try env.step(.candidate(0)) }
        XCTAssertTrue(step.terminated)
        XCTAssertEqual(step.discount, 0)
    }

    func testRepeatsBecomeTheNextBestUnusedCandidate() throws {
        let env = try environment(Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "10")]),
                                         terminations: [ComponentSpec("max-length", [("length", "10")])]))
        _ = env.reset()
        _ = try env.step(.candidate(3))
        var step = try env.step(.candidate(3))          // a repeat: lowest unused index
        XCTAssertEqual(step.observation.session.candidates, [3, 0])
        var scores = [Float](repeating: 0, count: 10)
        scores[3] = 9; scores[0] = 8; scores[7] = 5     // best two are used: next best unused is 7
        step = try env.step(.scores(scores))
        XCTAssertEqual(step.observation.session.candidates.last, 7)
        let target = Array(step.observation.features(ofCandidate: 5))
        step = try env.step(.point(target))
        XCTAssertEqual(step.observation.session.candidates.last, 5)
        XCTAssertEqual(step.observation.mask.filter { !$0 }.count, 4)
        XCTAssertThrowsError(try env.step(.candidate(10))) { XCTAssertTrue("\($0)".contains("pool has 10")) }
        XCTAssertThrowsError(try env.step(.scores([1, 2]))) { XCTAssertTrue("\($0)".contains("scores 2 candidates")) }
    }

    func testSameSeedSameEpisodesDifferentSeedDifferentEpisodes() throws {
        func trace(seed: UInt64) throws -> [Int] {
            let env = try environment(Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "50")]), seed: seed))
            let agent = RandomAgent()
            var out: [Int] = []
            for _ in 0..<5 {
                var step = env.reset()
                out.append(step.observation.episode.user)
                while !step.isLast {
                    step = try env.step(try agent.act(step))
                    out.append(step.observation.session.played.last! * 2 + Int(step.reward))
                }
            }
            return out
        }
        XCTAssertEqual(try trace(seed: 4), try trace(seed: 4))
        XCTAssertNotEqual(try trace(seed: 4), try trace(seed: 5))
    }

    func testSummaryFollowsTheSession() throws {
        let env = try environment(BenchWorkload.recipe(envSeed: 2))
        var step = env.reset(episode: 0)
        for action in [37, 56, 20, 170, 125] { step = try env.step(.candidate(action)) }
        let s = step.observation.session
        XCTAssertEqual(s.length, 5)
        XCTAssertEqual(s.listens, 4)
        XCTAssertEqual(s.summary[0], 5.0 / 20)
        XCTAssertEqual(s.summary[3], 1.0 / 3, "one skip in a row over K = 3")
        XCTAssertEqual(s.summary[4], 0, "the last track was skipped")
        XCTAssertEqual(step.observation.context[32..<40].map(Double.init), s.summary.map { Double(Float($0)) })
    }

    func testUnknownComponentsAndParametersAreClearErrors() {
        XCTAssertThrowsError(try environment(Recipe(episodeSampler: ComponentSpec("random-pol")))) {
            XCTAssertTrue("\($0)".contains("did you mean 'random-pool'"), "\($0)")
        }
        XCTAssertThrowsError(try environment(Recipe(episodeSampler: ComponentSpec("random-pool", [("size", "20000")])))) {
            XCTAssertTrue("\($0)".contains("size"), "\($0)")
        }
    }
}
