/// Streaming readers and writers for listening-session logs and track features
/// in the schema of Spotify's Music Streaming Sessions Dataset (MSSD).
///
/// - Records: `SessionLogRecord` (21 columns), `TrackFeatureRecord` (30 columns),
///   `LoggedSession` (a session's plays, grouped), `LogDate`.
/// - Readers: `SessionLogReader`, `TrackFeatureReader`; they hold one chunk of
///   the file at a time and apply a `ReadPolicy`, reporting in a `ReadReport`.
/// - Writers: `SessionLogWriter`, `TrackFeatureWriter`; they stream rows into a
///   temporary file and rename it into place on `close()`.
/// - Errors: `DataError`, whose messages name the file, the line and the column.
public enum SegueDataModule {
    /// The version of the file schema these readers and writers follow; changes
    /// when the columns or their encoding change, so cached files can be checked.
    public static let schema = "mssd-v1"
}
