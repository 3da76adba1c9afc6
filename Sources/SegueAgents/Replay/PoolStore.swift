import SegueCore
import SegueTensor

/// The candidate features of the episodes a buffer refers to, kept once per
/// episode (a pool is constant within it) and dropped when no row refers to it.
///
/// Rows refer to a pool by the episode's key, which is unique across episodes
/// and environments of different seeds.
struct PoolStore {
    /// Floats per pool, `C·F`.
    let width: Int
    private var pools: [UInt64: (features: [Float], references: Int)] = [:]

    init(width: Int) { self.width = width }

    /// Number of pools held.
    var count: Int { pools.count }

    /// Adds one reference to the pool of `key`, storing `features` the first time.
    mutating func retain(_ key: UInt64, features: [Float]) {
        precondition(features.count == width, "PoolStore: a pool of \(features.count) floats, expected \(width)")
        if pools[key] != nil { pools[key]!.references += 1 } else { pools[key] = (features, 1) }
    }

    /// Drops one reference to the pool of `key`, and the pool with the last one.
    mutating func release(_ key: UInt64) {
        guard let entry = pools[key] else { return }
        if entry.references <= 1 { pools[key] = nil } else { pools[key]!.references -= 1 }
    }

    /// The features of the pool of `key`, `[C·F]`.
    func features(_ key: UInt64) -> [Float] {
        guard let entry = pools[key] else { preconditionFailure("PoolStore: no pool for episode key \(key)") }
        return entry.features
    }

    /// Puts the pools as one `[P, C·F]` tensor and returns each key's row.
    func save(into checkpoint: inout Checkpoint, prefix: String) -> [UInt64: Int] {
        let keys = pools.keys.sorted()
        var rows: [UInt64: Int] = [:]
        var values: [Float] = []
        values.reserveCapacity(keys.count * width)
        for (row, key) in keys.enumerated() {
            rows[key] = row
            values.append(contentsOf: pools[key]!.features)
        }
        checkpoint.put(prefix + "pools", values: values, columns: width)
        checkpoint.metadata[prefix + "pool_keys"] = keys.map(String.init).joined(separator: ",")
        return rows
    }

    /// Reads the pools saved under `prefix`, with the keys in row order; the
    /// references are counted again by the caller with `retain`.
    static func load(from checkpoint: Checkpoint, prefix: String, width: Int) throws -> (keys: [UInt64], features: Matrix) {
        let features = try checkpoint.finiteMatrix(prefix + "pools", columns: width)
        let text = checkpoint.metadata[prefix + "pool_keys"] ?? ""
        let keys = text.isEmpty ? [] : text.split(separator: ",").compactMap { UInt64($0) }
        guard keys.count == features.rows else {
            throw SegueError("checkpoint '\(checkpoint.source)': \(keys.count) pool keys for \(features.rows) pools")
        }
        return (keys, features)
    }
}
