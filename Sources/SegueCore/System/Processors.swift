import Foundation

/// How many CPUs this process may use: the default of every "one per CPU"
/// setting (training's `threads=`, a local sweep's `--jobs`, vector
/// environments, the benchmarks).
public enum Processors {
    /// The CPUs in the calling thread's affinity mask — what `taskset`, a
    /// container's CPU set or Slurm's `--cpus-per-task` allow — capped by a
    /// cgroup CPU quota (`docker --cpus=1.5`: 2), or every core the system
    /// has where Linux says neither. At least 1. Read once, when first asked.
    ///
    /// `ProcessInfo.activeProcessorCount` alone does not do: under
    /// `taskset -c 0` on this project's two-core machines it still says 2,
    /// so a Slurm task given 2 CPUs of a 64-core node would start 64 threads.
    public static let usable: Int = {
        func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
        return usable(status: text("/proc/thread-self/status"),
                      cpuMax: text("/sys/fs/cgroup/cpu.max"),
                      quota: text("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
                      period: text("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
                      cores: ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// The rule behind `usable`, on the texts of the files it reads (nil:
    /// not there): `status` from `/proc/thread-self/status` (its
    /// `Cpus_allowed:` hex mask), `cpuMax` from cgroup v2's `cpu.max`
    /// (`max 100000` or `150000 100000`), `quota` and `period` from
    /// cgroup v1's `cpu.cfs_quota_us` (−1: none) and `cpu.cfs_period_us`.
    static func usable(status: String?, cpuMax: String?, quota: String?, period: String?, cores: Int) -> Int {
        var count = status.flatMap(allowedInMask) ?? cores
        if let limit = quotaLimit(cpuMax: cpuMax, quota: quota, period: period) { count = min(count, limit) }
        return max(count, 1)
    }

    /// The number of set bits of the `Cpus_allowed:` line (hex words
    /// separated by commas), or nil when there is no such line.
    static func allowedInMask(_ status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        var bits = 0
        for character in line.dropFirst("Cpus_allowed:".count) {
            guard let digit = character.hexDigitValue else { continue }
            bits += digit.nonzeroBitCount
        }
        return bits > 0 ? bits : nil
    }

    /// CPUs a cgroup quota allows (quota over period, rounded up), or nil
    /// when there is no quota.
    static func quotaLimit(cpuMax: String?, quota: String?, period: String?) -> Int? {
        func limit(_ q: Double?, _ p: Double?) -> Int? {
            guard let q, let p, q > 0, p > 0 else { return nil }
            return max(Int((q / p).rounded(.up)), 1)
        }
        if let cpuMax {
            let fields = cpuMax.split(whereSeparator: \.isWhitespace)
            if fields.count == 2 { return limit(Double(fields[0]), Double(fields[1])) }   // "max …" is no quota
        }
        let trimmed = { (text: String?) in text.flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) } }
        return limit(trimmed(quota), trimmed(period))
    }
}
