import Foundation
import SegueCore

/// Keeps every play it sees, and writes them as JSON Lines or CSV.
///
/// Unlike a replay buffer it keeps what learning discards: the user model's
/// prediction, the draw that decided the outcome, and the user/track pair,
/// so a simulated session can be audited after the fact.
public final class StepLog: EpisodeTracker {
    /// Plays recorded so far, oldest first.
    public private(set) var steps: [StepRecord] = []
    /// The most plays kept; older ones are dropped first (0: keep all).
    public let capacity: Int
    /// Where to write on `flush()`, if anywhere.
    public let path: String?

    public init(capacity: Int = 0, path: String? = nil) {
        self.capacity = capacity
        self.path = path
    }

    public func record(_ step: StepRecord) {
        steps.append(step)
        if capacity > 0 && steps.count > capacity { steps.removeFirst(steps.count - capacity) }
    }

    public func episodeEnded(_ episode: Episode, session: SessionState) {
        if path != nil { try? flush() }
    }

    public func runEnded() {
        if path != nil { try? flush() }
    }

    /// The records as JSON Lines, one object a play.
    public func jsonLines() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return steps.map { String(decoding: try! encoder.encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
    }

    /// The records as CSV with a header row.
    public func csv() -> String {
        var lines = ["episode,user,position,candidate,track,probability,draw,listened,reward,end"]
        for s in steps {
            lines.append("\(s.episode),\(s.user),\(s.position),\(s.candidate),\(s.track),\(s.probability),\(s.draw),\(s.listened),\(s.reward),\(s.end ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the records to `path` (CSV when it ends in .csv, else JSON Lines), atomically.
    public func flush() throws {
        guard let path else { return }
        try write(to: path)
    }

    /// Writes the records to `path` atomically (CSV for .csv, else JSON Lines).
    public func write(to path: String) throws {
        let text = path.hasSuffix(".csv") ? csv() : jsonLines()
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw SegueError("cannot write '\(path)': \(error.localizedDescription)", hint: "check the folder exists and is writable")
        }
    }

    static let descriptor = ComponentDescriptor(
        kind: .tracker, name: "step-log",
        summary: "keeps every play with its prediction and draw; exports JSON Lines or CSV",
        parameters: [
            .int("capacity", 0, range: 0...100_000_000, "most plays kept (0: all)"),
            .path("path", "file written after each episode (.csv or .jsonl); empty: keep in memory"),
        ],
        make: { p, _ in
            StepLog(capacity: p.int("capacity"), path: p.string("path").isEmpty ? nil : p.string("path"))
        })
}
