import XCTest
import SegueCore
@testable import SegueComponents

/// The environment checker over every registered combination of components,
/// and proof that it catches broken ones.
final class EnvironmentCheckerTests: XCTestCase {
    static let demo = try! Registry.builtins().make(.world, ComponentSpec("demo", [("tracks", "400"), ("users", "50"), ("sessions", "300"),
                                                                                   ("folder", NSTemporaryDirectory() + "segue-checker-demo")]),
                                                   context: ComponentContext(registry: Registry.builtins())) as World
    static let bench = BenchWorkload().makeWorld()

    /// Parameters that keep every component quick on small worlds.
    func spec(_ descriptor: ComponentDescriptor, world: World? = nil) -> ComponentSpec {
        switch descriptor.name {
        case "abandonment" where world?.logFiles.isEmpty ?? false:
            return ComponentSpec(descriptor.versionedName, [("hazard", "0.1,0.4,0.9")])
        case "random-pool": return ComponentSpec(descriptor.versionedName, [("size", "30")])
        case "max-length": return ComponentSpec(descriptor.versionedName, [("length", "12")])
        case "step-log": return ComponentSpec(descriptor.versionedName, [("capacity", "500")])
        default: return ComponentSpec(descriptor.versionedName)
        }
    }

    func testEveryRegisteredCombinationPassesTheChecker() throws {
        let registry = Registry.builtins()
        var checked = 0
        for world in [Self.demo, Self.bench] {
            let rules = registry.components(.terminationRule).map { spec($0, world: world) }
            // Each rule alone (with a length cap so episodes end), then all together.
            let ruleSets = rules.map { [$0, ComponentSpec("max-length", [("length", "15")])] } + [rules]
            for user in registry.components(.userModel) {
                for sampler in registry.components(.trackSampler) {
                    for episodes in registry.components(.episodeSampler) {
                        for rules in ruleSets {
                            let trackers = [[]] + registry.components(.tracker).map { [spec($0)] }
                            for trackers in trackers {
                                let recipe = Recipe(userModel: spec(user), trackSampler: spec(sampler), episodeSampler: spec(episodes),
                                                    terminations: rules, trackers: trackers, seed: 3)
                                let findings = try EnvironmentChecker(episodes: 6).check {
                                    try EnvironmentBuilder(registry: registry).build(recipe, world: world)
                                }
                                for finding in findings {
                                    XCTAssertTrue(finding.passed, "\(world.name) \(recipe): \(finding)")
                                }
                                checked += 1
                            }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 2 * 4 * 2)
    }

    /// An episode sampler that draws from a hidden global counter instead of its key.
    final class LeakySampler: EpisodeSampler {
        nonisolated(unsafe) static var calls = 0
        let poolSize = 10
        func episode(number: Int, key: SeedKey) -> Episode {
            LeakySampler.calls += 1
            return Episode(number: number, key: SeedKey(UInt64(LeakySampler.calls)), user: LeakySampler.calls % 5,
                           pool: Array((LeakySampler.calls % 7) ..< (LeakySampler.calls % 7 + 10)))
        }
    }

    /// A termination rule that ends sessions only on a listen, ignoring the skip limit it claims.
    final class LyingRule: TerminationRule {
        var skipLimit: Int? { 1 }
        func end(after session: SessionState, uniform: Double) -> EpisodeEnd? { session.length >= 8 ? .terminated : nil }
    }

    func testTheCheckerCatchesNondeterminismAndIgnoredTermination() throws {
        let world = Self.bench
        let make = {
            Environment(world: world, userModel: world.groundTruth!(), trackSampler: NoRepeatSampler(),
                        episodeSampler: LeakySampler(), terminations: [LyingRule()], seed: 1)
        }
        let findings = try EnvironmentChecker(episodes: 5).check(make)
        XCTAssertFalse(findings.first { $0.check == "deterministic" }!.passed)
        XCTAssertFalse(findings.first { $0.check == "termination" }!.passed)
        XCTAssertThrowsError(try EnvironmentChecker(episodes: 5).validate(make))
    }
}
