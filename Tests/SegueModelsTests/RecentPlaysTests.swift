import XCTest
import SegueCore
import SegueTensor
@testable import SegueModels

/// SWM's candidate-against-recent-plays features (`recent=K`).
final class RecentPlaysTests: XCTestCase {
    func testFeaturesAreCosinesToEachRecentPlayAndZerosBeforeTheSessionStarts() {
        let recent = RecentPlays(depth: 3, trackWidth: 2)
        XCTAssertEqual(recent.width, 3 * 2 + 2)
        XCTAssertEqual(RecentPlays(depth: 0, trackWidth: 2).width, 0)
        let candidate: [Float] = [1, 0]
        let plays: [[Float]] = [[0, 2], [3, 3]]     // one back: [3, 3] (a skip); two back: [0, 2] (a listen)
        var out = [Float](repeating: .nan, count: recent.width)
        candidate.withUnsafeBufferPointer { c in
            plays[0].withUnsafeBufferPointer { p2 in
                plays[1].withUnsafeBufferPointer { p1 in
                    let back = [nil, p1.baseAddress!, p2.baseAddress!]
                    recent.write(candidate: (c.baseAddress!, RecentPlays.norm(c.baseAddress!, 2)),
                                 recent: { k in back[safe: k].flatMap { $0.map { ($0, RecentPlays.norm($0, 2)) } } },
                                 listened: { $0 == 2 }, into: &out)
                }
            }
        }
        let c45 = Float(0.5).squareRoot()
        XCTAssertEqual(out[0], c45, accuracy: 1e-6)     // cos to one back
        XCTAssertEqual(out[1], 0, accuracy: 1e-6)       // cos to two back (orthogonal)
        XCTAssertEqual(out[2], 0)                       // three back: before the start
        XCTAssertEqual(out[3], 0)                       // one back was skipped
        XCTAssertEqual(out[4], 0, accuracy: 1e-6)
        XCTAssertEqual(out[5], 0)
        XCTAssertEqual(Array(out[6...]), [3, 0])        // candidate ⊙ one back
    }

    /// Training reads the features from padded, time-major batches, the
    /// simulator from the session state: the same model must give the same
    /// P(listen) both ways at every step, and again after a save and load.
    func testTrainingAndSimulatorPathsAgreeAndTheDepthIsSaved() throws {
        let data = try Fixture.data(120)
        var config = Fixture.quick(epochs: 1)
        config.recent = 4
        let model = try ModelTraining.train(.swm, data: data, catalog: Fixture.world.catalog, config: config)
        XCTAssertTrue(model.description.contains("recent=4"), model.description)
        let path = try makeTemporaryFolder(for: self) + "/swm.safetensors"
        try ModelFile.save(model, to: path)
        let loaded = try ModelFile.load(path: path, catalog: Fixture.world.catalog)
        XCTAssertEqual((loaded as? SequentialWorldModel)?.recent.depth, 4)
        let sessions = [0, 5, 9]
        let batched = model.predict(data, sessions: sessions)
        var index = 0
        for s in sessions {
            let (episode, states) = replay(data, session: s, catalog: Fixture.world.catalog)
            for (t, play) in data.plays(of: s).enumerated() {
                let track = Int(data.tracks[play])
                for m in [model, loaded] {
                    let p = m.listenProbabilities(of: [track], episode: episode, session: states[t])[0]
                    XCTAssertEqual(p, Double(batched[index]), accuracy: 1e-5, "session \(s) play \(t)")
                }
                index += 1
            }
        }
        XCTAssertEqual(index, batched.count)
    }
}

private extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
