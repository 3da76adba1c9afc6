import SegueCore

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
            let action = try agent.act(step)
            let next = try environment.step(action)
            let transition = Transition(observation: step.observation, action: action,
                                        candidate: next.observation.session.candidates.last ?? -1, next: next)
            if agent.isLearning { try agent.observe(transition) }
            for observer in observers { observer(transition) }
            total += Double(next.reward)
            step = next
        }
        let session = step.observation.session
        return EpisodeResult(episode: episode, totalReward: total, length: session.length,
                             listens: session.listens, end: step.end, outcomes: session.outcomes)
    }
}
