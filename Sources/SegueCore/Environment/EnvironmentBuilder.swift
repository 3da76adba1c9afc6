/// Makes environments from recipes, asking the registry for each component.
public struct EnvironmentBuilder {
    public var registry: Registry
    /// Values the caller holds by name (trained user models), which a recipe
    /// may name in place of a registered component.
    public var values: [String: AnyObject]
    /// Handed to every factory (see `ComponentContext.cache`).
    public var cache: ComponentCache?

    public init(registry: Registry, values: [String: AnyObject] = [:], cache: ComponentCache? = nil) {
        self.registry = registry
        self.values = values
        self.cache = cache
    }

    /// Builds the environment `recipe` describes over `world`.
    /// - Throws: `SegueError` naming the first component that is unknown, has
    ///   a bad parameter, or fails to build.
    public func build(_ recipe: Recipe, world: World) throws -> Environment {
        let context = ComponentContext(registry: registry, world: world, seed: recipe.seed, values: values, cache: cache)
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

    /// `count` more environments like `environment`, for batched training:
    /// built from its recipe over its world, each with its own episodes; a
    /// user-model value the recipe names is replicated (`ReplicableUserModel`:
    /// shared weights, own state); trackers are left to the original, so their
    /// files are written once.
    /// - Throws: `SegueError` when the environment has no recipe, or a build fails.
    public func replicas(of environment: Environment, count: Int) throws -> [Environment] {
        guard count > 0 else { return [] }
        guard var recipe = environment.recipe else {
            throw SegueError("\(count + 1) replicas need an environment built from a recipe (`env …`)")
        }
        recipe.trackers = []
        var builder = self
        return try (0..<count).map { _ in
            if let replicable = environment.userModel as? any ReplicableUserModel, values[recipe.userModel.name] != nil {
                builder.values[recipe.userModel.name] = replicable.replica()
            }
            return try builder.build(recipe, world: environment.world)
        }
    }
}
