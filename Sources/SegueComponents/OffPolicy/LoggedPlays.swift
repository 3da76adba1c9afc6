import Foundation
import SegueCore
import SegueData

/// Logged sessions with what off-policy estimators need: for each session the
/// environment episode it was played on, and per play the candidate, the
/// logging policy's propensity and the reward (listened: 1, skipped: 0).
///
/// Read from a folder `log-sessions` wrote: `propensities.csv` gives episodes,
/// candidates and propensities; `sessions.csv` the outcomes (`not_skipped`).
public struct LoggedPlays: Sendable {
    /// One logged session.
    public struct Session: Sendable {
        public var id: String
        public var episode: Int
        public var candidates: [Int]
        public var propensities: [Double]
        public var rewards: [Double]
    }

    public var sessions: [Session]

    public init(sessions: [Session]) { self.sessions = sessions }

    /// Reads `folder/propensities.csv` and `folder/sessions.csv`.
    /// - Throws: `SegueError` naming the file and line of a malformed row, a
    ///   session one file has and the other lacks, or a propensity outside (0, 1].
    public static func read(folder: String) throws -> LoggedPlays {
        let path = "\(folder)/propensities.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SegueError("cannot read '\(path)'", hint: "log sessions with `log-sessions ENV folder=\(folder)`; logs without propensities cannot be reweighted")
        }
        var sessions: [Session] = []
        var index: [String: Int] = [:]
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if n == 0 {
                guard line == "session_id,session_position,episode,candidate,pool_size,propensity" else {
                    throw SegueError("\(path):1: not a propensities file (header '\(line)')",
                                     hint: "expected session_id,session_position,episode,candidate,pool_size,propensity, as log-sessions writes")
                }
                continue
            }
            if line.isEmpty { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let position = Int(f[1]), let episode = Int(f[2]), let candidate = Int(f[3]),
                  let propensity = Double(f[5]), propensity > 0, propensity <= 1 else {
                throw SegueError("\(path):\(n + 1): malformed row '\(line)'",
                                 hint: "each row is session_id,session_position,episode,candidate,pool_size,propensity with a propensity in (0, 1]")
            }
            if index[f[0]] == nil {
                index[f[0]] = sessions.count
                sessions.append(Session(id: f[0], episode: episode, candidates: [], propensities: [], rewards: []))
            }
            let s = index[f[0]]!
            guard position == sessions[s].candidates.count + 1 else {
                throw SegueError("\(path):\(n + 1): session '\(f[0])' position \(position) out of order", hint: "rows of a session come in position order")
            }
            sessions[s].candidates.append(candidate)
            sessions[s].propensities.append(propensity)
        }
        do {
            let reader = try SessionLogReader(path: "\(folder)/sessions.csv")
            defer { reader.close() }
            while let session = try reader.nextSession() {
                guard let s = index[session.id] else {
                    throw SegueError("session '\(session.id)' of \(folder)/sessions.csv has no propensities in \(path)",
                                     hint: "use the propensities file log-sessions wrote with these logs")
                }
                guard session.plays.count == sessions[s].candidates.count else {
                    throw SegueError("session '\(session.id)' has \(session.plays.count) plays in sessions.csv and \(sessions[s].candidates.count) in \(path)",
                                     hint: "use the propensities file log-sessions wrote with these logs")
                }
                sessions[s].rewards = session.plays.map { $0.notSkipped ? 1 : 0 }
            }
        } catch let error as DataError {
            throw SegueError(error.message, hint: error.hint)
        }
        if let missing = sessions.first(where: { $0.rewards.isEmpty }) {
            throw SegueError("session '\(missing.id)' of \(path) is not in \(folder)/sessions.csv", hint: "use the logs log-sessions wrote with these propensities")
        }
        guard !sessions.isEmpty else { throw SegueError("'\(path)' holds no plays") }
        return LoggedPlays(sessions: sessions)
    }
}

/// A user model that replays logged outcomes: P(listen) is 1 for a play that
/// was listened to and 0 for one that was skipped, so an environment on it
/// walks through the logged session exactly (the draw is below 1, never below 0).
final class LoggedOutcomeModel: UserModel {
    var outcomes: [Double] = []

    func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        session.length < outcomes.count ? outcomes[session.length] : 0
    }
}
