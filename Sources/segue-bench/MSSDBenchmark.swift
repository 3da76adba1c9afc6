import Foundation
import SegueComponents
import SegueCore
import SegueData
import SegueModels
import SegueTensor

/// `segue-bench mssd [sessions=N] [files=F] [seconds=S] [batch=B] [threads=T]
/// [folder=PATH]`: the
/// MSSD as shipped, at scale. Writes an MSSD-shaped dataset of N sessions
/// with the demo world's writer, in F gzip log files and two track files,
/// then measures, in one run:
///
/// - `mssd.csv_parse.rows_per_s`: the baseline, `SessionLogReader` over the
///   same logs as plain CSV;
/// - `mssd.ingest.rows_per_s`: `world mssd logs=DIR tracks=A,B`'s first load
///   (gzip, parse, binary cache), and its peak memory;
/// - `mssd.cache_open.ms`, `mssd.reload.s`: mapping the cache, and the whole
///   second load (track files, counts, listeners);
/// - `mssd.cwm.rows_per_s`, `mssd.swm.rows_per_s`: one epoch of training
///   (or S seconds) streamed from the mapped caches, plays a second;
/// - `mssd.cwm.peak_rss_mb`, `mssd.swm.peak_rss_mb`: peak resident memory
///   while training (VmHWM, reset before: everything resident, file pages of
///   the caches included until training hands them back);
/// - `mssd.cwm.peak_anon_mb`, `mssd.swm.peak_anon_mb`: peak anonymous memory
///   while training (RssAnon, sampled; no file pages);
/// - the three figures above again at `batch=B` (default 256) on one thread
///   (`….batchB_1thread`) and on `threads=T` (default: the usable CPUs;
///   `….batchB_Tthreads`), and `mssd.cwm.threads_speedup`,
///   `mssd.swm.threads_speedup`: T threads over one, same run;
/// - `mssd.dataset.s`: reading every session from the cache into memory
///   (`SessionDataset`, what reports read), after training so that its heap
///   does not count in training's peaks;
/// - `sgemm_gflops`: the machine's BLAS rate in the same run.
enum MSSDBenchmark {
    static func run(arguments: [String]) {
        BLAS.setThreadCount(1)
        var options = ["sessions": "100000", "files": "20", "seconds": "60", "batch": "256",
                       "threads": String(Processors.usable),
                       "folder": NSTemporaryDirectory() + "segue-bench-mssd"]
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, options[parts[0]] != nil else {
                fail("expected sessions=N, files=F, seconds=S, batch=B, threads=T or folder=PATH, got '\(argument)'")
            }
            options[parts[0]] = parts[1]
        }
        guard let sessions = Int(options["sessions"]!), sessions > 0, let files = Int(options["files"]!), files > 0,
              let seconds = Double(options["seconds"]!), seconds > 0,
              let batch = Int(options["batch"]!), batch > 0, let threads = Int(options["threads"]!), threads > 0
        else { fail("sessions, files, seconds, batch and threads must be numbers above 0") }
        let folder = options["folder"]!
        do {
            try measure(sessions: sessions, files: files, seconds: seconds, scaled: (batch, threads), folder: folder)
        } catch {
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("segue-bench mssd: \(message)\n".utf8))
        exit(1)
    }

    static func measure(sessions: Int, files: Int, seconds: Double, scaled: (batch: Int, threads: Int), folder: String) throws {
        Figure(name: "sgemm_gflops", value: Measure.sgemmGFLOPS(), unit: "GFLOP/s", note: "512^3, 1 thread").print()
        let (logs, tracks, plain) = try writeDataset(sessions: sessions, files: files, folder: folder)

        // Baseline: parsing the same logs as plain CSV, nothing kept.
        var rows = 0
        let parse = try Measure.seconds {
            for file in plain {
                let reader = try SessionLogReader(path: file)
                try reader.forEach { _ in rows += 1 }
            }
        }
        for file in plain { try? FileManager.default.removeItem(atPath: file) }
        Figure(name: "mssd.csv_parse.rows_per_s", value: Double(rows) / parse, unit: "rows/s",
               note: "\(rows) rows of \(files) plain CSV files, 1 thread").print()

        let cacheFolder = folder + "/cache"
        try? FileManager.default.removeItem(atPath: cacheFolder)
        var logged = LoggedWorld(logs: logs, tracks: tracks.joined(separator: ","))
        logged.cacheFolder = cacheFolder
        logged.users = 10_000
        Measure.resetPeakResident()
        var world: World!
        let ingest = try Measure.seconds { world = try logged.makeWorld() }
        Figure(name: "mssd.ingest.rows_per_s", value: Double(rows) / ingest, unit: "rows/s",
               note: String(format: "%d rows, %d gzip files, %.1f s, peak %.0f MB", rows, files, ingest, Measure.peakResidentMB())).print()
        let cachePaths = world.logReading.caches
        var caches: [SessionCache] = []
        let open = Measure.seconds { caches = cachePaths.compactMap { SessionCache.open(path: $0, key: nil) } }
        Figure(name: "mssd.cache_open.ms", value: open * 1000, unit: "ms",
               note: String(format: "%d caches, %d sessions, %.0f MB", caches.count, caches.reduce(0) { $0 + $1.sessionCount },
                            Double(caches.reduce(0) { $0 + $1.byteCount }) / 1e6)).print()
        caches = []
        let reload = try Measure.seconds { world = try logged.makeWorld() }
        Figure(name: "mssd.reload.s", value: reload, unit: "s", note: "second world mssd load: track files, counts, listeners").print()

        // Training streams the sessions from the mapped caches (`CachedSessions`), as `train-model` does:
        // each model at its defaults (batch 32: one chunk, one thread), then with larger batches on
        // one thread and on `scaled.threads` (the same numbers; see `TrainingWorkers`).
        for kind in [ModelKind.cwm, .swm] {
            try train(kind, world: world, batch: TrainingConfig().batchSize, threads: 1, seconds: seconds, suffix: "")
            let single = try train(kind, world: world, batch: scaled.batch, threads: 1, seconds: seconds,
                                   suffix: ".batch\(scaled.batch)_1thread")
            guard scaled.threads > 1 else { continue }
            let parallel = try train(kind, world: world, batch: scaled.batch, threads: scaled.threads, seconds: seconds,
                                     suffix: ".batch\(scaled.batch)_\(scaled.threads)threads")
            Figure(name: "mssd.\(kind.rawValue).threads_speedup", value: parallel / single, unit: "ratio",
                   note: "same run: batch \(scaled.batch) on \(scaled.threads) threads over 1 thread (the same numbers for any thread count; a seconds= cap may stop them at different batches)").print()
        }

        // After training, so that its peaks do not count what this read leaves in the heap.
        var data: SessionDataset? = nil
        let read = try Measure.seconds { data = try SessionDataset.read(world: world) }
        Figure(name: "mssd.dataset.s", value: read, unit: "s", note: "\(data!.playCount) plays from the cache into memory (SessionDataset, as reports read)").print()
    }

    /// One epoch (or `seconds`) of training `kind` from the world's caches;
    /// prints its rate and peak memory as `mssd.KIND.rows_per_s` + `suffix`.
    /// - Returns: training plays a second.
    @discardableResult
    static func train(_ kind: ModelKind, world: World, batch: Int, threads: Int, seconds: Double, suffix: String) throws -> Double {
        var config = TrainingConfig()
        config.epochs = 1
        config.batchSize = batch
        config.threads = threads
        var fraction = 0.0
        let anonymousBefore = Measure.anonymousMB()
        var anonymousPeak = anonymousBefore, lastSample = Date()
        Measure.resetPeakResident()
        let start = Date()
        var model: (any LearnedUserModel)!
        let elapsed = try Measure.seconds {
            guard let cached = try CachedSessions.open(world: world, label: config.label) else {
                throw SegueError("the world's ingest caches do not open")
            }
            model = try ModelTraining.train(kind, data: cached, catalog: world.catalog, population: world.population, config: config,
                                            progress: { p in
                                                fraction = Double(p.batch) / Double(max(p.batches, 1))
                                                if Date().timeIntervalSince(lastSample) > 0.05 {
                                                    anonymousPeak = max(anonymousPeak, Measure.anonymousMB())
                                                    lastSample = Date()
                                                }
                                            },
                                            shouldStop: { Date().timeIntervalSince(start) > seconds })
        }
        anonymousPeak = max(anonymousPeak, Measure.anonymousMB())
        let trainPlays = model.training?.trainPlays ?? 0
        let trained = Double(trainPlays) * fraction
        let rate = trained / elapsed
        let setting = "batch \(batch), \(threads) thread\(threads == 1 ? "" : "s")"
        Figure(name: "mssd.\(kind.rawValue).rows_per_s\(suffix)", value: rate, unit: "rows/s",
               note: String(format: "%@: %.0f training plays of %d in %.1f s (with the split, encoder and validation passes), from the mapped caches",
                            setting, trained, trainPlays, elapsed)).print()
        Figure(name: "mssd.\(kind.rawValue).peak_rss_mb\(suffix)", value: Measure.peakResidentMB(), unit: "MB",
               note: "\(setting): peak resident memory of the process while training (VmHWM: heap, world, code, and the cache pages read and not yet handed back)").print()
        Figure(name: "mssd.\(kind.rawValue).peak_anon_mb\(suffix)", value: anonymousPeak, unit: "MB",
               note: String(format: "%@: peak anonymous memory while training (RssAnon, sampled every 50 ms: heap and stacks, no file pages; %.0f MB before)",
                            setting, anonymousBefore)).print()
        return rate
    }

    /// The dataset: `files` folders of demo-world sessions (distinct seeds,
    /// so distinct session ids), each log gzip-compressed into `logs/`, and the
    /// track file split in two. Reused when already there (the plain logs
    /// then unpacked again from the gzip files).
    /// - Returns: the logs folder, the two track files, and the plain logs (for the baseline).
    static func writeDataset(sessions: Int, files: Int, folder: String) throws -> (String, [String], [String]) {
        let logs = "\(folder)/logs-\(sessions)-\(files)"
        let fm = FileManager.default
        let tracks = ["\(folder)/tf_000000000000.csv", "\(folder)/tf_000000000001.csv"]
        let packed = (0..<files).map { "\(logs)/log_\($0).csv.gz" }
        if (packed + tracks).allSatisfy({ fm.fileExists(atPath: $0) }) {
            let plain = (0..<files).map { "\(folder)/plain-\($0).csv" }
            for (gz, csv) in zip(packed, plain) where system("gzip -dc '\(gz)' > '\(csv)'") != 0 {
                throw SegueError("gunzip failed on \(gz)")
            }
            return (logs, tracks, plain)
        }
        try fm.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let (world, facts) = DemoWorld().build()
        var plain: [String] = []
        for k in 0..<files {
            let count = sessions / files + (k < sessions % files ? 1 : 0)
            let part = "\(folder)/part-\(sessions)-\(k)"
            try DemoLogs(world: world, facts: facts, seed: 1_000 + UInt64(k)).write(sessions: count, to: part)
            let csv = "\(logs)/log_\(k).csv"
            try? fm.removeItem(atPath: csv)
            try? fm.removeItem(atPath: csv + ".gz")
            try fm.copyItem(atPath: "\(part)/sessions.csv", toPath: csv)
            let copy = "\(folder)/plain-\(k).csv"
            try? fm.removeItem(atPath: copy)
            try fm.moveItem(atPath: "\(part)/sessions.csv", toPath: copy)
            try? fm.removeItem(atPath: "\(part)/world.txt")   // the part is not reused as a demo folder
            guard system("gzip -1 '\(csv)'") == 0 else { throw SegueError("gzip failed on \(csv)") }
            plain.append(copy)
        }
        let lines = try String(contentsOfFile: "\(folder)/part-\(sessions)-0/tracks.csv", encoding: .utf8).split(separator: "\n")
        let half = 1 + (lines.count - 1) / 2
        try (lines[..<half].joined(separator: "\n") + "\n").write(toFile: tracks[0], atomically: true, encoding: .utf8)
        try ([lines[0]] + lines[half...]).joined(separator: "\n").appending("\n").write(toFile: tracks[1], atomically: true, encoding: .utf8)
        return (logs, tracks, plain)
    }
}
