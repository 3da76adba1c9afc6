import SegueCore

/// Plays a uniformly random unused candidate, drawn portably from the
/// episode's policy stream (`bench-workload-v1`, section 7):
/// `free[floor(uniform(derive(k,3), t) · |free|)]` over unused indices ascending.
public final class RandomAgent: Agent {
    public init() {}

    public func act(_ timeStep: TimeStep) throws -> Action {
        let o = timeStep.observation
        return try o.mask.withUnsafeBufferPointer { mask in
            var unused = 0
            for free in mask { unused += free ? 1 : 0 }
            guard unused > 0 else { throw SegueError("random agent: no unused candidate left") }
            // The draw-th unused candidate in ascending order.
            var draw = o.episode.key.derive(EpisodeStream.policy).index(UInt64(o.session.length), below: unused)
            for c in 0..<mask.count where mask[c] {
                if draw == 0 { return .candidate(c) }
                draw -= 1
            }
            return .candidate(0)
        }
    }

    static let descriptor = ComponentDescriptor(
        kind: .agent, name: "random", summary: "a uniformly random unused candidate (seeded by the episode)",
        make: { _, _ in RandomAgent() })
}

/// Scores candidates by one feature column and plays the best unused one.
public final class FeatureAgent: Agent {
    let column: Int

    init(column: Int) { self.column = column }

    public func act(_ timeStep: TimeStep) throws -> Action {
        let o = timeStep.observation
        let f = o.featureCount
        return .scores((0..<o.candidateCount).map { o.candidates[$0 * f + column] })
    }

    static let popularity = ComponentDescriptor(
        kind: .agent, name: "popularity", summary: "the most popular unused candidate",
        parameters: [.string("feature", "popularity", "the catalog feature that measures popularity")],
        make: { p, context in
            let world = try context.requireWorld(for: "popularity")
            let name = p.string("feature")
            guard let column = world.catalog.featureIndex(named: name) else {
                let near = Suggestions.closest(to: name, in: world.catalog.featureNames).map { " — did you mean '\($0)'?" } ?? ""
                throw SegueError("popularity: world '\(world.name)' has no feature '\(name)'\(near)",
                                 hint: "its features: \(world.catalog.featureNames.joined(separator: ", "))")
            }
            return FeatureAgent(column: column)
        })
}

/// Plays the unused candidate most similar to the listener's taste: cosine
/// similarity between user and track features (the paper's online baseline).
public final class CosineAgent: Agent {
    let userWidth: Int
    /// Weight of the mean listened track when blending it into the taste
    /// (0: the profile alone).
    let sessionWeight: Float

    init(userWidth: Int, sessionWeight: Float) {
        self.userWidth = userWidth
        self.sessionWeight = sessionWeight
    }

    public func act(_ timeStep: TimeStep) throws -> Action {
        let o = timeStep.observation
        let f = o.featureCount
        guard userWidth == f else {
            throw SegueError("cosine: user features (\(userWidth)) and track features (\(f)) differ in width",
                             hint: "cosine needs a world whose users live in track-feature space")
        }
        var taste = Array(o.context[0..<f])
        if sessionWeight > 0 && o.session.listens > 0 {
            for j in 0..<f { taste[j] += sessionWeight * o.context[f + j] }
        }
        let tasteNorm = max(taste.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
        let scores = (0..<o.candidateCount).map { c -> Float in
            var dot: Float = 0, norm: Float = 0
            for j in 0..<f { let v = o.candidates[c * f + j]; dot += v * taste[j]; norm += v * v }
            return dot / (tasteNorm * max(norm.squareRoot(), 1e-12))
        }
        return .scores(scores)
    }

    static let descriptor = ComponentDescriptor(
        kind: .agent, name: "cosine",
        summary: "the unused candidate closest in cosine to the user's taste (the paper's online baseline)",
        parameters: [.double("session", 0, range: 0...10, "weight of the session's mean listened track added to the taste")],
        make: { p, context in
            let world = try context.requireWorld(for: "cosine")
            return CosineAgent(userWidth: world.population.featureCount, sessionWeight: Float(p.double("session")))
        })
}

/// Plays the unused candidate a user model rates most likely to be listened
/// to (the paper's CWM-GMPC). With the world's ground truth it is the myopic
/// oracle: best now, blind to what the choice does to later plays.
public final class GreedyAgent: Agent {
    let model: any UserModel

    public init(model: any UserModel) { self.model = model }

    public func act(_ timeStep: TimeStep) throws -> Action {
        let o = timeStep.observation
        let free = o.unusedCandidates
        let p = model.listenProbabilities(of: free.map { o.episode.pool[$0] }, episode: o.episode, session: o.session)
        var best = free.first ?? 0
        var bestP = -Double.infinity
        for (i, c) in free.enumerated() where p[i] > bestP { best = c; bestP = p[i] }
        return .candidate(best)
    }

    static let descriptor = ComponentDescriptor(
        kind: .agent, name: "greedy",
        summary: "the unused candidate a user model rates most likely to be listened to (myopic; oracle with truth)",
        parameters: [.component("model", .userModel, "truth", "the user model that scores candidates")],
        make: { p, context in GreedyAgent(model: try context.userModel(named: p.string("model"))) })
}
