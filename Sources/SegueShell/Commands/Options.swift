import SegueCore

/// Options several commands share, declared once.
enum Options {
    /// `env=NAME`: the environment to act in.
    static let env = ParameterSpec.value("env", "env", "env", "the environment (a value made by `env`)")
    /// `world=NAME`: the world to read.
    static let world = ParameterSpec.value("world", "world", "world", "the world (a value made by `world`)")
    /// `seed=N`: a seed.
    static func seed(_ value: Int = 1, _ help: String) -> ParameterSpec {
        .int("seed", value, range: 0...Double(Int.max), help)
    }
}
