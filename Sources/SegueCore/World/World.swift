/// A catalog, a population and, where known, the behaviour that generated
/// its logs.
///
/// Worlds are built once and shared by the environments and models made from
/// them. The demo world carries its hidden ground truth (the "online" users);
/// a world read from real logs has none.
public final class World {
    /// A short name, shown by the shell.
    public let name: String
    public let catalog: Catalog
    public let population: Population
    /// The behaviour that generated this world's logs, when known.
    public let groundTruth: (() -> any UserModel)?
    /// Session logs (MSSD schema) and track features on disk, when written.
    public var logFiles: [String] = []
    public var trackFeatureFile: String?
    /// Who listened in each logged session (`session_id,user_index`), when
    /// the logs know their listeners; listener-aware user models need it.
    public var listenerFile: String?
    /// How `logFiles` must be read, so every reader after the world's own
    /// (training, reports, fitted rules) reads them as it did.
    public var logReading = LogReading()
    /// One-line notices from making the world (rows skipped, plays dropped,
    /// caps applied), with counts; the shell prints them once.
    public var notices: [String] = []
    /// Free-form facts for `show` (parameters, sizes).
    public var details: [(String, String)] = []

    public init(name: String, catalog: Catalog, population: Population,
                groundTruth: (() -> any UserModel)? = nil) {
        self.name = name
        self.catalog = catalog
        self.population = population
        self.groundTruth = groundTruth
    }
}
