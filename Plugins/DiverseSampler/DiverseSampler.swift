// DiverseSampler: a track sampler that trades an agent's preference against
// variety, by maximal marginal relevance (MMR) over candidate features.
//
//   plugin load Plugins/DiverseSampler
//   env sampler=mmr(lambda=0.6)
//   compare popularity cosine
//
// Imports only SegueCore; see docs/plugins.md.
import SegueCore

/// Plays the unused candidate that maximises
///
/// ```
/// MMR(c) = λ · relevance(c) − (1 − λ) · max_{j ∈ recent} max(0, cos(x_c, x_j))
/// ```
///
/// (Carbonell & Goldstein, 1998), where `x` are candidate features (the
/// acoustic columns by default), `recent` the last `window` plays of the
/// episode, and `relevance` the action rescaled to [0, 1] over the unused
/// candidates: `.scores` min-max scaled; `.point` 1 − distance / farthest;
/// a repeated `.candidate(c)` the cosine to c. An unused `.candidate(c)` is
/// played as asked: the agent chose it. λ = 1 is the no-repeat sampler.
///
/// - Complexity: O(C · (F + window · F)) per step for C candidates of F features.
final class DiverseSampler: TrackSampler {
    let lambda: Float
    let window: Int
    /// Feature columns compared; empty means all.
    let columns: [Int]

    init(lambda: Float, window: Int, columns: [Int]) {
        self.lambda = lambda
        self.window = window
        self.columns = columns
    }

    func candidate(for action: Action, observation o: Observation) throws -> Int {
        let mask = o.mask
        let free = o.unusedCandidates
        guard !free.isEmpty else { throw SegueError("mmr: no unused candidate is left in the pool") }
        let relevance: [Float]
        switch action {
        case .candidate(let c):
            guard mask.indices.contains(c) else {
                throw SegueError("mmr: action picks candidate \(c), but the pool has \(mask.count) (0...\(mask.count - 1))")
            }
            if mask[c] { return c }
            relevance = free.map { max(0, cosine(o, $0, c)) }
        case .scores(let scores):
            guard scores.count == mask.count else {
                throw SegueError("mmr: action scores \(scores.count) candidates, but the pool has \(mask.count)")
            }
            guard free.allSatisfy({ scores[$0].isFinite }) else {
                throw SegueError("mmr: action scores are not all finite")
            }
            let s = free.map { scores[$0] }
            let low = s.min()!, high = s.max()!
            relevance = s.map { high > low ? ($0 - low) / (high - low) : 1 }
        case .point(let point):
            guard point.count == o.featureCount else {
                throw SegueError("mmr: action is a point of \(point.count) features; tracks have \(o.featureCount)")
            }
            let distances = free.map { c -> Float in
                zip(o.features(ofCandidate: c), point).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            }
            let far = max(distances.max()!, 1e-12)
            relevance = distances.map { 1 - $0 / far }
        }
        let recent = window == 0 ? o.session.candidates : Array(o.session.candidates.suffix(window))
        var best = free[0]
        var bestValue = -Float.infinity
        for (i, c) in free.enumerated() {
            let redundancy = recent.map { max(0, cosine(o, c, $0)) }.max() ?? 0
            let value = lambda * relevance[i] - (1 - lambda) * redundancy
            if value > bestValue { best = c; bestValue = value }
        }
        return best
    }

    /// Cosine between candidates `a` and `b` over the compared columns.
    func cosine(_ o: Observation, _ a: Int, _ b: Int) -> Float {
        let x = o.features(ofCandidate: a), y = o.features(ofCandidate: b)
        var dot: Float = 0, xx: Float = 0, yy: Float = 0
        for k in columns.isEmpty ? Array(0..<o.featureCount) : columns {
            let u = x[x.startIndex + k], v = y[y.startIndex + k]
            dot += u * v
            xx += u * u
            yy += v * v
        }
        return dot / max((xx * yy).squareRoot(), 1e-12)
    }

    static let descriptor = ComponentDescriptor(
        kind: .trackSampler, name: "mmr",
        summary: "maximal marginal relevance: the agent's preference traded against similarity to recent plays",
        parameters: [
            .double("lambda", 0.7, range: 0...1, "weight of the agent's preference; 1 - lambda weighs redundancy (1: no-repeat)"),
            .int("window", 5, range: 0...10_000, "recent plays compared against (0: the whole session)"),
            .choice("space", ["acoustic", "all"], "acoustic", "features compared: the acoustic vector, or every feature"),
        ],
        make: { p, context in
            var columns: [Int] = []
            if p.string("space") == "acoustic", let world = context.world {
                columns = world.catalog.featureNames.indices.filter { world.catalog.featureNames[$0].hasPrefix("acoustic_vector_") }
            }
            return DiverseSampler(lambda: Float(p.double("lambda")), window: p.int("window"), columns: columns)
        })
}

/// The plugin API version this plugin is built for (checked when it is loaded).
@_cdecl("segue_plugin_api_version")
public func segueAPIVersion() -> Int32 { PluginAPI.version }

/// Registers the plugin's components with the host's registry.
@_cdecl("segue_plugin_register")
public func segueRegister(_ pointer: UnsafeMutableRawPointer) {
    PluginRegistrar.from(pointer).register(DiverseSampler.descriptor)
}
