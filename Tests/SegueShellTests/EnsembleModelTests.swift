import Foundation
import XCTest
import SegueCore
import SegueModels
@testable import SegueShell

/// `train-model ... ensemble=K`, the ensemble's three modes, and the
/// disagreement `validate` reports.
final class EnsembleModelTests: XCTestCase {
    func testEnsembleMembersModesAndDisagreement() throws {
        let folder = NSTemporaryDirectory() + "segue-ensemble-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        let s = ShellSession()
        s.sink = { _ in }
        try s.execute("world demo tracks=300 users=40 sessions=300 folder=\(folder)")
        try s.execute("e = train-model cwm epochs=1 ensemble=3 seed=4")
        let lines = s.cells.last!.output
        XCTAssertTrue(lines[0].hasPrefix("cwm member 0 (seed 4): trained on"), lines[0])
        XCTAssertTrue(lines.contains { $0.hasPrefix("cwm member 2 (seed 6): ") })
        guard case .userModel(let model, _)? = s.values["e"], let ensemble = model as? EnsembleUserModel else {
            return XCTFail("no ensemble")
        }
        XCTAssertEqual(ensemble.members.count, 3)
        try s.execute("env episodes=random-pool(size=20) seed=2")
        guard case .environment(let env)? = s.values["env"] else { return XCTFail("no env") }
        let episode = env.reset(episode: 0).observation.episode
        let session = env.session
        let each = ensemble.members.map { $0.listenProbabilities(of: episode.pool, episode: episode, session: session) }
        XCTAssertNotEqual(each[0], each[1], "members differ by seed")
        let pessimistic = ensemble.view(mode: .pessimistic, lambda: 2)
        let sample = ensemble.view(mode: .sample, lambda: 0)
        sample.beginEpisode(episode)
        let p = pessimistic.listenProbabilities(of: episode.pool, episode: episode, session: session)
        let drawn = sample.listenProbabilities(of: episode.pool, episode: episode, session: session)
        XCTAssertTrue(each.contains(drawn), "sample mode plays one member's probabilities")
        for i in episode.pool.indices {
            let values = each.map { $0[i] }
            let mean = values.reduce(0, +) / 3
            let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3).squareRoot()
            XCTAssertEqual(p[i], min(max(mean - 2 * spread, 0), 1), accuracy: 1e-12)
            XCTAssertEqual(ensemble.listenProbabilities(of: [episode.pool[i]], episode: episode, session: session)[0], mean, accuracy: 1e-6,
                           "one track at a time, as batched up to float rounding")
        }
        // Environments on views, and validate reporting how much the members disagreed.
        try s.execute("pess = env user=ensemble(of=e, mode=pessimistic, lambda=1) episodes=random-pool(size=20) seed=2")
        try s.execute("validate random popularity greedy offline=pess online=env episodes=20 resamples=20")
        let text = s.cells.last!.output.joined(separator: "\n")
        XCTAssertTrue(text.contains("pess (ensemble of 3 × cwm"), text)
        XCTAssertTrue(text.contains("members' P(listen) spread over played tracks, per episode: mean 0."), text)
        XCTAssertThrowsError(try s.execute("env user=ensemble(of=env)")) { error in
            XCTAssertTrue("\(error)".contains("of=env is not an ensemble this session holds"), "\(error)")
        }
    }
}
