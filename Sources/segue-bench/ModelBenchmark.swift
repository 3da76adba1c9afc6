import Foundation
import SegueComponents
import SegueCore
import SegueModels
import SegueTensor

/// `segue-bench models [pool=200] [seconds=1]`: how fast the learned user
/// models score candidate pools, against sgemm's speed in the same run.
///
/// Each model plays 20-step episodes on the demo world's catalog (5,000
/// tracks): at every step it scores a pool of `pool` candidates in one
/// batched call, then observes one play, as an environment drives it
/// (SWM advances its LSTM state by one play). Throughput is candidate rows
/// per second; effective GFLOP/s counts the multiply-adds of the dense
/// layers (and, for SWM, its LSTM step shared by the pool); the ratio to
/// sgemm (512³, one thread) says how close to the machine's BLAS peak the
/// small per-step products come. Weights are random: speed does not depend
/// on them.
enum ModelBenchmark {
    static func run(arguments: [String]) {
        BLAS.setThreadCount(1)
        var options: [String: Double] = [:]
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]) else {
                FileHandle.standardError.write(Data("segue-bench models: expected pool=N or seconds=S, got '\(argument)'\n".utf8))
                exit(1)
            }
            options[parts[0]] = value
        }
        let pool = Int(options["pool"] ?? 200), seconds = options["seconds"] ?? 1
        emit("blas.core", BLAS.coreName, "name")
        emit("blas.threads", BLAS.threadCount, "threads")

        let peak = sgemmGFLOPS(size: 512, seconds: seconds)
        emit("sgemm.512.gflops", peak, "GFLOP/s")

        let world = DemoWorld().makeWorld()
        let catalog = world.catalog
        let encoder = FeatureEncoder.fit(catalog: catalog, plays: (0..<catalog.count).map { Int32($0) }, label: .notSkipped)
        var generator = SeededGenerator(seed: 1)
        let f = catalog.featureCount, c = FeatureEncoder.contextWidth
        do {
            let cwm = try ContextualWorldModel(encoder: encoder, hiddenSizes: [64, 32], aggregates: true,
                                               catalog: catalog, using: &generator)
            let cwmFlops = 2.0 * Double((f + c + 1 + 3) * 64 + 64 * 32 + 32)
            let swm = try SequentialWorldModel(encoder: encoder, layerSizes: [64], headSize: 64,
                                               catalog: catalog, using: &generator)
            let headFlops = 2.0 * Double((64 + 2 * f + c + 1) * 64 + 64)
            let stepFlops = 2.0 * Double((f + 1 + c + 64) * 256 + 64 * f)    // LSTM step + projection, once per step
            for (name, model, flops) in [("cwm", cwm as any UserModel, cwmFlops),
                                         ("swm", swm as any UserModel, headFlops + stepFlops / Double(pool))] {
                let rate = rowsPerSecond(model, catalog: catalog, pool: pool, seconds: seconds)
                let gflops = rate * flops / 1e9
                emit("\(name).predict.pool\(pool).rows_per_s", rate, "rows/s")
                emit("\(name).predict.gflops", gflops, "GFLOP/s")
                emit("\(name).predict.fraction_of_sgemm", gflops / peak, "ratio")
            }
        } catch {
            FileHandle.standardError.write(Data("segue-bench models: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Candidate rows scored per second over 20-step episodes.
    static func rowsPerSecond(_ model: any UserModel, catalog: Catalog, pool: Int, seconds: Double) -> Double {
        let zero = [Float](repeating: 0, count: catalog.featureCount)[...]
        var rows = 0, episode = 0
        var sink = 0.0
        let start = Date()
        while Date().timeIntervalSince(start) < seconds || episode < 2 {
            let key = SeedKey(UInt64(episode))
            let candidates = (0..<pool).map { key.index(UInt64($0), below: catalog.count) }
            let e = Episode(number: episode, key: key, user: 0, pool: candidates,
                            context: SessionContext(premium: episode % 2 == 0, hourOfDay: episode % 24, contextType: "radio"))
            var session = SessionState(featureCount: catalog.featureCount, lengthScale: 20, skipScale: 3)
            model.beginEpisode(e)
            for t in 0..<20 {
                let p = model.listenProbabilities(of: candidates, episode: e, session: session)
                rows += p.count
                sink += p[t % p.count]
                let listened = key.uniform(UInt64(1_000 + t)) < p[t]
                session.record(candidate: t, track: candidates[t], features: catalog.features(of: candidates[t]),
                               listened: listened, user: zero)
                model.observe(track: candidates[t], listened: listened, episode: e, session: session)
            }
            episode += 1
        }
        if sink.isNaN { print("unreachable") }
        return Double(rows) / Date().timeIntervalSince(start)
    }

    /// sgemm GFLOP/s on `size`³ products, repeated for `seconds`.
    static func sgemmGFLOPS(size: Int, seconds: Double) -> Double {
        var generator = SeededGenerator(seed: 2)
        let a = Initializer.glorotUniform.matrix(rows: size, columns: size, using: &generator)
        let b = Initializer.glorotUniform.matrix(rows: size, columns: size, using: &generator)
        var c = Matrix(rows: size, columns: size)
        Matrix.gemm(a, b, into: &c)
        var runs = 0
        let start = Date()
        while Date().timeIntervalSince(start) < seconds || runs < 3 {
            Matrix.gemm(a, b, into: &c)
            runs += 1
        }
        return 2 * pow(Double(size), 3) * Double(runs) / Date().timeIntervalSince(start) / 1e9
    }

    /// One JSON line.
    static func emit(_ name: String, _ value: Any, _ unit: String) {
        let text: String
        switch value {
        case let v as Double: text = String(format: "%.6g", v)
        case let v as Int: text = String(v)
        default: text = "\"\(value)\""
        }
        if let v = value as? Double { BothModes.printed.append((name, v, unit)) }
        print("{\"name\": \"\(name)\", \"value\": \(text), \"unit\": \"\(unit)\", "
              + "\"numerics\": \"\(Numerics.mode)\", \"kernel\": \"\(BLAS.coreName)\"}")
    }
}
