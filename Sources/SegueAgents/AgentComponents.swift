import SegueCore

extension Registry {
    /// Registers the learning agents (DQN, AH-DQN, policy gradient).
    public func registerAgents() {}
}
