import SegueCore
import SegueComponents
import SegueModels
import SegueAgents

extension Registry {
    /// Every built-in component: worlds, samplers, rules, trackers, heuristic
    /// agents, learned user models and learning agents.
    public static func standard() -> Registry {
        let registry = Registry.builtins()
        registry.registerModels()
        registry.registerAgents()
        return registry
    }
}
