import Foundation
import SegueCore

extension ComponentContract {
    // MARK: - Termination rules

    /// A termination rule's contract: the environment checks with it as the
    /// only rule (episodes still end when the pool runs out), the same
    /// decisions from a second instance, and how often it ended a session.
    func checkTerminationRule(_ spec: ComponentSpec) -> [Finding] {
        let (made, built): ((any TerminationRule)?, Finding) = make(.terminationRule, spec, as: "TerminationRule")
        guard let rule = made else { return [built] }
        let (twin, _): ((any TerminationRule)?, Finding) = make(.terminationRule, spec, as: "TerminationRule")
        var recipe = baseRecipe
        recipe.terminations = [spec]
        var findings = [built] + environmentFindings(recipe)
        findings.append(attempt("deterministic decisions") {
            let env = try environment(recipe)
            var asked = 0, differ = 0, ended = 0
            let key = SeedKey(seed).derive(78)
            try play(env, agent: RandomAgent()) { step in
                let session = step.observation.session
                guard session.length > 0 else { return }
                for i in 0..<4 {
                    let u = key.uniform(UInt64(asked * 4 + i))
                    let decision = rule.end(after: session, uniform: u)
                    if decision != twin?.end(after: session, uniform: u) || decision != rule.end(after: session, uniform: u) {
                        differ += 1
                    }
                }
                asked += 1
            }
            for e in 0..<episodes {
                var step = env.reset(episode: e)
                let agent = RandomAgent()
                while !step.isLast { step = try Driver.advance(env, agent, from: step).next }
                if step.observation.mask.contains(true) { ended += 1 }
            }
            let limits = [rule.lengthLimit.map { "length limit \($0)" }, rule.skipLimit.map { "skip limit \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            return Finding("deterministic decisions", passed: differ == 0 && twin != nil, differ == 0
                ? "same session and draw, same decision (\(asked) sessions asked); it ended \(ended) of \(episodes) episodes before the pool ran out\(limits.isEmpty ? "" : "; declares \(limits)")"
                : "\(differ) decisions changed between calls or instances for the same session and draw")
        })
        return findings
    }

    // MARK: - Trackers

    /// A tracker's contract: the environment checks with it attached, and
    /// episodes identical with and without it (an observer changes nothing).
    ///
    /// The check writes nothing where the tracker would write in use: path
    /// parameters not given (and string parameters named like a place: path,
    /// folder, dir, file) point into a scratch folder, the working directory is
    /// that folder while the tracker runs (for paths it makes up itself), and the
    /// folder is removed afterwards.
    func checkTracker(_ given: ComponentSpec) -> [Finding] {
        let scratch = NSTemporaryDirectory() + "segue-tracker-check-\(UUID().uuidString)"
        let home = FileManager.default.currentDirectoryPath
        guard (try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)) != nil,
              FileManager.default.changeCurrentDirectoryPath(scratch) else {
            return [Finding("builds", passed: false, "cannot make a scratch folder for the check at \(scratch)")]
        }
        defer {
            FileManager.default.changeCurrentDirectoryPath(home)
            try? FileManager.default.removeItem(atPath: scratch)
        }
        var spec = given
        for parameter in (try? registry.descriptor(.tracker, given.name))?.parameters ?? []
        where given.parameters[parameter.name] == nil {
            let placeLike = ["path", "folder", "dir", "directory", "file", "out", "output"].contains(parameter.name.lowercased())
            if parameter.type == .path || (parameter.type == .string && placeLike) {
                spec = ComponentSpec(spec.name, spec.orderedParameters + [(parameter.name, "\(scratch)/\(parameter.name)")])
            }
        }
        return checkTracker(checked: spec).map { finding in
            var f = finding
            f.detail = f.detail.replacingOccurrences(of: scratch, with: "(scratch folder)")
            return f
        }
    }

    /// The tracker contract proper, on `spec` as `checkTracker` confined it.
    private func checkTracker(checked spec: ComponentSpec) -> [Finding] {
        let (made, built): ((any EpisodeTracker)?, Finding) = make(.tracker, spec, as: "EpisodeTracker")
        guard made != nil else { return [built] }
        var recipe = baseRecipe
        recipe.trackers = [spec]
        var findings = [built] + environmentFindings(recipe)
        findings.append(attempt("observer only") {
            let with = try trace(try environment(recipe))
            let without = try trace(try environment(baseRecipe))
            return Finding("observer only", passed: with == without, with == without
                ? "\(with.count) plays identical with and without it"
                : "attaching it changed the episodes (a tracker must only observe)")
        })
        return findings
    }

    /// Candidates and outcomes of the contract's episodes under a random policy.
    private func trace(_ env: Environment) throws -> [Int] {
        var out: [Int] = []
        try play(env, agent: RandomAgent()) { step in
            out.append(step.observation.session.candidates.last ?? -1)
            out.append(step.observation.session.lastListened ? 1 : 0)
        }
        return out
    }

    // MARK: - Worlds

    /// A world's contract: it builds with its defaults, and the default
    /// recipe over it passes the environment checks.
    func checkWorld(_ spec: ComponentSpec) -> [Finding] {
        let (made, built): (World?, Finding) = make(.world, spec, as: "World")
        guard let made else { return [built] }
        let contract = ComponentContract(registry: registry, world: made, values: values, episodes: episodes,
                                         poolSize: min(poolSize, made.catalog.count), seed: seed)
        return [built] + contract.environmentFindings(contract.baseRecipe)
    }
}
