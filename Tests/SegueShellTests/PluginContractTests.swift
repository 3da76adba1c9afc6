import Foundation
import XCTest
import SegueCore
import SegueComponents

/// `ComponentContract`, the checks behind `plugin check`: every built-in
/// passes, and a component that breaks its protocol fails the right check.
final class PluginContractTests: XCTestCase {
    func failed(_ findings: [ComponentContract.Finding]) -> [String] {
        findings.filter { !$0.passed }.map(\.check)
    }

    func testEveryBuiltInComponentKeepsItsContract() {
        let registry = Registry.builtins()
        let contract = ComponentContract(registry: registry, episodes: 5)
        for kind in ComponentKind.allCases where kind != .world {
            for descriptor in registry.components(kind) {
                // abandonment fits its curve from logs unless given one; this world has none.
                let spec = descriptor.name == "abandonment"
                    ? ComponentSpec(descriptor.versionedName, [("hazard", "0.05,0.2,0.5")]) : ComponentSpec(descriptor.versionedName)
                let findings = contract.check(kind, spec: spec)
                XCTAssertEqual(failed(findings), [], "\(descriptor.versionedName): \(findings)")
                XCTAssertGreaterThan(findings.count, 6, descriptor.versionedName)
            }
        }
    }

    func testBrokenComponentsFailTheirChecks() {
        let registry = Registry.builtins()
        for descriptor in Broken.descriptors { try! registry.register(descriptor) }
        let contract = ComponentContract(registry: registry, episodes: 5)
        XCTAssertEqual(failed(contract.check(.userModel, "overconfident")), ["probabilities"])
        XCTAssertTrue(failed(contract.check(.userModel, "moody")).contains("deterministic outputs"))
        XCTAssertTrue(failed(contract.check(.trackSampler, "repeater")).contains("no repeats, every action kind"))
        XCTAssertEqual(failed(contract.check(.trackSampler, "lenient")), ["unreadable actions refused"])
        XCTAssertEqual(failed(contract.check(.episodeSampler, "short-pools")), ["pools"])
        XCTAssertEqual(failed(contract.check(.agent, "restless")), ["deterministic actions"])
        XCTAssertEqual(failed(contract.check(.agent, "out-of-range")), ["actions accepted"])
        XCTAssertEqual(failed(contract.check(.userModel, "needs-a-file")), ["builds"])
        XCTAssertTrue(contract.check(.userModel, "overconfident").first { !$0.passed }!.detail.contains("1.5 is not a probability"))
    }
}

/// Components that break their protocols, one way each.
private enum Broken {
    final class Overconfident: UserModel {
        func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double { 1.5 }
    }
    final class Moody: UserModel {
        var calls = 0
        func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
            calls += 1
            return calls % 7 == 0 ? 0.9 : 0.4
        }
    }
    final class Repeater: TrackSampler {
        func candidate(for action: Action, observation: Observation) throws -> Int { observation.session.candidates.last ?? 0 }
    }
    final class Lenient: TrackSampler {
        func candidate(for action: Action, observation: Observation) throws -> Int { observation.unusedCandidates[0] }
    }
    final class ShortPools: EpisodeSampler {
        var poolSize: Int { 10 }
        func episode(number: Int, key: SeedKey) -> Episode { Episode(number: number, key: key, user: 0, pool: Array(0..<9)) }
    }
    final class Restless: Agent {
        var count = 0
        func act(_ timeStep: TimeStep) throws -> Action {
            count += 1
            return .candidate(timeStep.observation.unusedCandidates[count % timeStep.observation.unusedCandidates.count])
        }
    }
    final class OutOfRange: Agent {
        func act(_ timeStep: TimeStep) throws -> Action { .candidate(timeStep.observation.candidateCount + 3) }
    }
    static let descriptors: [ComponentDescriptor] = [
        ComponentDescriptor(kind: .userModel, name: "overconfident", summary: "P = 1.5", make: { _, _ in Overconfident() }),
        ComponentDescriptor(kind: .userModel, name: "moody", summary: "changes its mind", make: { _, _ in Moody() }),
        ComponentDescriptor(kind: .userModel, name: "needs-a-file", summary: "throws", make: { _, _ in
            throw SegueError("needs-a-file: no file given") }),
        ComponentDescriptor(kind: .trackSampler, name: "repeater", summary: "repeats", make: { _, _ in Repeater() }),
        ComponentDescriptor(kind: .trackSampler, name: "lenient", summary: "reads anything", make: { _, _ in Lenient() }),
        ComponentDescriptor(kind: .episodeSampler, name: "short-pools", summary: "declares 10, gives 9", make: { _, _ in ShortPools() }),
        ComponentDescriptor(kind: .agent, name: "restless", summary: "a counter", make: { _, _ in Restless() }),
        ComponentDescriptor(kind: .agent, name: "out-of-range", summary: "past the pool", make: { _, _ in OutOfRange() }),
    ]
}
