/// What one played episode came to.
public struct EpisodeResult: Sendable, Equatable {
    public var episode: Int
    /// Undiscounted return: listens, with the default reward.
    public var totalReward: Double
    public var length: Int
    public var listens: Int
    public var end: EpisodeEnd?
    /// Listened (true) or skipped, per position.
    public var outcomes: [Bool] = []
}

/// Runs a policy against an environment and hands each step to observers,
/// so replay buffers, trackers and metrics stay out of agents.
///
/// The driver is the one place where a policy steps an environment: rollouts,
/// evaluations, training (`Trainer`, one `advance` per step over its
/// environments in turn), the environment checker and the benchmarks all go
/// through `advance(_:_:from:observers:)`, and a resumed run replays its plays
/// through `replay(_:episode:plays:)`.
public final class Driver {
    public let environment: Environment
    public let agent: any Agent
    /// Called with every transition, after the agent has seen it.
    public var observers: [(Transition) -> Void] = []

    public init(environment: Environment, agent: any Agent) {
        self.environment = environment
        self.agent = agent
    }

    /// Plays `count` episodes: the environment's next ones, or episodes
    /// `start, start+1, ...` when `start` is given (so several policies can
    /// play exactly the same episodes).
    /// - Parameters:
    ///   - progress: called after each episode with the results so far.
    ///   - shouldStop: asked between episodes; true stops early (Ctrl-C).
    /// - Throws: whatever the agent or environment throws.
    @discardableResult
    public func run(episodes count: Int, startingAt start: Int? = nil,
                    progress: ((EpisodeResult, Int) -> Void)? = nil,
                    shouldStop: (() -> Bool)? = nil) throws -> [EpisodeResult] {
        defer { environment.endRun() }
        var results: [EpisodeResult] = []
        results.reserveCapacity(count)
        for e in 0..<count {
            if shouldStop?() == true { break }
            results.append(try play(episode: start.map { $0 + e }))
            progress?(results[results.count - 1], results.count)
        }
        return results
    }

    /// Plays one episode to its end.
    public func play(episode number: Int? = nil) throws -> EpisodeResult {
        var step = number.map { environment.reset(episode: $0) } ?? environment.reset()
        let episode = step.observation.episode.number
        var total = 0.0
        while !step.isLast {
            step = try Driver.advance(environment, agent, from: step, observers: observers).next
            total += Double(step.reward)
        }
        let session = step.observation.session
        return EpisodeResult(episode: episode, totalReward: total, length: session.length,
                             listens: session.listens, end: step.end, outcomes: session.outcomes)
    }

    /// One turn: the agent acts on `step`, the environment steps, and the
    /// transition goes to the agent (when it learns), then to `observers`.
    /// - Returns: the transition, its `next` the new time step.
    /// - Throws: whatever the agent or environment throws.
    @inline(__always)
    public static func advance(_ environment: Environment, _ agent: any Agent, from step: TimeStep,
                               observers: [(Transition) -> Void] = []) throws -> Transition {
        let action = try agent.act(step)
        let next = try environment.step(action)
        let transition = Transition(observation: step.observation, action: action, candidate: next.played ?? -1, next: next)
        if agent.isLearning { try agent.observe(transition) }
        for observer in observers { observer(transition) }
        return transition
    }

    /// Brings `environment` to where an earlier run left `episode`: resets it
    /// and plays the recorded candidates again (deterministic, so the same
    /// outcomes follow).
    /// - Returns: the time step after the last play and the reward so far.
    /// - Throws: `SegueError` when a recorded play no longer fits the pool.
    public static func replay(_ environment: Environment, episode: Int, plays: [Int]) throws -> (step: TimeStep, reward: Double) {
        var now = environment.reset(episode: episode)
        var reward = 0.0
        for candidate in plays {
            now = try environment.step(.candidate(candidate))
            reward += Double(now.reward)
        }
        return (now, reward)
    }
}
