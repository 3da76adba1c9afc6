import Foundation
import SegueCore

/// What a model reads besides its weights: the catalog's feature names, their
/// normalisation, the session-context encoding and the label.
///
/// Track features are standardised with the mean and spread seen in training
/// plays, `x̂ = (x − mean) / std`. The context of a session (MSSD has no user
/// id, so unless the model is listener-aware, context is all it knows of the
/// listener) is 9 values:
/// `[premium, sin(2π·hour/24), cos(2π·hour/24), one-hot(context_type) × 6]`;
/// weekday is left out (the demo world's logs do not depend on it). Position
/// `t` (0-based) enters as `t / 20`.
///
/// A listener-aware encoder (`listenerWidth > 0`, trained with `listener=true`
/// on logs whose listeners file names each session's listener) appends the
/// listener's population features, standardised over the training sessions,
/// to the context: the session encoding is then `9 + listenerWidth` values.
public struct FeatureEncoder: Sendable, Equatable {
    /// Names of the catalog features the model was trained on, in order.
    public var featureNames: [String]
    /// Mean of each track feature over the training plays.
    public var mean: [Float]
    /// Standard deviation of each track feature over the training plays (≥ 1e-6).
    public var std: [Float]
    /// The outcome that counts as a listen.
    public var label: ListenLabel
    /// Names of the population features read as the listener's; empty when
    /// the model does not read the listener.
    public var listenerNames: [String] = []
    /// Mean of each listener feature over the training sessions.
    public var listenerMean: [Float] = []
    /// Standard deviation of each listener feature over the training sessions (≥ 1e-6).
    public var listenerStd: [Float] = []

    /// Values in the context encoding.
    public static let contextWidth = 3 + SessionContext.contextTypes.count
    /// Divisor of the session position feature.
    public static let positionScale: Float = 20

    public init(featureNames: [String], mean: [Float], std: [Float], label: ListenLabel) {
        precondition(mean.count == featureNames.count && std.count == featureNames.count,
                     "FeatureEncoder: \(featureNames.count) names, \(mean.count) means, \(std.count) spreads")
        self.featureNames = featureNames
        self.mean = mean
        self.std = std
        self.label = label
    }

    /// Track features per play.
    public var trackWidth: Int { featureNames.count }
    /// Listener features per session (0 when the model does not read the listener).
    public var listenerWidth: Int { listenerNames.count }
    /// Values in a session's encoding: the context, then the listener's features.
    public var sessionWidth: Int { Self.contextWidth + listenerWidth }

    /// This encoder, also reading the listener: `population`'s features
    /// standardised over the listeners of the training sessions (with repeats).
    public func readingListeners(_ population: Population, of users: some Sequence<Int32>) -> FeatureEncoder {
        let known = users.lazy.map(Int.init).filter { $0 >= 0 && $0 < population.count }
        let (mean, std) = Self.columnStatistics(population.features, width: population.featureCount, rows: known)
        var copy = self
        copy.listenerNames = population.featureNames
        copy.listenerMean = mean
        copy.listenerStd = std
        return copy
    }

    /// The population's features, standardised, row-major `[users, listenerWidth]`;
    /// empty when the model does not read the listener.
    /// - Throws: `SegueError` when the model reads the listener and the world
    ///   has no population with the features it was trained on.
    public func normalizedListeners(of population: Population) throws -> [Float] {
        guard listenerWidth > 0 else { return [] }
        guard population.featureNames == listenerNames else {
            throw SegueError(
                "the model reads listeners with features [\(listenerNames.joined(separator: ", "))], the world's population has [\(population.featureNames.joined(separator: ", "))]",
                hint: "use a listener-aware model with the world it was trained on")
        }
        return Self.standardised(population.features, mean: listenerMean, std: listenerStd)
    }

    /// Writes the session encoding — `context`, then row `listener` of
    /// `listeners` (zeros, the mean listener, when it is out of range) — to
    /// `out[0..<sessionWidth]`.
    public func encode(_ context: SessionContext, listener: Int, listeners: [Float], into out: UnsafeMutablePointer<Float>) {
        Self.encode(context, into: out)
        let u = listenerWidth
        guard u > 0 else { return }
        let known = listener >= 0 && (listener + 1) * u <= listeners.count
        for j in 0..<u { out[Self.contextWidth + j] = known ? listeners[listener * u + j] : 0 }
    }

    /// The session encoding as an array.
    public func encode(_ context: SessionContext, listener: Int, listeners: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: sessionWidth)
        out.withUnsafeMutableBufferPointer { encode(context, listener: listener, listeners: listeners, into: $0.baseAddress!) }
        return out
    }

    /// An encoder fitted to the tracks of `plays` (catalog indices, with repeats).
    public static func fit(catalog: Catalog, plays: [Int32], label: ListenLabel) -> FeatureEncoder {
        var moments = ColumnMoments(width: catalog.featureCount)
        for track in plays { moments.add(row: Int(track), of: catalog.features) }
        return fit(catalog: catalog, moments: moments, label: label)
    }

    /// An encoder fitted to the tracks of the plays of `data`'s sessions in
    /// `part` under `rule` (in session order, with repeats), streamed.
    public static func fit(catalog: Catalog, data: some LoggedSessions, part: SplitPart, rule: SplitRule) -> FeatureEncoder {
        var moments = ColumnMoments(width: catalog.featureCount)
        catalog.features.withUnsafeBufferPointer { features in
            data.forEachSession(in: part, of: rule) { s in
                data.forEachPlay(of: s) { track, _ in moments.add(row: track, of: features) }
            }
        }
        return fit(catalog: catalog, moments: moments, label: data.label)
    }

    private static func fit(catalog: Catalog, moments: ColumnMoments, label: ListenLabel) -> FeatureEncoder {
        let (mean, std) = moments.statistics
        return FeatureEncoder(featureNames: catalog.featureNames, mean: mean, std: std, label: label)
    }

    /// Mean and spread (at least 1e-6) of each column of the row-major
    /// `values`, `width` wide, over `rows` (row indices, repeats counted),
    /// summed in Double.
    static func columnStatistics(_ values: [Float], width: Int, rows: some Sequence<Int>) -> (mean: [Float], std: [Float]) {
        var moments = ColumnMoments(width: width)
        for row in rows { moments.add(row: row, of: values) }
        return moments.statistics
    }

    /// The row-major `values` standardised column by column, `(x − mean) / std`.
    static func standardised(_ values: [Float], mean: [Float], std: [Float]) -> [Float] {
        let width = mean.count
        var out = [Float](repeating: 0, count: values.count)
        for i in 0..<values.count / max(width, 1) {
            for j in 0..<width { out[i * width + j] = (values[i * width + j] - mean[j]) / std[j] }
        }
        return out
    }

    /// The catalog's features, standardised, row-major `[tracks, trackWidth]`.
    /// - Throws: `SegueError` when the catalog's features are not the ones the
    ///   model was trained on.
    public func normalizedTracks(of catalog: Catalog) throws -> [Float] {
        guard catalog.featureNames == featureNames else {
            throw SegueError(
                "the model was trained on track features [\(featureNames.joined(separator: ", "))], the world's catalog has [\(catalog.featureNames.joined(separator: ", "))]",
                hint: "use the model with a world whose catalog has the same features")
        }
        return Self.standardised(catalog.features, mean: mean, std: std)
    }

    /// Writes the 9-value encoding of a session's context to `out[0..<9]`.
    public static func encode(_ context: SessionContext, into out: UnsafeMutablePointer<Float>) {
        out[0] = context.premium ? 1 : 0
        let angle = 2 * Double.pi * Double(context.hourOfDay) / 24
        out[1] = Float(Foundation.sin(angle))
        out[2] = Float(Foundation.cos(angle))
        for k in 0..<SessionContext.contextTypes.count { out[3 + k] = 0 }
        if let k = SessionContext.contextTypes.firstIndex(of: context.contextType) { out[3 + k] = 1 }
    }

    /// The context encoding as an array.
    public static func encode(_ context: SessionContext) -> [Float] {
        var out = [Float](repeating: 0, count: contextWidth)
        out.withUnsafeMutableBufferPointer { encode(context, into: $0.baseAddress!) }
        return out
    }

    /// The position feature of 0-based play `t`.
    @inline(__always)
    public static func position(_ t: Int) -> Float { Float(t) / positionScale }
}

/// Running sums of each column of rows added one at a time, in Double, in
/// the order added: the mean and spread of `FeatureEncoder` without keeping
/// the rows.
struct ColumnMoments {
    private var sum: [Double]
    private var squares: [Double]
    private var count = 0

    init(width: Int) {
        sum = [Double](repeating: 0, count: width)
        squares = [Double](repeating: 0, count: width)
    }

    /// Adds row `row` of the row-major `values`.
    @inline(__always) mutating func add(row: Int, of values: UnsafeBufferPointer<Float>) {
        let width = sum.count
        for j in 0..<width {
            let v = Double(values[row * width + j])
            sum[j] += v
            squares[j] += v * v
        }
        count += 1
    }

    /// Adds row `row` of the row-major `values`.
    mutating func add(row: Int, of values: [Float]) {
        values.withUnsafeBufferPointer { add(row: row, of: $0) }
    }

    /// Mean and spread (at least 1e-6) of each column over the rows added.
    var statistics: (mean: [Float], std: [Float]) {
        let n = Double(max(count, 1))
        let mean = sum.map { $0 / n }
        let std = (0..<sum.count).map { j in max((squares[j] / n - mean[j] * mean[j]).squareRoot(), 1e-6) }
        return (mean.map(Float.init), std.map(Float.init))
    }
}
