import SegueCore

extension ComponentContract {
    // MARK: - Track samplers

    /// A track sampler's contract: the environment checks with it, then at
    /// every step of the contract's episodes a repeated pick, an unused pick,
    /// scores and a point must each give an unused candidate, the same one
    /// from a second instance; unreadable actions must throw.
    func checkTrackSampler(_ spec: ComponentSpec) -> [Finding] {
        let (made, built): ((any TrackSampler)?, Finding) = make(.trackSampler, spec, as: "TrackSampler")
        guard let sampler = made else { return [built] }
        var recipe = baseRecipe
        recipe.trackSampler = spec
        var findings = [built] + environmentFindings(recipe)
        let (twin, _): ((any TrackSampler)?, Finding) = make(.trackSampler, spec, as: "TrackSampler")
        var answered: [String: Int] = [:]
        var differ = 0
        findings.append(attempt("no repeats, every action kind") {
            let env = try environment(recipe)
            var draw: UInt64 = 0
            let key = SeedKey(seed).derive(77)
            try play(env, agent: RandomAgent()) { step in
                let o = step.observation
                let c = o.candidateCount
                var actions: [(String, Action)] = [
                    ("candidate", .candidate(o.unusedCandidates[key.index(draw, below: o.unusedCandidates.count)])),
                    ("scores", .scores((0..<c).map { Float(key.uniform(draw &+ 1_000 &+ UInt64($0))) })),
                    ("point", .point(Array(o.features(ofCandidate: key.index(draw &+ 2, below: c))))),
                ]
                if let used = o.session.candidates.last { actions.append(("repeat", .candidate(used))) }
                draw &+= 3_000
                for (name, action) in actions {
                    let chosen = try sampler.candidate(for: action, observation: o)
                    guard o.mask.indices.contains(chosen), o.mask[chosen] else {
                        throw SegueError("for \(action) at step \(o.session.length) of episode \(o.episode.number) it chose candidate \(chosen), which is \(o.mask.indices.contains(chosen) ? "already played" : "outside the pool")")
                    }
                    answered[name, default: 0] += 1
                    if let twin, try twin.candidate(for: action, observation: o) != chosen { differ += 1 }
                }
            }
            let counts = ["candidate", "scores", "point", "repeat"].map { "\(answered[$0] ?? 0) \($0)" }.joined(separator: ", ")
            return Finding("no repeats, every action kind", passed: true, "always an unused candidate for \(counts) actions")
        })
        findings.append(Finding("deterministic choices", passed: differ == 0 && twin != nil, differ == 0
            ? "a second instance chose the same candidate for every action"
            : "a second instance chose differently for \(differ) actions"))
        findings.append(attempt("unreadable actions refused") {
            let env = try environment(recipe)
            let o = env.reset(episode: 0).observation
            let bad: [Action] = [.candidate(o.candidateCount), .candidate(-1),
                                 .scores(Array(repeating: 0, count: o.candidateCount + 1)),
                                 .point(Array(repeating: 0, count: o.featureCount + 1))]
            let accepted = bad.filter { (try? sampler.candidate(for: $0, observation: o)) != nil }
            return Finding("unreadable actions refused", passed: accepted.isEmpty, accepted.isEmpty
                ? "out-of-range picks and wrong-length scores and points throw a SegueError"
                : "accepted \(accepted.map(\.description).joined(separator: ", ")) (should throw)")
        })
        return findings
    }

    // MARK: - Episode samplers

    /// An episode sampler's contract: pools of the declared size, of distinct
    /// catalog tracks, valid users; episode j the same whichever order it is
    /// asked in and from a second instance; then the environment checks.
    func checkEpisodeSampler(_ spec: ComponentSpec) -> [Finding] {
        let (made, built): ((any EpisodeSampler)?, Finding) = make(.episodeSampler, spec, as: "EpisodeSampler")
        guard let sampler = made else { return [built] }
        let (twin, _): ((any EpisodeSampler)?, Finding) = make(.episodeSampler, spec, as: "EpisodeSampler")
        let count = max(episodes * 5, 20)
        let root = SeedKey(seed).derive(100)
        let drawn = (0..<count).map { sampler.episode(number: $0, key: root.derive(UInt64($0))) }
        var findings = [built]
        let declared = sampler.poolSize
        let pools = drawn.enumerated().first { _, e in
            e.pool.count != declared || Set(e.pool).count != e.pool.count
                || e.pool.contains { !(0..<world.catalog.count).contains($0) }
                || !(0..<world.population.count).contains(e.user)
        }
        if let (j, e) = pools {
            let reason = e.pool.count != declared ? "a pool of \(e.pool.count), declared \(declared)"
                : Set(e.pool).count != e.pool.count ? "a track twice in its pool"
                : e.pool.contains { !(0..<world.catalog.count).contains($0) } ? "a track outside the catalog (0..<\(world.catalog.count))"
                : "user \(e.user) outside the population (0..<\(world.population.count))"
            findings.append(Finding("pools", passed: false, "episode \(j) has \(reason)"))
            return findings   // the environment would stop on such a pool
        }
        findings.append(Finding("pools", passed: declared > 0,
                                "\(count) episodes: pools of the declared \(declared) distinct catalog tracks, valid users"))
        let shuffled = (0..<count).reversed().map { (twin ?? sampler).episode(number: $0, key: root.derive(UInt64($0))) }.reversed()
        let same = zip(drawn, shuffled).allSatisfy { $0.user == $1.user && $0.pool == $1.pool && $0.context == $1.context && $0.number == $1.number }
        findings.append(Finding("random access", passed: same, same
            ? "episode j is the same asked in reverse order, from a second instance"
            : "episodes differ when asked in another order or from a second instance (draw from the key only)"))
        var recipe = baseRecipe
        recipe.episodeSampler = spec
        return findings + environmentFindings(recipe)
    }
}
