import SegueCore

/// Ends the session once `length` tracks have been played (the playlist is
/// full): a true termination unless `truncate` is set.
public final class MaxLengthRule: TerminationRule {
    public let length: Int
    public let truncates: Bool

    public init(length: Int, truncates: Bool = false) {
        self.length = length
        self.truncates = truncates
    }

    public var lengthLimit: Int? { length }

    public func end(after session: SessionState, uniform: Double) -> EpisodeEnd? {
        session.length >= length ? (truncates ? .truncated : .terminated) : nil
    }

    static let descriptor = ComponentDescriptor(
        kind: .terminationRule, name: "max-length",
        summary: "ends the session after a fixed number of tracks (L)",
        parameters: [
            .int("length", 20, range: 1...10_000, "tracks per session (L)"),
            .bool("truncate", false, "report the cut-off as truncation (bootstrap past it) instead of termination"),
        ],
        make: { p, _ in MaxLengthRule(length: p.int("length"), truncates: p.bool("truncate")) })
}

/// Ends the session when the listener skips `limit` tracks in a row.
public final class ConsecutiveSkipsRule: TerminationRule {
    public let limit: Int

    public init(limit: Int) { self.limit = limit }

    public var skipLimit: Int? { limit }

    public func end(after session: SessionState, uniform: Double) -> EpisodeEnd? {
        session.consecutiveSkips >= limit ? .terminated : nil
    }

    static let descriptor = ComponentDescriptor(
        kind: .terminationRule, name: "consecutive-skips",
        summary: "ends the session after N skips in a row (K)",
        parameters: [.int("limit", 3, range: 1...1_000, "skips in a row that end the session (K)")],
        make: { p, _ in ConsecutiveSkipsRule(limit: p.int("limit")) })
}
