import Foundation

/// One finished training episode, for return curves.
public struct EpisodeRecord: Codable, Sendable, Equatable {
    /// The environment's episode number.
    public var episode: Int
    /// Trainer steps done when it ended.
    public var step: Int
    /// Undiscounted return (listens, with the default reward).
    public var totalReward: Double
    public var length: Int
    public var listens: Int
}

/// Running totals of what the agent met while training: return, episode
/// length, skip rate, and the listen rate at each playlist position.
public struct TrainingMetrics: Codable, Sendable, Equatable {
    public private(set) var episodes = 0
    public private(set) var totalReward = 0.0
    public private(set) var plays = 0
    public private(set) var listens = 0
    /// Plays at position `t` (0-based).
    public private(set) var playsByPosition: [Int] = []
    /// Listens at position `t`.
    public private(set) var listensByPosition: [Int] = []

    public init() {}

    /// Counts one play at `position` with its `reward` (a listen when positive).
    public mutating func recordPlay(position: Int, reward: Float) {
        while playsByPosition.count <= position { playsByPosition.append(0); listensByPosition.append(0) }
        plays += 1
        playsByPosition[position] += 1
        totalReward += Double(reward)
        if reward > 0 { listens += 1; listensByPosition[position] += 1 }
    }

    /// Counts one finished episode.
    public mutating func recordEpisodeEnd() { episodes += 1 }

    /// Mean return per finished episode.
    public var averageReturn: Double { episodes == 0 ? 0 : totalReward / Double(episodes) }
    /// Mean plays per finished episode.
    public var averageLength: Double { episodes == 0 ? 0 : Double(plays) / Double(episodes) }
    /// Share of plays skipped.
    public var skipRate: Double { plays == 0 ? 0 : Double(plays - listens) / Double(plays) }
    /// Listen rate at each position.
    public var listenRateByPosition: [Double] {
        zip(listensByPosition, playsByPosition).map { $1 == 0 ? 0 : Double($0) / Double($1) }
    }
}

/// What one `Trainer.run` did, and the history so far.
public struct TrainingReport: Sendable {
    /// Steps this run took.
    public var steps: Int
    /// Steps over every run of the trainer.
    public var totalSteps: Int
    /// Updates this run applied.
    public var updates: Int
    /// Episodes finished over every run.
    public var episodes: Int
    /// Whether `shouldStop` ended the run early.
    public var interrupted: Bool
    /// Wall-clock seconds of this run.
    public var seconds: Double
    /// Every finished episode, over every run.
    public var history: [EpisodeRecord]
    /// Totals over every run.
    public var metrics: TrainingMetrics
    /// The agent's last loss.
    public var loss: Double?

    public var stepsPerSecond: Double { seconds > 0 ? Double(steps) / seconds : 0 }
    public var updatesPerSecond: Double { seconds > 0 ? Double(updates) / seconds : 0 }

    /// Mean return of the last `count` finished episodes (nil before the first).
    public func recentReturn(_ count: Int = 100) -> Double? {
        guard !history.isEmpty else { return nil }
        let tail = history.suffix(count)
        return tail.map(\.totalReward).reduce(0, +) / Double(tail.count)
    }

    /// One line: steps, episodes, recent return, listen rate, speed.
    public var text: String {
        var line = "\(steps) steps (\(totalSteps) in all), \(episodes) episodes"
        if let recent = recentReturn() { line += String(format: ", return (last 100) %.3f", recent) }
        line += String(format: ", skip rate %.3f, %.0f steps/s, %.0f updates/s", metrics.skipRate, stepsPerSecond, updatesPerSecond)
        if let loss { line += String(format: ", loss %.4f", loss) }
        if interrupted { line += " (interrupted)" }
        return line
    }

    /// The episode history as JSON Lines, one record per episode.
    public func historyJSONLines() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return history.map { String(decoding: try! encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }
}

/// Where training is, for progress displays and live plots.
public struct TrainingProgress: Sendable {
    /// Trainer steps so far (over every run).
    public var steps: Int
    /// Steps this run will reach.
    public var targetSteps: Int
    public var episodes: Int
    public var updates: Int
    /// Mean return of the last 100 finished episodes.
    public var recentReturn: Double?
    /// The last update's loss.
    public var loss: Double?
    /// Steps per second in this run so far.
    public var stepsPerSecond: Double
}
