import SegueCore
import SegueModels

/// What the shell says about logged data it was handed: notices with counts
/// (rows skipped, plays dropped, caps applied) and held-out parts too small
/// to score, shared by `world`, `train-model`, `model-report` and `sim-report`.
enum LogDataChecks {
    /// Prints each notice on its own line, as `note: ...`.
    static func printNotices(_ notices: [String], session: ShellSession) {
        for notice in notices { session.print("note: \(notice)") }
    }

    /// Why the `part` of a split over `count` sessions is empty, or nil when it holds some.
    static func emptyPartReason(_ sessions: [Int], part: String, count: Int, seed: UInt64) -> String? {
        guard sessions.isEmpty else { return nil }
        let share = part == "train" ? "about 80%" : "about 10%"
        return "the \(part) split (seed \(seed)) holds none of the \(count) logged sessions (\(share) go to it by a draw per session)"
    }

    /// Throws when the `part` of a split over `count` sessions is empty, naming why and what to do.
    /// - Throws: `SegueError` naming the command, the part, the seed and the count.
    static func requireSessions(_ sessions: [Int], part: String, count: Int, seed: UInt64, command: String) throws {
        guard let reason = emptyPartReason(sessions, part: part, count: count, seed: seed) else { return }
        throw SegueError("\(command): \(reason), so there is nothing to score",
                         hint: "score part=all, or read more sessions (sessions=, or a world with more logs)")
    }
}
