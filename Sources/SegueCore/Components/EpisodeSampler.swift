/// Draws the episodes an environment plays: who listens, in what context,
/// and from which candidate pool.
///
/// Episodes are random-access: episode `number` depends only on its key, so
/// evaluation can replay exactly the same episodes for every policy.
public protocol EpisodeSampler: AnyObject {
    /// Candidates per pool (C); every episode's pool has exactly this many.
    var poolSize: Int { get }

    /// Episode `number`, drawn from `key` (the environment derives one key per episode).
    func episode(number: Int, key: SeedKey) -> Episode
}
