/// Who listened in one logged session: a row of a listeners file.
///
/// MSSD logs carry no listener id. Logs that do know their listeners (the demo
/// world's, or a platform's own) name them in a file beside the session log,
/// `session_id,user_index`, so that user models can read the listener's
/// features; `user_index` is the listener's row in the world's population.
public struct SessionListenerRecord: Hashable, Sendable {
    /// `session_id`, as in the session log.
    public var sessionID: String
    /// `user_index`: the listener's 0-based row in the world's population.
    public var userIndex: Int

    public init(sessionID: String, userIndex: Int) {
        self.sessionID = sessionID
        self.userIndex = userIndex
    }

    /// The two columns of a listeners file, in written order.
    public enum Column: Int, CaseIterable, Sendable, CSVColumn {
        case sessionID, userIndex

        public var name: String {
            switch self {
            case .sessionID: return "session_id"
            case .userIndex: return "user_index"
            }
        }
    }
}

extension SessionListenerRecord: CSVRecord {
    init(decoding row: RowDecoder<Column>) throws {
        self.init(sessionID: try row.identifier(.sessionID),
                  userIndex: try row.int(.userIndex, in: 0...Int(Int32.max), expected: "a user index from 0 to \(Int32.max)"))
    }

    var csvProblem: String? {
        if sessionID.isEmpty { return "session_id is empty" }
        if !(0...Int(Int32.max)).contains(userIndex) { return "user_index \(userIndex) is not from 0 to \(Int32.max)" }
        return nil
    }

    var csvFields: [String] { [sessionID, String(userIndex)] }
}
