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
    private var summaryPart: [Double]
    private var summaryKey: (episode: Int, length: Int, key: UInt64) = (-1, -1, 0)
    private var h1: [Double]
    private var h2: [Double]

    init(network: BenchNetwork, tables: BenchTables) {
        self.network = network
        self.tables = tables
        summaryPart = Array(repeating: 0, count: network.hiddenWidth)
        h1 = Array(repeating: 0, count: network.hiddenWidth)
        h2 = Array(repeating: 0, count: network.hiddenWidth)
    }

    /// `S·W1s`, recomputed when the session moves on.
    private func refreshSummaryPart(_ episode: Episode, _ session: SessionState) {
        let key = (episode.number, session.length, episode.key.rawValue)
        guard key != summaryKey else { return }
        summaryKey = key
        let h = network.hiddenWidth
        let offset = 2 * tables.featureCount
        for j in 0..<h { summaryPart[j] = 0 }
        for (i, s) in session.summary.enumerated() where s != 0 {
            let row = (offset + i) * h
            for j in 0..<h { summaryPart[j] += s * network.w1[row + j] }
        }
    }

    @inline(__always)
    private func probability(track: Int, user: Int) -> Double {
        let h = network.hiddenWidth
        return tables.user.withUnsafeBufferPointer { userTable in
            tables.track.withUnsafeBufferPointer { trackTable in
                network.w2.withUnsafeBufferPointer { w2 in
                    h1.withUnsafeMutableBufferPointer { h1 in
                        h2.withUnsafeMutableBufferPointer { h2 in
                            let u = user * h, t = track * h
                            for j in 0..<h { h1[j] = max(0, userTable[u + j] + trackTable[t + j] + summaryPart[j]) }
                            for j in 0..<h { h2[j] = 0 }
                            for i in 0..<h {
                                let a = h1[i]
                                if a == 0 { continue }
                                let row = i * h
                                for j in 0..<h { h2[j] += a * w2[row + j] }
                            }
                            var z = network.b3
                            for j in 0..<h where h2[j] > 0 { z += h2[j] * network.w3[j] }
                            return 1 / (1 + (-z).exp)
                        }
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
