import SegueCore

extension ComponentContract {
    /// An agent's contract: in the default environment, its actions are
    /// accepted by the no-repeat sampler over the contract's episodes, and two
    /// instances (fed the same experience, if they learn) act alike.
    func checkAgent(_ spec: ComponentSpec) -> [Finding] {
        let specs: EnvironmentSpecs
        do { specs = try environment(baseRecipe).specs } catch { return [Finding("environment", passed: false, "\(error)")] }
        let agentContext = ComponentContext(registry: registry, world: world, specs: specs, seed: seed, values: values)
        let first: any Agent, second: any Agent
        do {
            first = try registry.make(.agent, spec, context: agentContext)
            second = try registry.make(.agent, spec, context: agentContext)
        } catch {
            return [Finding("builds", passed: false, "\(error)")]
        }
        var findings = [Finding("builds", passed: true, "an Agent\(first.isLearning ? " that learns" : "")\(parameterText(.agent, spec))")]
        findings += environmentFindings(baseRecipe)
        var actions: [[Action]] = [[], []]
        do {
            for (i, agent) in [first, second].enumerated() {
                try play(try environment(baseRecipe), agent: Recorder(agent) { actions[i].append($0) })
            }
        } catch {
            findings.append(Finding("actions accepted", passed: false, "\(error)"))
            return findings
        }
        findings.append(Finding("actions accepted", passed: true,
                                "\(actions[0].count) actions over \(episodes) episodes, each accepted by no-repeat"))
        // A fixed policy must also act the same when it plays the episodes again.
        var replayed: [Action] = []
        if !first.isLearning {
            do {
                try play(try environment(baseRecipe), agent: Recorder(first) { replayed.append($0) })
            } catch {
                findings.append(Finding("deterministic actions", passed: false, "replaying the episodes: \(error)"))
                return findings
            }
        }
        let same = actions[0] == actions[1]
        let again = first.isLearning || replayed == actions[0]
        findings.append(Finding("deterministic actions", passed: same && again, !same
            ? "a second instance acted differently on the same episodes (draw from the episode's key)"
            : again ? "a second instance acted the same on the same episodes\(first.isLearning ? "" : ", and so did the first playing them again")"
                    : "playing the same episodes again, it acted differently (a fixed policy keeps no state between episodes)"))
        return findings
    }
}

/// Passes an agent's actions through, telling `record` each one.
private final class Recorder: Agent {
    let agent: any Agent
    let record: (Action) -> Void

    init(_ agent: any Agent, record: @escaping (Action) -> Void) {
        self.agent = agent
        self.record = record
    }

    var isLearning: Bool { agent.isLearning }

    func act(_ timeStep: TimeStep) throws -> Action {
        let action = try agent.act(timeStep)
        record(action)
        return action
    }

    func observe(_ transition: Transition) throws { try agent.observe(transition) }
}
