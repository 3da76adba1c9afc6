/// One listening session from a log: its id, its context and its plays in order.
///
/// The context fields are those of the session's first play. MSSD sessions keep
/// `date` and `premium` throughout; `hourOfDay` and `contextType` may change
/// mid-session, and each play keeps its own.
public struct LoggedSession: Hashable, Sendable {
    /// `session_id`, shared by every play.
    public let id: String
    /// The plays, ordered by `sessionPosition` (ties keep file order); never empty.
    public let plays: [SessionLogRecord]

    /// A session of `plays`, sorted by position; nil if `plays` is empty or
    /// mixes session ids.
    public init?(plays: [SessionLogRecord]) {
        guard let first = plays.first, plays.allSatisfy({ $0.sessionID == first.sessionID }) else {
            return nil
        }
        id = first.sessionID
        if zip(plays, plays.dropFirst()).allSatisfy({ $0.sessionPosition <= $1.sessionPosition }) {
            self.plays = plays
        } else {
            self.plays = plays.enumerated()
                .sorted { ($0.element.sessionPosition, $0.offset) < ($1.element.sessionPosition, $1.offset) }
                .map(\.element)
        }
    }

    /// `session_length` as the first play declares it.
    public var declaredLength: Int { plays[0].sessionLength }
    /// The day of the session.
    public var date: LogDate { plays[0].date }
    /// The hour the session started, 0 to 23.
    public var hourOfDay: Int { plays[0].hourOfDay }
    /// Whether the listener has a premium subscription.
    public var premium: Bool { plays[0].premium }
    /// The context of the first play, e.g. editorial_playlist.
    public var contextType: String { plays[0].contextType }
    /// The tracks played, in order.
    public var trackIDs: [String] { plays.map(\.trackID) }

    /// Whether the log holds every play: positions 1 through `declaredLength`,
    /// each once (false when rows were skipped or the log was cut).
    public var isComplete: Bool {
        plays.count == declaredLength
            && plays.enumerated().allSatisfy { $0.element.sessionPosition == $0.offset + 1 }
    }
}
