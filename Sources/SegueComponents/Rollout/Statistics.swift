import Foundation

/// A sample mean with its 95% confidence interval.
public struct MeanEstimate: Sendable, Equatable, CustomStringConvertible {
    public var mean: Double
    /// Half-width of the 95% interval (normal approximation, 1.96 standard errors).
    public var halfWidth: Double
    public var count: Int
    public var standardDeviation: Double

    /// The estimate from `values` (sample standard deviation, n − 1).
    public init(_ values: [Double]) {
        count = values.count
        mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
        let m = mean
        let variance = values.count > 1
            ? values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1) : 0
        standardDeviation = variance.squareRoot()
        halfWidth = values.isEmpty ? 0 : 1.96 * standardDeviation / Double(values.count).squareRoot()
    }

    /// Whether the interval excludes zero.
    public var excludesZero: Bool { mean - halfWidth > 0 || mean + halfWidth < 0 }

    public var description: String { String(format: "%.3f ± %.3f", mean, halfWidth) }
}
