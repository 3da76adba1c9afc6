import SegueCore

/// An agent's hyperparameters: a `DeclaredConfig` (SegueCore), whose fields give
/// the agent's registry schema, `describe`, validation and completion.
public typealias AgentConfig = DeclaredConfig
