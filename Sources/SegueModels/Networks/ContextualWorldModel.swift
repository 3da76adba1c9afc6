import Foundation
import SegueCore
import SegueTensor

/// CWM, the contextual (non-sequential) world model:
/// `P(listen) = σ(MLP(track ‖ context ‖ position ‖ aggregates))`.
///
/// Inputs per play `t` (width `F + C + 1 + 3`, `C` the session encoding's
/// width: 9, plus the listener's features when listener-aware): the
/// candidate's standardised features, the session encoding (see `FeatureEncoder`), `t / 20`, and — with
/// `aggregates` on (the default) — `SessionAggregates` of the plays before it
/// (listen rate so far, skip run, last outcome). It does not see which tracks
/// were played, so it cannot follow a listener's taste within a session; a
/// listener-aware CWM reads the listener's features after the context.
/// Hidden layers use ReLU; the output is a logit.
public final class ContextualWorldModel: LearnedUserModel, GradientModel {
    public let kind = ModelKind.cwm
    public let encoder: FeatureEncoder
    /// Hidden layer sizes.
    public let hiddenSizes: [Int]
    /// Whether the session aggregates are inputs.
    public let aggregates: Bool
    public var training: TrainingSummary?
    let network: Sequential
    /// The catalog's standardised features, `[tracks, F]`.
    let tracks: [Float]
    /// The population's standardised features, `[users, U]` (empty unless listener-aware).
    let listeners: [Float]
    let catalog: Catalog

    /// A model with fresh weights drawn from `generator`.
    /// - Parameter population: the listeners, for a listener-aware encoder.
    /// - Throws: `SegueError` when the catalog's (or population's) features
    ///   differ from the encoder's.
    public init(encoder: FeatureEncoder, hiddenSizes: [Int], aggregates: Bool, catalog: Catalog,
                population: Population? = nil, using generator: inout some RandomNumberGenerator) throws {
        self.encoder = encoder
        self.hiddenSizes = hiddenSizes
        self.aggregates = aggregates
        self.catalog = catalog
        tracks = try encoder.normalizedTracks(of: catalog)
        listeners = try NetworkSupport.listeners(encoder, population)
        let width = encoder.trackWidth + encoder.sessionWidth + 1 + (aggregates ? SessionAggregates.width : 0)
        network = Sequential.mlp(sizes: [width] + hiddenSizes + [1], using: &generator)
    }

    /// `other`'s architecture and data, with its network (`sharingWeights`)
    /// or with a fresh one of the same shapes (`replica`: a training worker's
    /// own caches and gradients; `TrainingWorkers` sets its weights before
    /// each use, so the throwaway draws here never show).
    private init(_ other: ContextualWorldModel, sharingLayers: Bool) {
        encoder = other.encoder
        hiddenSizes = other.hiddenSizes
        aggregates = other.aggregates
        catalog = other.catalog
        tracks = other.tracks
        listeners = other.listeners
        if sharingLayers {
            network = other.network
            training = other.training
        } else {
            var unused = SeededGenerator(key: SeedKey(0))
            network = Sequential.mlp(sizes: [other.inputWidth] + other.hiddenSizes + [1], using: &unused)
        }
    }

    func replica() -> ContextualWorldModel { ContextualWorldModel(self, sharingLayers: false) }

    /// Values per input row.
    public var inputWidth: Int { encoder.trackWidth + encoder.sessionWidth + 1 + (aggregates ? SessionAggregates.width : 0) }

    public var parameters: [Parameter] { network.parameters }
    public var architecture: [String: String] {
        var facts = ["layers": hiddenSizes.map(String.init).joined(separator: ","), "aggregates": aggregates ? "true" : "false"]
        if encoder.listenerWidth > 0 { facts["listener"] = "true" }
        return facts
    }
    public var tensors: [(name: String, matrix: Matrix)] { NetworkSupport.tensors(ParameterGroup([("net", network)])) }
    public func sharingWeights() -> any LearnedUserModel { ContextualWorldModel(self, sharingLayers: true) }

    /// Writes one input row: candidate `track`, the session encoding
    /// (context and listener), play index `t` and the session so far.
    @inline(__always)
    func writeRow(_ out: UnsafeMutablePointer<Float>, track: Int, context: UnsafePointer<Float>,
                  t: Int, listens: Int, run: Int, last: Bool) {
        let f = encoder.trackWidth
        tracks.withUnsafeBufferPointer { all in
            for j in 0..<f { out[j] = all[track * f + j] }
        }
        let cw = encoder.sessionWidth
        for j in 0..<cw { out[f + j] = context[j] }
        out[f + cw] = FeatureEncoder.position(t)
        if aggregates {
            SessionAggregates.write(t: t, listens: listens, run: run, last: last, into: out + f + cw + 1)
        }
    }

    /// The network's listen logits for input rows `[n, inputWidth]` laid out
    /// as `writeRow` lays them (what a reimplementation from the saved
    /// weights, like the Python package's, is checked against).
    public func logits(_ inputs: Matrix) -> Matrix {
        precondition(inputs.columns == inputWidth, "CWM logits: rows of \(inputs.columns) values, the model reads \(inputWidth)")
        return NetworkSupport.infer(network, inputs)
    }

    // MARK: - As a simulator user model

    public func listenProbabilities(of candidates: [Int], episode: Episode, session: SessionState) -> [Double] {
        guard !candidates.isEmpty else { return [] }
        let context = encoder.encode(episode.context, listener: episode.user, listeners: listeners)
        var x = Matrix(rows: candidates.count, columns: inputWidth)
        let width = inputWidth
        x.storage.withUnsafeMutableBufferPointer { out in
            context.withUnsafeBufferPointer { c in
                for (r, track) in candidates.enumerated() {
                    writeRow(out.baseAddress! + r * width, track: track, context: c.baseAddress!, t: session.length,
                             listens: session.listens, run: session.consecutiveSkips, last: session.lastListened)
                }
            }
        }
        return NetworkSupport.infer(network, x).storage.map { probability(logit: $0) }
    }

    // MARK: - On logged sessions

    /// Input rows and labels of every play of `sessions`.
    func batch(_ data: some LoggedSessions, sessions: some Collection<Int>) -> (inputs: Matrix, targets: Matrix) {
        let rows = data.playCount(of: sessions)
        var x = Matrix(rows: rows, columns: inputWidth)
        var y = Matrix(rows: rows, columns: 1)
        let width = inputWidth
        var context = [Float](repeating: 0, count: encoder.sessionWidth)
        var r = 0
        x.storage.withUnsafeMutableBufferPointer { out in
        y.storage.withUnsafeMutableBufferPointer { targets in
        context.withUnsafeMutableBufferPointer { c in
            for s in sessions {
                encoder.encode(data.context(of: s), listener: data.listener(of: s), listeners: listeners, into: c.baseAddress!)
                var t = 0, listens = 0, run = 0, last = false
                data.forEachPlay(of: s) { track, listened in
                    writeRow(out.baseAddress! + r * width, track: track, context: c.baseAddress!,
                             t: t, listens: listens, run: run, last: last)
                    targets[r] = listened ? 1 : 0
                    if listened { listens += 1; run = 0 } else { run += 1 }
                    last = listened
                    t += 1
                    r += 1
                }
            }
        }}}
        return (x, y)
    }

    func loss(_ data: some LoggedSessions, sessions: ArraySlice<Int>, backward: Bool) -> (loss: Double, plays: Int) {
        let (x, y) = batch(data, sessions: sessions)
        guard x.rows > 0 else { return (0, 0) }
        let logits = backward ? network(x) : NetworkSupport.infer(network, x)
        let loss = Loss.binaryCrossEntropy(logits: logits, targets: y)
        if backward { _ = network.backward(loss.gradient) }
        return (Double(loss.value), x.rows)
    }

    public func predict(_ data: some LoggedSessions, sessions: [Int]) -> [Float] {
        var out: [Float] = []
        var start = 0
        while start < sessions.count {
            let end = min(start + 256, sessions.count)
            let (x, _) = batch(data, sessions: sessions[start..<end])
            out += NetworkSupport.infer(network, x).storage.map { 1 / (1 + expf(-$0)) }
            start = end
        }
        return out
    }

    /// Rebuilds a saved model.
    static func load(_ file: SafeTensors, encoder: FeatureEncoder, catalog: Catalog, population: Population?) throws -> ContextualWorldModel {
        let layers = try NetworkSupport.layers(file.metadata["layers"] ?? "", name: "\(file.source): metadata 'layers'")
        try NetworkSupport.checkFits([encoder.trackWidth] + layers, in: file, metadata: "layers")
        var generator = SeededGenerator(seed: 0)
        let model = try ContextualWorldModel(encoder: encoder, hiddenSizes: layers,
                                             aggregates: file.metadata["aggregates"] != "false",
                                             catalog: catalog, population: population, using: &generator)
        try NetworkSupport.load(ParameterGroup([("net", model.network)]), from: file)
        return model
    }
}
