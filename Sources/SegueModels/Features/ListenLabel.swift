import SegueCore
import SegueData

/// Which logged outcome counts as a listen, the positive label of every model.
///
/// MSSD records skips at three thresholds; `not_skipped` (the default) is a
/// play to the end, `skip_2` the challenge's label (a skip within the first
/// part of the track), so `not skip_2` counts late skips as listens.
public enum ListenLabel: String, CaseIterable, Sendable {
    /// `not_skipped = true`: the track played to completion.
    case notSkipped = "not_skipped"
    /// `skip_2 = false`: not skipped early (the MSSD challenge's target, negated).
    case notSkip2 = "skip_2"

    /// Whether `record` is a listen under this label.
    public func isListen(_ record: SessionLogRecord) -> Bool {
        switch self {
        case .notSkipped: return record.notSkipped
        case .notSkip2: return !record.skip2
        }
    }

    /// Reads a label from its name (`not_skipped` or `skip_2`).
    /// - Throws: `SegueError` naming the accepted words.
    public static func parse(_ text: String) throws -> ListenLabel {
        if let label = ListenLabel(rawValue: text) { return label }
        if text == "not_skip_2" || text == "not-skip-2" { return .notSkip2 }
        throw SegueError("unknown label '\(text)'", hint: "label is not_skipped or skip_2 (listen = not skip_2)")
    }
}
