import Foundation
import SegueCore

/// Several policies played on exactly the same episodes: the same users,
/// pools and random draws for each, so their differences are paired.
public struct Evaluation {
    /// One policy's results.
    public struct Entry {
        public var name: String
        public var results: [EpisodeResult]
        public var returns: [Double] { results.map(\.totalReward) }
        public var estimate: MeanEstimate { MeanEstimate(returns) }
        /// Listen rate at each position, over the episodes that reached it.
        public var listenRateByPosition: [(position: Int, rate: Double, episodes: Int)] {
            let longest = results.map(\.outcomes.count).max() ?? 0
            return (0..<longest).map { t in
                let reached = results.filter { $0.outcomes.count > t }
                let listens = reached.filter { $0.outcomes[t] }.count
                return (t + 1, Double(listens) / Double(max(reached.count, 1)), reached.count)
            }
        }
        public var meanLength: Double { Double(results.map(\.length).reduce(0, +)) / Double(max(results.count, 1)) }
    }

    public private(set) var entries: [Entry] = []
    /// The first episode number played.
    public let firstEpisode: Int
    public let episodes: Int

    /// Plays each `(name, agent)` on episodes `firstEpisode ..< firstEpisode + episodes`
    /// of a fresh environment from `makeEnvironment`.
    /// - Throws: whatever building or playing throws.
    public init(policies: [(String, any Agent)], episodes: Int, firstEpisode: Int = 0,
                makeEnvironment: () throws -> Environment,
                progress: ((String, Int) -> Void)? = nil, shouldStop: (() -> Bool)? = nil) throws {
        self.episodes = episodes
        self.firstEpisode = firstEpisode
        for (name, agent) in policies {
            let driver = Driver(environment: try makeEnvironment(), agent: agent)
            let results = try driver.run(episodes: episodes, startingAt: firstEpisode,
                                         progress: { _, n in progress?(name, n) }, shouldStop: shouldStop)
            entries.append(Entry(name: name, results: results))
        }
    }

    /// Per-episode differences `policy − baseline`, over the episodes both played.
    public func pairedDifference(_ name: String, versus baseline: String) -> MeanEstimate? {
        guard let a = entries.first(where: { $0.name == name }),
              let b = entries.first(where: { $0.name == baseline }) else { return nil }
        let n = min(a.results.count, b.results.count)
        return MeanEstimate((0..<n).map { a.results[$0].totalReward - b.results[$0].totalReward })
    }

    /// A text table: mean return ± 95% CI, mean length, and the paired
    /// difference against `baseline` (the first policy when nil).
    public func table(baseline: String? = nil) -> String {
        let base = baseline ?? entries.first?.name ?? ""
        var rows = [["policy", "episodes", "return (95% CI)", "length", "vs \(base) (paired)"]]
        for entry in entries {
            let diff = entry.name == base ? "—" : pairedDifference(entry.name, versus: base).map {
                String(format: "%+.3f ± %.3f%@", $0.mean, $0.halfWidth, $0.excludesZero ? " *" : "")
            } ?? "—"
            rows.append([entry.name, "\(entry.results.count)", entry.estimate.description,
                         String(format: "%.2f", entry.meanLength), diff])
        }
        return TextTable.render(rows) + "\n* the paired 95% interval excludes 0"
    }

    /// The header of `csv()`.
    public static let csvHeader = "policy,episode,return,length,listens,end"

    /// The rows of `csv()` without its header, each policy's first `limit` episodes.
    public func csvRows(episodes limit: Int = .max) -> [String] {
        entries.flatMap { entry in
            entry.results.prefix(limit).map { r in
                "\(entry.name),\(r.episode),\(r.totalReward),\(r.length),\(r.listens),\(r.end?.rawValue ?? "")"
            }
        }
    }

    /// The results as CSV, one row per policy and episode.
    public func csv() -> String {
        ([Self.csvHeader] + csvRows()).joined(separator: "\n") + "\n"
    }

    /// The results as JSON Lines, one object per policy and episode, with the
    /// outcome of each play (`1` listen, `0` skip) for per-position analyses.
    public func jsonl() -> String {
        struct Row: Encodable {
            var policy: String, episode: Int, `return`: Double, length: Int, listens: Int, end: String?, outcomes: [Int]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text = ""
        for entry in entries {
            for r in entry.results {
                let row = Row(policy: entry.name, episode: r.episode, return: r.totalReward, length: r.length,
                              listens: r.listens, end: r.end?.rawValue, outcomes: r.outcomes.map { $0 ? 1 : 0 })
                text += String(decoding: try! encoder.encode(row), as: UTF8.self) + "\n"
            }
        }
        return text
    }
}

/// Aligned plain-text tables.
public enum TextTable {
    /// Renders rows with the first as a header, columns padded to fit;
    /// numeric-looking cells are right-aligned.
    public static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let widths = header.indices.map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.indices.map { c in
                let cell = row[c]
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                let numeric = c > 0 && (cell.first.map { $0.isNumber || $0 == "-" || $0 == "+" } ?? false)
                return numeric ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.dropFirst().map(line)
        return out.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
