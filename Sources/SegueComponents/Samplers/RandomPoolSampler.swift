import SegueCore

/// Draws episodes with a uniformly random user and a pool of distinct
/// uniformly random tracks (`bench-workload-v1`, section 3):
/// `user = floor(uniform(derive(k,0), 0) · U)`; pool ids
/// `floor(uniform(derive(k,1), i) · T)` for i = 0, 1, ..., keeping the first
/// `size` distinct ones in draw order. Context is drawn from `derive(k,5)`.
///
/// - Complexity: O(size) expected draws while `size` is well below the catalog;
///   `trackCount / 8` bytes of marks.
public final class RandomPoolSampler: EpisodeSampler {
    public let poolSize: Int
    let trackCount: Int
    let population: Population
    /// One bit a track, set while it is in the pool being drawn; all clear between
    /// episodes (a set of `Int` costs more in hashing than the rest of a reset).
    private var drawn: [UInt64]

    public init(poolSize: Int, trackCount: Int, population: Population) {
        self.poolSize = poolSize
        self.trackCount = trackCount
        self.population = population
        drawn = Array(repeating: 0, count: (trackCount + 63) / 64)
    }

    public func episode(number: Int, key: SeedKey) -> Episode {
        let user = key.derive(EpisodeStream.user).index(0, below: population.count)
        let poolKey = key.derive(EpisodeStream.pool)
        var pool: [Int] = []
        pool.reserveCapacity(poolSize)
        drawn.withUnsafeMutableBufferPointer { drawn in
            var i: UInt64 = 0
            while pool.count < poolSize {
                let id = poolKey.index(i, below: trackCount)
                let (word, bit) = (id >> 6, UInt64(1) << UInt64(id & 63))
                if drawn[word] & bit == 0 {
                    drawn[word] |= bit
                    pool.append(id)
                }
                i += 1
            }
            for id in pool { drawn[id >> 6] = 0 }
        }
        return Episode(number: number, key: key, user: user, pool: pool,
                       context: RandomPoolSampler.context(key.derive(EpisodeStream.context),
                                                          premium: population.premium[user]))
    }

    /// A session context: the hour and where the session started, uniformly.
    static func context(_ key: SeedKey, premium: Bool) -> SessionContext {
        SessionContext(premium: premium, hourOfDay: key.index(0, below: 24),
                       contextType: SessionContext.contextTypes[key.index(1, below: SessionContext.contextTypes.count)])
    }

    static let descriptor = ComponentDescriptor(
        kind: .episodeSampler, name: "random-pool",
        summary: "a uniformly random user and a pool of distinct uniformly random tracks",
        parameters: [.int("size", 50, range: 1...1_000_000, "candidates per pool (C)")],
        make: { p, context in
            let world = try context.requireWorld(for: "random-pool")
            let size = p.int("size")
            guard size <= world.catalog.count else {
                throw SegueError("random-pool: size=\(size) exceeds the catalog's \(world.catalog.count) tracks",
                                 hint: "choose size ≤ \(world.catalog.count)")
            }
            return RandomPoolSampler(poolSize: size, trackCount: world.catalog.count, population: world.population)
        })
}
