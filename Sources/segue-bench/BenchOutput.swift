import Foundation
import SegueTensor

/// One benchmark figure, printed as a JSON line, tagged with the numeric mode and
/// the BLAS kernel it was measured with.
struct Figure {
    var name: String
    var value: Double
    var unit: String
    var note: String?
    /// Whether the line carries `numerics` and `kernel` (ratios across modes do not).
    var tagged = true

    func print() {
        var object: [String: Any] = ["name": name, "value": value, "unit": unit]
        if let note { object["note"] = note }
        if tagged {
            object["numerics"] = Numerics.mode.rawValue
            object["kernel"] = BLAS.coreName
            BothModes.printed.append((name, value, unit))
        }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}

/// Shared measurements: wall time, peak memory, the machine's sgemm rate.
enum Measure {
    /// Seconds taken by `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Peak resident memory of this process so far (VmHWM), in MB.
    static func peakResidentMB() -> Double {
        statusField("VmHWM:")
    }

    /// A `kB` field of `/proc/self/status`, in MB.
    private static func statusField(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return 0 }
        let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
        return kb / 1024
    }

    /// Resets the peak resident memory to the current one (Linux `clear_refs`), so
    /// `peakResidentMB` then covers only what follows.
    static func resetPeakResident() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Anonymous resident memory now (RssAnon: heap and stacks, no file
    /// pages), in MB.
    static func anonymousMB() -> Double {
        statusField("RssAnon:")
    }

    /// Resident memory now (VmRSS), in MB.
    static func residentMB() -> Double {
        statusField("VmRSS:")
    }

    /// CPU time of this process so far, user and system, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Single-thread sgemm GFLOP/s on n×n×n, best of a few runs.
    static func sgemmGFLOPS(n: Int = 512, repeats: Int = 5) -> Double {
        var generator = SystemRandomNumberGenerator()
        let a = Matrix(rows: n, columns: n, storage: (0..<n * n).map { _ in Float.random(in: -1...1, using: &generator) })
        let b = Matrix(rows: n, columns: n, storage: (0..<n * n).map { _ in Float.random(in: -1...1, using: &generator) })
        var c = Matrix.zeros(n, n)
        var best = Double.infinity
        for _ in 0..<repeats {
            best = min(best, seconds { Matrix.gemm(a, b, into: &c) })
        }
        return 2 * Double(n * n * n) / best / 1e9
    }
}
