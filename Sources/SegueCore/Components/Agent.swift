/// One step of experience, as learners store it.
public struct Transition: Sendable {
    public var observation: Observation
    public var action: Action
    /// The candidate the track sampler actually played.
    public var candidate: Int
    public var next: TimeStep

    public init(observation: Observation, action: Action, candidate: Int, next: TimeStep) {
        self.observation = observation
        self.action = action
        self.candidate = candidate
        self.next = next
    }
}

/// A policy that acts on time steps and, if it learns, trains from experience.
public protocol Agent: AnyObject {
    /// The action for the current time step.
    /// - Throws: `SegueError` when the observation does not fit the agent.
    func act(_ timeStep: TimeStep) throws -> Action

    /// Whether the agent learns from `observe`. Default: false.
    var isLearning: Bool { get }

    /// Hands the agent one transition. Default: nothing (fixed policies).
    func observe(_ transition: Transition) throws
}

extension Agent {
    public var isLearning: Bool { false }
    public func observe(_ transition: Transition) throws {}
}
