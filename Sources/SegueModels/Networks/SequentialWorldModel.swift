import Foundation
import SegueCore
import SegueTensor

/// SWM, the sequential world model: an LSTM reads the session so far and a
/// dense head scores the next track.
///
/// With `s` the session encoding (the context; then, listener-aware, the
/// listener's features `u`), `x_j = track_j ‖ listened_j ‖ s` for each earlier
/// play `j`, and `h_{t−1}` the LSTM's top output after play `t − 1` (zeros at `t = 0`):
///
/// ```
/// q_t   = W_q·(h_{t−1} ‖ u) + b_q                             (a taste in track space, [F]; no u when blind)
/// z_t   = h_{t−1} ‖ track_t ‖ s ‖ t/20 ‖ (q_t ⊙ track_t) ‖ recent_t
/// P(listen of track_t) = σ(MLP_head(z_t))
/// ```
///
/// `recent_t` compares the candidate with each of the last K plays
/// (`RecentPlays`; empty when K = 0, as in models saved before it existed),
/// so fatigue from repeats and smooth transitions need not be squeezed
/// through the LSTM state.
///
/// The bilinear term `q ⊙ track` lets the head compare what the session
/// revealed of the listener's taste with the candidate directly; with `u`, a
/// listener-aware SWM knows the listener before the first play. Scoring a
/// pool at one step runs the head once over all candidates; the LSTM state
/// is cached per episode and advanced one play at a time, and is rebuilt
/// from `session.played/outcomes` whenever they do not extend what it saw,
/// so answers never depend on the order of calls.
public final class SequentialWorldModel: LearnedUserModel, GradientModel {
    public let kind = ModelKind.swm
    public let encoder: FeatureEncoder
    /// LSTM layer sizes, bottom first.
    public let layerSizes: [Int]
    /// Width of the head's hidden layer.
    public let headSize: Int
    /// The candidate-against-recent-plays features the head reads.
    public let recent: RecentPlays
    /// L2 norm of each track's standardised features, for `recent`'s cosines
    /// (empty when `recent` reads no plays).
    let trackNorms: [Float]
    public var training: TrainingSummary?
    let lstm: LSTM
    let projection: Dense
    let head: Sequential
    /// The catalog's standardised features, `[tracks, F]`.
    let tracks: [Float]
    /// The population's standardised features, `[users, U]` (empty unless listener-aware).
    let listeners: [Float]
    let catalog: Catalog
    /// The per-episode history the LSTM has read.
    var history = History()

    /// What the LSTM has read of the current episode, and its state after it.
    struct History {
        var context: SessionContext?
        var user = -1
        var played: [Int] = []
        var outcomes: [Bool] = []
        var state: [LSTMState]?
        var output: [Float] = []
    }

    /// A model with fresh weights drawn from `generator` (LSTM, projection, head in that order).
    /// - Parameter population: the listeners, for a listener-aware encoder.
    /// - Throws: `SegueError` when the catalog's (or population's) features
    ///   differ from the encoder's.
    /// - Parameter recentPlays: plays the head compares each candidate with (0: none).
    public init(encoder: FeatureEncoder, layerSizes: [Int], headSize: Int, recentPlays: Int = 0, catalog: Catalog,
                population: Population? = nil, using generator: inout some RandomNumberGenerator) throws {
        self.encoder = encoder
        self.layerSizes = layerSizes
        self.headSize = headSize
        recent = RecentPlays(depth: recentPlays, trackWidth: encoder.trackWidth)
        self.catalog = catalog
        let normalized = try encoder.normalizedTracks(of: catalog)
        tracks = normalized
        listeners = try NetworkSupport.listeners(encoder, population)
        let f = encoder.trackWidth, c = encoder.sessionWidth, h = layerSizes.last!
        trackNorms = recentPlays == 0 ? [] : normalized.withUnsafeBufferPointer { all in
            (0..<(normalized.count / f)).map { RecentPlays.norm(all.baseAddress! + $0 * f, f) }
        }
        lstm = LSTM(inputSize: f + 1 + c, hiddenSizes: layerSizes, using: &generator)
        projection = Dense(inputSize: h + encoder.listenerWidth, outputSize: f, using: &generator)
        head = Sequential.mlp(sizes: [h + f + c + 1 + f + recent.width, headSize, 1], using: &generator)
    }

    /// `other`'s architecture and data, with its layers (`sharingWeights`) or
    /// with fresh layers of the same shapes (`replica`: a training worker's
    /// own caches and gradients; `TrainingWorkers` sets its weights before
    /// each use, so the throwaway draws here never show).
    private init(_ other: SequentialWorldModel, sharingLayers: Bool) {
        encoder = other.encoder
        layerSizes = other.layerSizes
        headSize = other.headSize
        recent = other.recent
        trackNorms = other.trackNorms
        catalog = other.catalog
        tracks = other.tracks
        listeners = other.listeners
        if sharingLayers {
            lstm = other.lstm
            projection = other.projection
            head = other.head
            training = other.training
        } else {
            var unused = SeededGenerator(key: SeedKey(0))
            lstm = LSTM(inputSize: other.encoderWidth, hiddenSizes: other.layerSizes, using: &unused)
            projection = Dense(inputSize: other.projection.inputSize, outputSize: other.projection.outputSize, using: &unused)
            head = Sequential.mlp(sizes: [other.headWidth, other.headSize, 1], using: &unused)
        }
    }

    func replica() -> SequentialWorldModel { SequentialWorldModel(self, sharingLayers: false) }

    var hiddenWidth: Int { layerSizes.last! }
    var encoderWidth: Int { encoder.trackWidth + 1 + encoder.sessionWidth }
    var headWidth: Int { hiddenWidth + 2 * encoder.trackWidth + encoder.sessionWidth + 1 + recent.width }
    /// Where the recent-plays features start in a head input row.
    var recentOffset: Int { headWidth - recent.width }
    var weights: ParameterGroup { ParameterGroup([("lstm", lstm), ("projection", projection), ("head", head)]) }

    public var parameters: [Parameter] { weights.parameters }
    public var architecture: [String: String] {
        var facts = ["layers": layerSizes.map(String.init).joined(separator: ","), "head": String(headSize)]
        if encoder.listenerWidth > 0 { facts["listener"] = "true" }
        if recent.depth > 0 { facts["recent"] = String(recent.depth) }
        return facts
    }
    public var tensors: [(name: String, matrix: Matrix)] { NetworkSupport.tensors(weights) }
    public func sharingWeights() -> any LearnedUserModel { SequentialWorldModel(self, sharingLayers: true) }

    // MARK: - As a simulator user model

    public func beginEpisode(_ episode: Episode) {
        history = History(context: episode.context, user: episode.user)
    }

    public func observe(track: Int, listened: Bool, episode: Episode, session: SessionState) {
        _ = readHistory(episode: episode, session: session)
    }

    /// `h_{t−1}` for `session`, advancing (or rebuilding) the cached state.
    func readHistory(episode: Episode, session: SessionState) -> [Float] {
        let played = session.played, outcomes = session.outcomes
        let seen = history.played.count
        if history.context != episode.context || history.user != episode.user || seen > played.count
            || !played.prefix(seen).elementsEqual(history.played)
            || !outcomes.prefix(seen).elementsEqual(history.outcomes) {
            history = History(context: episode.context, user: episode.user)
        }
        if history.output.isEmpty { history.output = Array(repeating: 0, count: hiddenWidth) }
        guard history.played.count < played.count else { return history.output }
        let f = encoder.trackWidth
        let context = encoder.encode(episode.context, listener: episode.user, listeners: listeners)
        for j in history.played.count..<played.count {
            var x = [Float](repeating: 0, count: encoderWidth)
            for k in 0..<f { x[k] = tracks[played[j] * f + k] }
            x[f] = outcomes[j] ? 1 : 0
            for k in 0..<context.count { x[f + 1 + k] = context[k] }
            let (output, state) = lstm.step(Matrix(rowVector: x), state: history.state)
            history.state = state
            history.output = output.storage
            history.played.append(played[j])
            history.outcomes.append(outcomes[j])
        }
        return history.output
    }

    public func listenProbabilities(of candidates: [Int], episode: Episode, session: SessionState) -> [Double] {
        guard !candidates.isEmpty else { return [] }
        let h = readHistory(episode: episode, session: session)
        let context = encoder.encode(episode.context, listener: episode.user, listeners: listeners)
        let q = projection.apply(Matrix(rowVector: h + context[FeatureEncoder.contextWidth...])).storage
        let position = FeatureEncoder.position(session.length)
        let (hw, f, cw, width) = (hiddenWidth, encoder.trackWidth, encoder.sessionWidth, headWidth)
        let played = session.played, outcomes = session.outcomes
        var z = Matrix(rows: candidates.count, columns: width)
        z.storage.withUnsafeMutableBufferPointer { out in
            tracks.withUnsafeBufferPointer { all in
                for (r, track) in candidates.enumerated() {
                    let row = out.baseAddress! + r * width
                    for k in 0..<hw { row[k] = h[k] }
                    for k in 0..<f { row[hw + k] = all[track * f + k] }
                    for k in 0..<cw { row[hw + f + k] = context[k] }
                    row[hw + f + cw] = position
                    for k in 0..<f { row[hw + f + cw + 1 + k] = q[k] * all[track * f + k] }
                    if recent.depth > 0 {
                        recent.write(candidate: (all.baseAddress! + track * f, trackNorms[track]),
                                     recent: { k in
                                         guard k <= played.count else { return nil }
                                         let back = played[played.count - k]
                                         return (all.baseAddress! + back * f, trackNorms[back])
                                     },
                                     listened: { outcomes[outcomes.count - $0] },
                                     into: row + recentOffset)
                    }
                }
            }
        }
        return NetworkSupport.infer(head, z).storage.map { probability(logit: $0) }
    }

    /// Rebuilds a saved model.
    static func load(_ file: SafeTensors, encoder: FeatureEncoder, catalog: Catalog, population: Population?) throws -> SequentialWorldModel {
        let layers = try NetworkSupport.layers(file.metadata["layers"] ?? "", name: "\(file.source): metadata 'layers'")
        guard let head = Int(file.metadata["head"] ?? ""), head > 0, head <= 4096 else {
            throw SegueError("\(file.source): metadata 'head' is missing or not a size (1...4096)", hint: "the file is damaged; save the model again")
        }
        guard let recent = Int(file.metadata["recent"] ?? "0"), (0...64).contains(recent) else {
            throw SegueError("\(file.source): metadata 'recent' is not a count of plays (0...64)", hint: "the file is damaged; save the model again")
        }
        try NetworkSupport.checkFits([encoder.trackWidth] + layers + [head], in: file, metadata: "layers' and 'head")
        var generator = SeededGenerator(seed: 0)
        let model = try SequentialWorldModel(encoder: encoder, layerSizes: layers, headSize: head, recentPlays: recent,
                                             catalog: catalog, population: population, using: &generator)
        try NetworkSupport.load(model.weights, from: file)
        return model
    }
}
