/// A recipe's keys as options, declared once: the shell's `env` command takes
/// them, `help env` lists them, completion offers them and their components,
/// and `apply(_:)` writes them into a recipe.
extension Recipe {
    /// Every recipe key with its type, default and help.
    public static let options: [ParameterSpec] = [
        .component("user", .userModel, "truth",
                   "the user model: a registered one, `truth` (the world's ground truth) or a model value's name"),
        .component("sampler", .trackSampler, "no-repeat", "turns the agent's action into a track"),
        .component("episodes", .episodeSampler, "random-pool", "draws each episode's listener, pool and context"),
        .component("end", .terminationRule, "max-length,consecutive-skips",
                   "termination rules, comma-separated; the first to end the episode wins"),
        .component("trackers", .tracker, "", "episode trackers, comma-separated"),
        .int("seed", 1, range: 0...Double(Int.max), "the seed every episode derives from"),
        .int("history", 0, range: 0...64,
             "latest plays (features and ±1 outcome) appended to the observation's context"),
    ]

    /// Writes `key=value` options into this recipe.
    /// - Throws: `SegueError` for an undeclared key, a bad value or a malformed
    ///   component spec.
    public mutating func apply(_ options: [(String, String)]) throws {
        let parameters = try Parameters(specs: Recipe.options, given: options, component: "env")
        let given = Set(options.map(\.0))
        func specs(_ text: String) throws -> [ComponentSpec] {
            try ComponentSpec.splitTopLevel(text, separator: ",").filter { !$0.isEmpty }.map(ComponentSpec.parse)
        }
        if given.contains("user") { userModel = try ComponentSpec.parse(parameters.string("user")) }
        if given.contains("sampler") { trackSampler = try ComponentSpec.parse(parameters.string("sampler")) }
        if given.contains("episodes") { episodeSampler = try ComponentSpec.parse(parameters.string("episodes")) }
        if given.contains("end") { terminations = try specs(parameters.string("end")) }
        if given.contains("trackers") { trackers = try specs(parameters.string("trackers")) }
        if given.contains("seed") { seed = UInt64(parameters.int("seed")) }
        if given.contains("history") { history = parameters.int("history") }
    }
}
