import SegueCore

/// The reference workload's ground truth as a user model:
/// `p = sigmoid(relu(relu(x·W1)·W2)·w3 + 0.5)` with `x = user ‖ track ‖ S`,
/// in float64 so that comparisons with the listen draw and oracle argmaxes
/// do not depend on summation order.
///
/// The first layer is split as `user·W1u + track·W1t + S·W1s`: the user and
/// track parts are tabulated once per world (`BenchTables`), the summary part
/// once per step, so scoring a candidate costs one 64×64 layer.
public final class BenchUserModel: UserModel {
    let network: BenchNetwork
    let tables: BenchTables
    /// `S·W1s` of the session last seen, then `h1` and `h2`: scratch owned by this
    /// model and written through pointers (no per-element exclusivity checks).
    private let scratch: UnsafeMutablePointer<Double>
    /// The indices of h1's active units.
    private let nonzero: UnsafeMutablePointer<Int>
    private var summaryKey: (episode: Int, length: Int, key: UInt64) = (-1, -1, 0)

    init(network: BenchNetwork, tables: BenchTables) {
        self.network = network
        self.tables = tables
        scratch = .allocate(capacity: 3 * network.hiddenWidth)
        scratch.initialize(repeating: 0, count: 3 * network.hiddenWidth)
        nonzero = .allocate(capacity: network.hiddenWidth)
    }

    deinit {
        scratch.deallocate()
        nonzero.deallocate()
    }

    /// `S·W1s`, recomputed when the session moves on.
    private func refreshSummaryPart(_ episode: Episode, _ session: SessionState) {
        let key = (episode.number, session.length, episode.key.rawValue)
        guard key != summaryKey else { return }
        summaryKey = key
        let h = network.hiddenWidth, offset = 2 * tables.featureCount
        let summaryPart = scratch
        summaryPart.update(repeating: 0, count: h)
        network.w1.withUnsafeBufferPointer { w1 in
            session.summary.withUnsafeBufferPointer { summary in
                for i in 0..<summary.count where summary[i] != 0 {
                    let s = summary[i], row = w1.baseAddress! + (offset + i) * h
                    for j in 0..<h { summaryPart[j] += s * row[j] }
                }
            }
        }
    }

    @inline(__always)
    private func probability(track: Int, user: Int) -> Double {
        let h = network.hiddenWidth
        let summaryPart = scratch, h1 = scratch + h, h2 = scratch + 2 * h, nonzero = self.nonzero
        return tables.user.withUnsafeBufferPointer { userTable in
            tables.track.withUnsafeBufferPointer { trackTable in
                network.w2.withUnsafeBufferPointer { w2 in
                    network.w3.withUnsafeBufferPointer { w3 in
                        let u = userTable.baseAddress! + user * h, t = trackTable.baseAddress! + track * h
                        // The active units of h1, ascending, listed without a branch per unit.
                        var active = 0
                        for j in 0..<h {
                            h1[j] = max(0, u[j] + t[j] + summaryPart[j])
                            nonzero[active] = j
                            active += h1[j] != 0 ? 1 : 0
                        }
                        // h2[j] = Σ h1[i]·W2[i][j] over the active i ascending, eight columns at
                        // a time in registers: each h2[j] sees the same operations in the same
                        // order as one running sum that skips the zeros.
                        var j0 = 0
                        while j0 + 8 <= h {
                            var sums = SIMD8<Double>()
                            for n in 0..<active {
                                let i = nonzero[n]
                                sums += h1[i] * UnsafeRawPointer(w2.baseAddress! + i * h + j0).loadUnaligned(as: SIMD8<Double>.self)
                            }
                            UnsafeMutableRawPointer(h2 + j0).storeBytes(of: sums, as: SIMD8<Double>.self)
                            j0 += 8
                        }
                        for j in j0..<h {
                            var sum = 0.0
                            for n in 0..<active { sum += h1[nonzero[n]] * w2[nonzero[n] * h + j] }
                            h2[j] = sum
                        }
                        // Inactive units add a zero, which leaves z as it is.
                        var z = network.b3
                        for j in 0..<h { z += max(h2[j], 0) * w3[j] }
                        return 1 / (1 + (-z).exp)
                    }
                }
            }
        }
    }

    public func listenProbability(of track: Int, episode: Episode, session: SessionState) -> Double {
        refreshSummaryPart(episode, session)
        return probability(track: track, user: episode.user)
    }

    public func listenProbabilities(of tracks: [Int], episode: Episode, session: SessionState) -> [Double] {
        refreshSummaryPart(episode, session)
        return tracks.map { probability(track: $0, user: episode.user) }
    }
}

/// The first layer's user and track parts, tabulated once per world:
/// `user[u] = users[u]·W1[0..<F]`, `track[t] = tracks[t]·W1[F..<2F]`.
public final class BenchTables {
    let featureCount: Int
    let user: [Double]
    let track: [Double]

    init(network: BenchNetwork, catalog: Catalog, population: Population) {
        let f = catalog.featureCount, h = network.hiddenWidth
        featureCount = f
        func table(_ rows: Int, _ features: (Int) -> ArraySlice<Float>, offset: Int) -> [Double] {
            var out = [Double](repeating: 0, count: rows * h)
            for r in 0..<rows {
                for (i, x) in features(r).enumerated() {
                    let v = Double(x), row = (offset + i) * h
                    for j in 0..<h { out[r * h + j] += v * network.w1[row + j] }
                }
            }
            return out
        }
        user = table(population.count, population.features(of:), offset: 0)
        track = table(catalog.count, catalog.features(of:), offset: 0 + f)
    }
}
