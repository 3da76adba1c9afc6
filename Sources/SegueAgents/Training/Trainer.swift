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
/// With several environments (batched: replicas of one recipe and seed), the
/// trainer steps them in turn, one step each, and each starts its next episode
/// from one shared episode counter (the first environment's), so they play
/// distinct episodes and the agent sees experience from several listeners at
/// once. Episode numbers, and so every result, depend only on the seed and the
/// number of environments.
///
/// `shouldStop` is asked between steps, after the agent's update has finished,
/// so stopping (Ctrl-C) never leaves the agent half-updated; a later `run`
/// continues where it stopped. A checkpoint holds the agent's whole state, this
/// trainer's history and the position in the current episode, so a run stopped,
/// saved and resumed in a new process ends with exactly the weights and metrics
/// of an uninterrupted one.
public final class Trainer {
    public let agent: any LearningAgent
    /// The environments stepped in turn; the first one's episode counter is shared.
    public let environments: [Environment]
    /// The first environment.
    public var environment: Environment { environments[0] }
    public var config: TrainerConfig
    /// Steps over every run.
    public private(set) var steps = 0
    /// Every finished episode.
    public private(set) var history: [EpisodeRecord] = []
    public private(set) var metrics = TrainingMetrics()
    /// Per environment: the time step the agent acts on next (nil: start the
    /// next episode) and the return of its episode so far.
    private var lanes: [Lane]
    /// The environment stepped next.
    private var nextLane = 0

    struct Lane {
        var current: TimeStep?
        var episodeReturn = 0.0
    }

    /// A trainer for `agent` on `environment`.
    public convenience init(agent: any LearningAgent, environment: Environment, config: TrainerConfig = .init()) {
        self.init(agent: agent, environments: [environment], config: config)
    }

    /// A trainer for `agent` on `environments`, stepped in turn (see the type's notes).
    /// - Precondition: at least one environment, all with the first one's seed.
    public init(agent: any LearningAgent, environments: [Environment], config: TrainerConfig = .init()) {
        precondition(!environments.isEmpty, "Trainer needs an environment")
        precondition(environments.allSatisfy { $0.seed == environments[0].seed }
                        && Set(environments.map(ObjectIdentifier.init)).count == environments.count,
                     "Trainer: batched environments must be distinct replicas with one seed")
        self.agent = agent
        self.environments = environments
        self.config = config
        lanes = Array(repeating: Lane(), count: environments.count)
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
        defer {
            agent.isTraining = false
            for environment in environments { environment.endRun() }
        }
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

    /// One environment step (of the next environment in turn) through the
    /// driver (act, step, the agent learns), then this run's bookkeeping.
    private func step() throws {
        let k = nextLane
        let env = environments[k]
        var now: TimeStep
        if let current = lanes[k].current, !current.isLast {
            now = current
        } else {
            // The shared counter: episode numbers in the order environments start them.
            let number = environment.nextEpisode
            now = env.reset(episode: number)
            if k != 0 { environment.continueAt(episode: number + 1) }
            lanes[k].episodeReturn = 0
        }
        let next = try Driver.advance(env, agent, from: now).next
        steps += 1
        lanes[k].current = next
        nextLane = (k + 1) % environments.count
        metrics.recordPlay(position: now.observation.session.length, reward: next.reward)
        lanes[k].episodeReturn += Double(next.reward)
        if next.isLast {
            metrics.recordEpisodeEnd()
            let session = next.observation.session
            history.append(EpisodeRecord(episode: next.observation.episode.number, step: steps,
                                         totalReward: lanes[k].episodeReturn, length: session.length, listens: session.listens))
        }
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
        /// Environments after the first (batched training): each one's episode
        /// and plays, as `episode`/`played` are the first's. Absent: one environment.
        var otherLanes: [LaneState]?
        /// The environment stepped next.
        var nextLane: Int?
    }

    struct LaneState: Codable {
        var episode: Int?
        var played: [Int]
    }

    /// Where environment `k` is: its episode and plays, or nil at a boundary.
    private func laneState(_ k: Int) -> LaneState {
        guard let current = lanes[k].current, !current.isLast else { return LaneState(episode: nil, played: []) }
        return LaneState(episode: current.observation.episode.number, played: current.observation.session.candidates)
    }

    /// Writes the agent's state and this trainer's to `path`, atomically.
    /// - Throws: `SegueError` when encoding or writing fails.
    public func saveCheckpoint(to path: String) throws {
        var checkpoint = Checkpoint()
        try agent.save(into: &checkpoint)
        let first = laneState(0)
        let state = State(steps: steps, history: history, metrics: metrics, episode: first.episode, played: first.played,
                          nextEpisode: environment.nextEpisode, environmentSeed: environment.seed,
                          otherLanes: environments.count > 1 ? (1..<environments.count).map(laneState) : nil,
                          nextLane: environments.count > 1 ? nextLane : nil)
        try checkpoint.putRecord("trainer", state)
        try checkpoint.write(to: path)
    }

    /// How many environments the run saved at `path` stepped in turn.
    /// - Throws: `SegueError` when the file is not a training checkpoint.
    public static func environmentCount(inCheckpoint path: String) throws -> Int {
        let state: State = try Checkpoint(contentsOf: path).record("trainer")
        return 1 + (state.otherLanes?.count ?? 0)
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
        let saved = [LaneState(episode: state.episode, played: state.played)] + (state.otherLanes ?? [])
        guard saved.count == environments.count else {
            throw SegueError("checkpoint '\(path)' was trained on \(saved.count) environment\(saved.count == 1 ? "" : "s") in turn, this run has \(environments.count)",
                             hint: "resume with envs=\(saved.count)")
        }
        let episodes = 0...(1 << 52)   // far beyond any run; keeps episode arithmetic from overflowing
        guard state.steps >= 0, episodes.contains(state.nextEpisode),
              saved.allSatisfy({ episodes.contains($0.episode ?? 0) && $0.played.count <= 1 << 20 }),
              (0..<environments.count).contains(state.nextLane ?? 0) else {
            throw SegueError("checkpoint '\(path)': record 'trainer' holds a negative or out-of-range counter",
                             hint: "the file is damaged; resume from another checkpoint")
        }
        try agent.restore(from: checkpoint)
        steps = state.steps
        history = state.history
        metrics = state.metrics
        for (k, lane) in saved.enumerated() {
            lanes[k] = Lane()
            guard let episode = lane.episode else { continue }
            let (now, reward) = try Driver.replay(environments[k], episode: episode, plays: lane.played)
            lanes[k].episodeReturn = reward
            lanes[k].current = now
        }
        environment.continueAt(episode: state.nextEpisode)
        nextLane = state.nextLane ?? 0
    }
}
