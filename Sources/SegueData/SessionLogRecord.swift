/// One play in a session log: a row of the Music Streaming Sessions Dataset
/// (MSSD) schema, with typed fields.
///
/// Known values of the free-text fields (others are kept as written):
/// - `contextType`: editorial_playlist, user_collection, catalog, radio, charts,
///   personalized_playlist (see `knownContextTypes`).
/// - `reasonStart` / `reasonEnd`: trackdone, fwdbtn, backbtn, clickrow, playbtn,
///   endplay, appload, remote, trackerror, clickside, uriopen, logout, popup
///   (see `knownReasons`).
public struct SessionLogRecord: Hashable, Sendable {
    /// `session_id`: the listening session; never empty.
    public var sessionID: String
    /// `session_position`: this play's place in the session, from 1 to `sessionLength`.
    public var sessionPosition: Int
    /// `session_length`: plays in the whole session, at least 1.
    public var sessionLength: Int
    /// `track_id_clean`: the track played; never empty.
    public var trackID: String
    /// `skip_1`: the track was played very briefly.
    public var skip1: Bool
    /// `skip_2`: the track was played briefly.
    public var skip2: Bool
    /// `skip_3`: most of the track was played.
    public var skip3: Bool
    /// `not_skipped`: the track was played in full.
    public var notSkipped: Bool
    /// `context_switch`: the user changed context (playlist, album, ...) before this play.
    public var contextSwitch: Bool
    /// `no_pause_before_play`: no pause between the previous play and this one.
    public var noPauseBeforePlay: Bool
    /// `short_pause_before_play`: a short pause before this play.
    public var shortPauseBeforePlay: Bool
    /// `long_pause_before_play`: a long pause before this play.
    public var longPauseBeforePlay: Bool
    /// `hist_user_behavior_n_seekfwd`: seeks forward within the track, at least 0.
    public var seekForwardCount: Int
    /// `hist_user_behavior_n_seekback`: seeks back within the track, at least 0.
    public var seekBackCount: Int
    /// `hist_user_behavior_is_shuffle`: the play came from shuffle mode.
    public var isShuffle: Bool
    /// `hour_of_day`: the hour the play started, 0 to 23.
    public var hourOfDay: Int
    /// `date`: the day of the play.
    public var date: LogDate
    /// `premium`: the listener has a premium subscription.
    public var premium: Bool
    /// `context_type`: where the play came from, e.g. editorial_playlist.
    public var contextType: String
    /// `hist_user_behavior_reason_start`: why the play started, e.g. trackdone.
    public var reasonStart: String
    /// `hist_user_behavior_reason_end`: why the play ended, e.g. fwdbtn.
    public var reasonEnd: String

    /// A record with every field given.
    public init(
        sessionID: String, sessionPosition: Int, sessionLength: Int, trackID: String,
        skip1: Bool, skip2: Bool, skip3: Bool, notSkipped: Bool,
        contextSwitch: Bool = false, noPauseBeforePlay: Bool = true,
        shortPauseBeforePlay: Bool = false, longPauseBeforePlay: Bool = false,
        seekForwardCount: Int = 0, seekBackCount: Int = 0, isShuffle: Bool = false,
        hourOfDay: Int, date: LogDate, premium: Bool,
        contextType: String, reasonStart: String, reasonEnd: String
    ) {
        self.sessionID = sessionID
        self.sessionPosition = sessionPosition
        self.sessionLength = sessionLength
        self.trackID = trackID
        self.skip1 = skip1
        self.skip2 = skip2
        self.skip3 = skip3
        self.notSkipped = notSkipped
        self.contextSwitch = contextSwitch
        self.noPauseBeforePlay = noPauseBeforePlay
        self.shortPauseBeforePlay = shortPauseBeforePlay
        self.longPauseBeforePlay = longPauseBeforePlay
        self.seekForwardCount = seekForwardCount
        self.seekBackCount = seekBackCount
        self.isShuffle = isShuffle
        self.hourOfDay = hourOfDay
        self.date = date
        self.premium = premium
        self.contextType = contextType
        self.reasonStart = reasonStart
        self.reasonEnd = reasonEnd
    }

    /// The context types that appear in the MSSD.
    public static let knownContextTypes = [
        "editorial_playlist", "user_collection", "catalog", "radio", "charts", "personalized_playlist",
    ]

    /// The start and end reasons that appear in the MSSD.
    public static let knownReasons = [
        "trackdone", "fwdbtn", "backbtn", "clickrow", "playbtn", "endplay", "appload",
        "remote", "trackerror", "clickside", "uriopen", "logout", "popup",
    ]
}

extension SessionLogRecord {
    /// The 21 columns of a session log, in the order writers emit them.
    public enum Column: Int, CaseIterable, Sendable, CSVColumn {
        case sessionID, sessionPosition, sessionLength, trackID
        case skip1, skip2, skip3, notSkipped
        case contextSwitch, noPauseBeforePlay, shortPauseBeforePlay, longPauseBeforePlay
        case seekForwardCount, seekBackCount, isShuffle
        case hourOfDay, date, premium, contextType, reasonStart, reasonEnd

        /// The column's header name, e.g. `hist_user_behavior_n_seekfwd`.
        public var name: String {
            switch self {
            case .sessionID: return "session_id"
            case .sessionPosition: return "session_position"
            case .sessionLength: return "session_length"
            case .trackID: return "track_id_clean"
            case .skip1: return "skip_1"
            case .skip2: return "skip_2"
            case .skip3: return "skip_3"
            case .notSkipped: return "not_skipped"
            case .contextSwitch: return "context_switch"
            case .noPauseBeforePlay: return "no_pause_before_play"
            case .shortPauseBeforePlay: return "short_pause_before_play"
            case .longPauseBeforePlay: return "long_pause_before_play"
            case .seekForwardCount: return "hist_user_behavior_n_seekfwd"
            case .seekBackCount: return "hist_user_behavior_n_seekback"
            case .isShuffle: return "hist_user_behavior_is_shuffle"
            case .hourOfDay: return "hour_of_day"
            case .date: return "date"
            case .premium: return "premium"
            case .contextType: return "context_type"
            case .reasonStart: return "hist_user_behavior_reason_start"
            case .reasonEnd: return "hist_user_behavior_reason_end"
            }
        }
    }

    /// The header names in written order.
    public static var columnNames: [String] { Column.allCases.map(\.name) }
}

extension SessionLogRecord: CSVRecord {
    init(decoding row: RowDecoder<Column>) throws {
        let length = try row.int(.sessionLength, in: 1...Int.max, expected: "a session length of at least 1")
        self.init(
            sessionID: try row.identifier(.sessionID),
            sessionPosition: try row.int(
                .sessionPosition, in: 1...length,
                expected: "a position from 1 to session_length (\(length))"),
            sessionLength: length,
            trackID: try row.identifier(.trackID),
            skip1: try row.bool(.skip1),
            skip2: try row.bool(.skip2),
            skip3: try row.bool(.skip3),
            notSkipped: try row.bool(.notSkipped),
            contextSwitch: try row.bool(.contextSwitch),
            noPauseBeforePlay: try row.bool(.noPauseBeforePlay),
            shortPauseBeforePlay: try row.bool(.shortPauseBeforePlay),
            longPauseBeforePlay: try row.bool(.longPauseBeforePlay),
            seekForwardCount: try row.int(.seekForwardCount, in: 0...Int.max, expected: "a count of at least 0"),
            seekBackCount: try row.int(.seekBackCount, in: 0...Int.max, expected: "a count of at least 0"),
            isShuffle: try row.bool(.isShuffle),
            hourOfDay: try row.int(.hourOfDay, in: 0...23, expected: "an hour from 0 to 23"),
            date: try row.date(.date),
            premium: try row.bool(.premium),
            contextType: row.text(.contextType),
            reasonStart: row.text(.reasonStart),
            reasonEnd: row.text(.reasonEnd)
        )
    }

    var csvProblem: String? {
        if sessionID.isEmpty { return "session_id is empty" }
        if trackID.isEmpty { return "track_id_clean is empty" }
        if sessionLength < 1 { return "session_length \(sessionLength) is less than 1" }
        if !(1...sessionLength).contains(sessionPosition) {
            return "session_position \(sessionPosition) is not from 1 to session_length (\(sessionLength))"
        }
        if !(0...23).contains(hourOfDay) { return "hour_of_day \(hourOfDay) is not from 0 to 23" }
        if seekForwardCount < 0 || seekBackCount < 0 { return "a seek count is negative" }
        return nil
    }

    var csvFields: [String] {
        func flag(_ value: Bool) -> String { value ? "true" : "false" }
        return [
            sessionID, String(sessionPosition), String(sessionLength), trackID,
            flag(skip1), flag(skip2), flag(skip3), flag(notSkipped),
            flag(contextSwitch), flag(noPauseBeforePlay), flag(shortPauseBeforePlay), flag(longPauseBeforePlay),
            String(seekForwardCount), String(seekBackCount), flag(isShuffle),
            String(hourOfDay), date.description, flag(premium), contextType, reasonStart, reasonEnd,
        ]
    }
}
