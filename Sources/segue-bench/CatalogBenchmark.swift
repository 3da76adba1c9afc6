import Foundation
import SegueAgents
import SegueComponents
import SegueCore
import SegueTensor

/// Catalog scale: memory as the catalog grows (100k, 300k, 1M tracks of 16
/// float features; resident growth while building each, so it runs first in a
/// process, before freed pages could hide an allocation), and one AH-DQN playlist decision on the 1M-track catalog
/// with a pool of 10,000 candidates.
///
/// A decision is: gather the pool's features from the catalog, score all
/// 10,000 candidates in one inference pass (the spec-8B network, 56→64→64→1;
/// speed does not depend on the weights), then fill a 20-track playlist
/// greedily, the best unused candidate 20 times. The pool draw (10,000
/// distinct tracks) is timed on its own.
enum CatalogBenchmark {
    static let sizes = [100_000, 300_000, 1_000_000]
    static let poolSize = 10_000, playlistLength = 20, decisions = 20

    static func run(threads: Int) {
        let f = 16
        var catalogs: [Catalog] = []
        for size in sizes {
            let before = Measure.residentMB()
            let key = SeedKey(7).derive(UInt64(size))
            let catalog = Catalog(ids: (0..<size).map { "t\($0)" }, featureNames: (0..<f).map { "f\($0)" },
                                  features: BenchWorkload.normals(key, count: size * f))
            catalogs.append(catalog)
            let mb = Measure.residentMB() - before
            Figure(name: "catalog_mb_\(size)", value: mb, unit: "MB",
                   note: String(format: "resident growth building it: %.1f bytes/track (features %d, id)", mb * 1_048_576 / Double(size), 4 * f)).print()
        }
        let catalog = catalogs.last!
        let population = Population(featureNames: (0..<f).map { "f\($0)" }, features: BenchWorkload.normals(SeedKey(8), count: 100 * f))
        let sampler = RandomPoolSampler(poolSize: poolSize, trackCount: catalog.count, population: population)
        var generator = SeededGenerator(seed: 9)
        let scorer = CandidateScorer(contextSize: 2 * f + SessionState.summaryCount, featureSize: f, hidden: [64, 64], using: &generator)
        scorer.workerCount = threads

        var drawTimes: [Double] = [], decisionTimes: [Double] = []
        var playlists = 0
        for d in 0..<decisions + 1 {
            var episode: Episode!
            let draw = Measure.seconds { episode = sampler.episode(number: d, key: SeedKey(10).derive(UInt64(d))) }
            var playlist: [Int] = []
            let decide = Measure.seconds {
                let pool = [Float](unsafeUninitializedCapacity: poolSize * f) { rows, count in
                    catalog.features.withUnsafeBufferPointer { all in
                        for (c, track) in episode.pool.enumerated() {
                            (rows.baseAddress! + c * f).initialize(from: all.baseAddress! + track * f, count: f)
                        }
                    }
                    count = poolSize * f
                }
                // user ‖ no listens yet ‖ S at t = 0 (all zeros)
                let context = Array(population.features(of: episode.user))
                    + [Float](repeating: 0, count: scorer.contextSize - f)
                let scores = scorer.scores(context: context, candidates: pool)
                var unused = [Bool](repeating: true, count: poolSize)
                for _ in 0..<playlistLength {
                    let c = CandidateChoice.maskedArgmax(scores, mask: unused)!
                    unused[c] = false
                    playlist.append(episode.pool[c])
                }
            }
            if d > 0 {   // the first one warms up the buffers
                drawTimes.append(draw)
                decisionTimes.append(decide)
                playlists += Set(playlist).count == playlistLength ? 1 : 0
            }
        }
        let sorted = decisionTimes.sorted()
        Figure(name: "catalog_decision_ms", value: sorted[sorted.count / 2] * 1e3, unit: "ms",
               note: String(format: "1M tracks, pool 10000, 20-track playlist, median of %d (max %.2f ms), %d thread(s), %d/%d playlists of 20 distinct",
                            decisions, sorted.last! * 1e3, threads, playlists, decisions)).print()
        Figure(name: "catalog_pool_draw_ms", value: drawTimes.sorted()[drawTimes.count / 2] * 1e3, unit: "ms",
               note: "10000 distinct of 1M tracks, median").print()
        Figure(name: "catalog_peak_rss_mb", value: Measure.peakResidentMB(), unit: "MB", note: "process, all three catalogs held").print()
    }
}
