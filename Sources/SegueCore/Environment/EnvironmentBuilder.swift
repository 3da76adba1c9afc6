/// Makes environments from recipes, asking the registry for each component.
public struct EnvironmentBuilder {
    public var registry: Registry
    /// Values the caller holds by name (trained user models), which a recipe
    /// may name in place of a registered component.
    public var values: [String: AnyObject]

    public init(registry: Registry, values: [String: AnyObject] = [:]) {
        self.registry = registry
        self.values = values
    }

    /// Builds the environment `recipe` describes over `world`.
    /// - Throws: `SegueError` naming the first component that is unknown, has
    ///   a bad parameter, or fails to build.
    public func build(_ recipe: Recipe, world: World) throws -> Environment {
        let context = ComponentContext(registry: registry, world: world, seed: recipe.seed, values: values)
        let userModel: any UserModel
        if let held = values[recipe.userModel.name], recipe.userModel.parameters.isEmpty {
            guard let model = held as? any UserModel else {
                throw SegueError("'\(recipe.userModel.name)' is not a user model")
            }
            userModel = model
        } else {
            userModel = try registry.make(.userModel, recipe.userModel, context: context) as any UserModel
        }
        let sampler: any TrackSampler = try registry.make(.trackSampler, recipe.trackSampler, context: context)
        let episodes: any EpisodeSampler = try registry.make(.episodeSampler, recipe.episodeSampler, context: context)
        let rules: [any TerminationRule] = try recipe.terminations.map {
            try registry.make(.terminationRule, $0, context: context)
        }
        let trackers: [any EpisodeTracker] = try recipe.trackers.map {
            try registry.make(.tracker, $0, context: context)
        }
        guard episodes.poolSize > 0 else {
            throw SegueError("episode sampler '\(recipe.episodeSampler.name)' declares an empty pool")
        }
        let environment = Environment(world: world, userModel: userModel, trackSampler: sampler,
                                      episodeSampler: episodes, terminations: rules, trackers: trackers,
                                      seed: recipe.seed, history: recipe.history)
        environment.recipe = recipe
        return environment
    }
}
