import SegueCore

extension Registry {
    /// A registry holding every built-in component.
    public static func builtins() -> Registry {
        let registry = Registry()
        registry.registerBuiltins()
        return registry
    }

    /// Registers the built-in worlds, user models, samplers, termination
    /// rules, trackers and agents.
    public func registerBuiltins() {
        let descriptors: [ComponentDescriptor] = [
            WorldComponents.demo, WorldComponents.bench, LoggedWorld.descriptor,
            GroundTruth.descriptor,
            NoRepeatSampler.descriptor,
            RandomPoolSampler.descriptor,
            MaxLengthRule.descriptor, ConsecutiveSkipsRule.descriptor, AbandonmentRule.descriptor,
            StepLog.descriptor,
            RandomAgent.descriptor, FeatureAgent.popularity, CosineAgent.descriptor, GreedyAgent.descriptor,
        ]
        for descriptor in descriptors {
            // Built-in names are distinct by construction.
            try! register(descriptor)
        }
    }
}
