/// The options a world's session logs were read with (`world mssd`'s
/// `skip_malformed`, `missing_tracks`, `date_format`, `fraction`), kept on
/// the world so that training and reports read the same logs the same way.
public struct LogReading: Equatable, Sendable {
    /// Skip (and count) malformed rows instead of stopping at the first.
    public var skipMalformed = false
    /// Drop (and count) plays of tracks the catalog lacks instead of failing.
    public var dropMissingTracks = false
    /// How the logs write dates (`YYYY-MM-DD`, `DD/MM/YYYY`, ...).
    public var dateFormat = "YYYY-MM-DD"
    /// The share of sessions kept, by a hash of the session id.
    public var fraction = 1.0
    /// The ingest caches the logs were folded into (`SessionCache` files, one
    /// per log file, in order), which readers map instead of parsing the logs
    /// again; empty: none.
    public var caches: [String] = []

    public init() {}
}
