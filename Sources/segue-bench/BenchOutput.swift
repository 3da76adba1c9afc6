import Foundation
import SegueTensor

/// One benchmark figure, printed as a JSON line.
struct Figure {
    var name: String
    var value: Double
    var unit: String
    var note: String?

    func print() {
        var object: [String: Any] = ["name": name, "value": value, "unit": unit]
        if let note { object["note"] = note }
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
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
        return kb / 1024
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
