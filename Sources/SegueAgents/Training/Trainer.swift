import Foundation
import SegueCore

/// Settings of a training run that are not the agent's.
public struct TrainerConfig: Sendable {
    /// Steps between progress reports.
    public var progressEvery = 1_000
    /// Where checkpoints are written ("" writes none).
    public var checkpointPath = ""
    /// Steps between checkpoints (0: only when a run ends or is stopped).
    public var checkpointEvery = 0

    public init() {}
}

/// Runs a learning agent against an environment, step by step: the agent acts,
/// the environment answers, the agent learns in `observe`; episode returns,
/// lengths and listen rates are recorded for plots.
///
/// `shouldStop` is asked between steps, after the agent's update has finished,
/// so stopping (Ctrl-C) never leaves the agent half-updated; a later `run`
/// continues where it stopped. A checkpoint holds the agent's whole state, this
/// trainer's history and the position in the current episode, so a run stopped,
/// saved and resumed in a new process ends with exactly the weights and metrics
/// of an uninterrupted one.
public final class Trainer {
    public let agent: any LearningAgent
    public let environment: Environment
    public var config: TrainerConfig
    /// Steps over every run.
    public private(set) var steps = 0
    /// Every finished episode.
    public private(set) var history: [EpisodeRecord] = []
    public private(set) var metrics = TrainingMetrics()
    /// The time step the agent acts on next (nil: start the next episode).
    private var current: TimeStep?
    /// The episode to start next, when restored at an episode boundary.
    private var pendingEpisode: Int?
    private var episodeReturn = 0.0

    /// A trainer for `agent` on `environment`.
    public init(agent: any LearningAgent, environment: Environment, config: TrainerConfig = .init()) {
        self.agent = agent
        self.environment = environment
        self.config = config
    }

    /// Trains for `count` more environment steps.
    /// - Parameters:
    ///   - progress: called every `progressEvery` steps and at the end.
    ///   - shouldStop: asked before every step; true ends the run early (`interrupted`).
    /// - Throws: `SegueError` from the agent (a non-finite loss) or the environment,
    ///   or when a checkpoint cannot be written.
    @discardableResult
    public func run(steps count: Int, progress: ((TrainingProgress) -> Void)? = nil,
                    shouldStop: (() -> Bool)? = nil) throws -> TrainingReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let (firstStep, firstUpdate) = (steps, agent.counters.updates)
        let target = steps + count
        var interrupted = false
        agent.isTraining = true
        defer { agent.isTraining = false }
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        func report() -> TrainingProgress {
            TrainingProgress(steps: steps, targetSteps: target, episodes: history.count, updates: agent.counters.updates,
                             recentReturn: recentReturn(), loss: agent.counters.loss,
                             stepsPerSecond: Double(steps - firstStep) / max(seconds(), 1e-9))
        }
        while steps < target {
            if shouldStop?() == true { interrupted = true; break }
            try step()
            if let progress, config.progressEvery > 0, steps % config.progressEvery == 0 { progress(report()) }
            if config.checkpointEvery > 0, !config.checkpointPath.isEmpty, steps % config.checkpointEvery == 0 {
                try saveCheckpoint(to: config.checkpointPath)
            }
        }
        if !config.checkpointPath.isEmpty { try saveCheckpoint(to: config.checkpointPath) }
        progress?(report())
        return TrainingReport(steps: steps - firstStep, totalSteps: steps, updates: agent.counters.updates - firstUpdate,
                              episodes: history.count, interrupted: interrupted, seconds: seconds(),
                              history: history, metrics: metrics, loss: agent.counters.loss)
    }

    /// Mean return of the last `count` finished episodes.
    public func recentReturn(_ count: Int = 100) -> Double? {
        guard !history.isEmpty else { return nil }
        let tail = history.suffix(count)
        return tail.map(\.totalReward).reduce(0, +) / Double(tail.count)
    }

    /// One environment step: act, step, record, then let the agent learn.
    private func step() throws {
        var now: TimeStep
        if let current, !current.isLast {
            now = current
        } else {
            now = pendingEpisode.map { environment.reset(episode: $0) } ?? environment.reset()
            pendingEpisode = nil
            episodeReturn = 0
        }
        let action = try agent.act(now)
        let next = try environment.step(action)
        let transition = Transition(observation: now.observation, action: action,
                                    candidate: next.observation.session.candidates.last ?? -1, next: next)
        steps += 1
        current = next
        metrics.recordPlay(position: now.observation.session.length, reward: next.reward)
        episodeReturn += Double(next.reward)
        if next.isLast {
            metrics.recordEpisodeEnd()
            let session = next.observation.session
            history.append(EpisodeRecord(episode: next.observation.episode.number, step: steps, totalReward: episodeReturn,
                                         length: session.length, listens: session.listens))
        }
        try agent.observe(transition)
    }

    // MARK: - Checkpoints

    /// What a checkpoint keeps of the trainer.
    struct State: Codable {
        var steps: Int
        var history: [EpisodeRecord]
        var metrics: TrainingMetrics
        /// The episode being played and the candidates played in it so far, or nil at a boundary.
        var episode: Int?
        var played: [Int]
        var nextEpisode: Int
        var environmentSeed: UInt64
    }

    /// Writes the agent's state and this trainer's to `path`, atomically.
    /// - Throws: `SegueError` when encoding or writing fails.
    public func saveCheckpoint(to path: String) throws {
        var checkpoint = Checkpoint()
        try agent.save(into: &checkpoint)
        let midEpisode = current.map { !$0.isLast } ?? false
        let state = State(steps: steps, history: history, metrics: metrics,
                          episode: midEpisode ? current!.observation.episode.number : nil,
                          played: midEpisode ? current!.observation.session.candidates : [],
                          nextEpisode: pendingEpisode ?? environment.nextEpisode, environmentSeed: environment.seed)
        try checkpoint.putRecord("trainer", state)
        try checkpoint.write(to: path)
    }

    /// Restores the agent and this trainer from the checkpoint at `path`, and
    /// brings the environment back to the same point of the same episode (by
    /// replaying the episode's plays, which are deterministic).
    /// - Throws: `SegueError` when the checkpoint is for another agent, sizes or
    ///   environment seed.
    public func restore(from path: String) throws {
        let checkpoint = try Checkpoint(contentsOf: path)
        let state: State = try checkpoint.record("trainer")
        guard state.environmentSeed == environment.seed else {
            throw SegueError("checkpoint '\(path)' was trained on an environment with seed \(state.environmentSeed), this one has \(environment.seed)",
                             hint: "resume on an environment built from the same recipe")
        }
        try agent.restore(from: checkpoint)
        steps = state.steps
        history = state.history
        metrics = state.metrics
        if let episode = state.episode {
            var now = environment.reset(episode: episode)
            episodeReturn = 0
            for candidate in state.played {
                now = try environment.step(.candidate(candidate))
                episodeReturn += Double(now.reward)
            }
            current = now
            pendingEpisode = nil
        } else {
            current = nil
            pendingEpisode = state.nextEpisode
        }
    }
}
