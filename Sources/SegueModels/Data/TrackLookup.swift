import SegueCore

/// Maps dataset track ids (MSSD `track_id`) to catalog indices.
public struct TrackLookup: Sendable {
    /// Catalog index by track id.
    public let index: [String: Int]
    /// The world's name, for messages.
    public let worldName: String

    /// A lookup over `catalog.ids`.
    public init(catalog: Catalog, worldName: String = "world") {
        var index: [String: Int] = [:]
        index.reserveCapacity(catalog.count)
        for (i, id) in catalog.ids.enumerated() { index[id] = i }
        self.index = index
        self.worldName = worldName
    }

    /// The catalog index of `id`.
    /// - Throws: `SegueError` naming the id and where it was read, when the
    ///   catalog has no such track.
    public func index(of id: String, at place: String) throws -> Int {
        guard let i = index[id] else {
            throw SegueError("\(place): track id '\(id)' is not in the catalog of world '\(worldName)' (\(index.count) tracks)",
                             hint: "train on logs written for this world, or make the world from the track-features file that goes with these logs")
        }
        return i
    }
}
