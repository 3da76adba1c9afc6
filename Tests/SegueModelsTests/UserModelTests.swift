import XCTest
import SegueCore
import SegueComponents
import SegueTensor
@testable import SegueModels

final class UserModelTests: XCTestCase {
    /// One tiny trained model of each kind, shared by the tests below.
    static let models: [any LearnedUserModel] = {
        let data = try! Fixture.data(300)
        return try! ModelKind.allCases.map {
            try ModelTraining.train($0, data: data, catalog: Fixture.world.catalog, config: Fixture.quick(epochs: 1))
        }
    }()

    func testSavedModelsLoadInAFreshInstanceWithBitIdenticalPredictions() throws {
        let folder = try makeTemporaryFolder(for: self)
        let data = try Fixture.data(40)
        let pool = Array(0..<60)
        for model in Self.models {
            let path = "\(folder)/\(model.kind.rawValue).safetensors"
            try ModelFile.save(model, to: path)
            let loaded = try ModelFile.load(path: path, catalog: Fixture.world.catalog)
            XCTAssertEqual(loaded.kind, model.kind)
            XCTAssertEqual(loaded.encoder, model.encoder)
            XCTAssertEqual(loaded.predict(data, sessions: Array(0..<40)), model.predict(data, sessions: Array(0..<40)))
            for s in [0, 7] {
                let (episode, states) = replay(data, session: s, catalog: Fixture.world.catalog)
                model.beginEpisode(episode)
                loaded.beginEpisode(episode)
                for state in states {
                    let a = model.listenProbabilities(of: pool, episode: episode, session: state)
                    let b = loaded.listenProbabilities(of: pool, episode: episode, session: state)
                    XCTAssertEqual(a, b, "\(model.kind) session \(s) step \(state.length)")
                }
            }
        }
    }

    func testPoolScoresMatchSingleScoresWhateverTheCallOrder() throws {
        let data = try Fixture.data(20)
        let (episode, states) = replay(data, session: 3, catalog: Fixture.world.catalog)
        let pool = [5, 17, 400, 999, 42]
        for model in Self.models {
            model.beginEpisode(episode)
            let forward = states.map { model.listenProbabilities(of: pool, episode: episode, session: $0) }
            // Asked again out of order, one candidate at a time, with no episode hooks.
            for (t, state) in states.enumerated().reversed() {
                for (c, track) in pool.enumerated() {
                    let p = model.listenProbability(of: track, episode: episode, session: state)
                    XCTAssertEqual(p, forward[t][c], accuracy: 1e-6, "\(model.kind) step \(t) candidate \(c)")
                }
            }
            XCTAssertTrue(forward.joined().allSatisfy { $0 > 0 && $0 < 1 })
        }
        // The sequential model's answer depends on the session so far.
        let swm = Self.models.first { $0.kind == .swm }!
        XCTAssertNotEqual(swm.listenProbabilities(of: pool, episode: episode, session: states[0]),
                          swm.listenProbabilities(of: pool, episode: episode, session: states[5]))
    }

    func testHeldModelDrivesAnEnvironmentAndRegisteredComponentsLoadByPath() throws {
        let registry = Registry.builtins()
        registry.registerModels()
        let names = registry.components(.userModel).map(\.name)
        XCTAssertTrue(["cwm", "swm", "popularity-model"].allSatisfy(names.contains), "\(names)")
        for name in ["cwm", "swm", "popularity-model"] {
            let descriptor = try registry.descriptor(.userModel, name)
            XCTAssertTrue(descriptor.parameters.contains { $0.name == "path" })
            XCTAssertTrue(descriptor.parameters.allSatisfy { !$0.help.isEmpty })
        }
        let folder = try makeTemporaryFolder(for: self)
        let swm = Self.models.first { $0.kind == .swm }!
        try ModelFile.save(swm, to: folder + "/swm.safetensors")
        var recipe = Recipe()
        recipe.userModel = ComponentSpec("swm", [("path", folder + "/swm.safetensors")])
        let built = try EnvironmentBuilder(registry: registry).build(recipe, world: Fixture.world)
        XCTAssertTrue(built.userModel is SequentialWorldModel)
        recipe.userModel = ComponentSpec("mine")
        let env = try EnvironmentBuilder(registry: registry, values: ["mine": swm]).build(recipe, world: Fixture.world)
        XCTAssertTrue(env.userModel === swm)
        var step = env.reset()
        var plays = 0
        while !step.isLast && plays < 50 {
            step = try env.step(.candidate(plays % step.observation.candidateCount))
            plays += 1
        }
        XCTAssertGreaterThan(plays, 0)
    }

    func testLoadingAWrongFileIsAClearError() throws {
        let folder = try makeTemporaryFolder(for: self)
        let path = folder + "/other.safetensors"
        try SafeTensors(tensors: [(name: "w", matrix: Matrix(rowVector: [1, 2]))], metadata: ["format": "x"])
            .write(to: URL(fileURLWithPath: path))
        let error = assertSegueError(try ModelFile.load(path: path, catalog: Fixture.world.catalog))
        XCTAssertTrue(error?.message.contains("not a Segue user model") == true, "\(String(describing: error))")
        XCTAssertNotNil(assertSegueError(try ModelFile.load(path: folder + "/missing.safetensors", catalog: Fixture.world.catalog)))
    }
}
