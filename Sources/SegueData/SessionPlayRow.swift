/// What an ingest keeps of one session-log row, read from the row's bytes
/// with no `String` made: the ids as byte views, the numbers and flags parsed.
///
/// Every field is checked exactly as `SessionLogRecord(decoding:)` checks it,
/// in the same order, so the same rows are malformed and name the same
/// column (the malformed-row policy and its first error are unchanged). The
/// byte views point into the tokenizer's row: valid until the next row is read.
struct SessionPlayRow {
    /// `session_id`, `track_id_clean`, `context_type`, as written.
    let sessionID: UnsafeBufferPointer<UInt8>
    let trackID: UnsafeBufferPointer<UInt8>
    let contextType: UnsafeBufferPointer<UInt8>
    let position: Int
    let length: Int
    let hourOfDay: Int
    let premium: Bool
    /// As the cache stores them: bit 0 not_skipped, 1 skip_1, 2 skip_2, 3 skip_3.
    let outcome: UInt8

    /// Parses and checks one row.
    /// - Throws: `DataError.invalidValue` naming the first bad field, as `SessionLogRecord` would.
    init(decoding row: RowDecoder<SessionLogRecord.Column>) throws {
        let length = try row.int(.sessionLength, in: 1...Int.max, expected: "a session length of at least 1")
        self.length = length
        sessionID = try row.identifierBytes(.sessionID)
        position = try row.int(.sessionPosition, in: 1...length,
                               describedBy: { "a position from 1 to session_length (\(length))" })
        trackID = try row.identifierBytes(.trackID)
        let skip1 = try row.bool(.skip1), skip2 = try row.bool(.skip2), skip3 = try row.bool(.skip3)
        let notSkipped = try row.bool(.notSkipped)
        outcome = (notSkipped ? 1 : 0) | (skip1 ? 2 : 0) | (skip2 ? 4 : 0) | (skip3 ? 8 : 0)
        _ = try row.bool(.contextSwitch)
        _ = try row.bool(.noPauseBeforePlay)
        _ = try row.bool(.shortPauseBeforePlay)
        _ = try row.bool(.longPauseBeforePlay)
        _ = try row.int(.seekForwardCount, in: 0...Int.max, describedBy: { "a count of at least 0" })
        _ = try row.int(.seekBackCount, in: 0...Int.max, describedBy: { "a count of at least 0" })
        _ = try row.bool(.isShuffle)
        hourOfDay = try row.int(.hourOfDay, in: 0...23, describedBy: { "an hour from 0 to 23" })
        _ = try row.date(.date)
        premium = try row.bool(.premium)
        contextType = row.bytes(.contextType)
    }
}
