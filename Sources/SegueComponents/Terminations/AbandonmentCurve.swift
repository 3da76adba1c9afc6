import SegueCore

/// P(the listener leaves | a run of k skips), as data rather than code.
///
/// `hazard[k-1]` is the chance that a session ends right after its k-th skip
/// in a row; runs longer than the curve use its last value. A rule like "92%
/// of sessions end after 6 consecutive skips" is the curve `[..., 0.92]`.
public struct AbandonmentCurve: Sendable, Equatable, CustomStringConvertible {
    public var hazard: [Double]

    public init(hazard: [Double]) {
        precondition(!hazard.isEmpty && hazard.allSatisfy { (0...1).contains($0) },
                      "abandonment curve: hazards must be probabilities, got \(hazard)")
        self.hazard = hazard
    }

    /// The hazard after a run of `k` skips (0 for k = 0).
    public func probability(afterSkipRun k: Int) -> Double {
        k <= 0 ? 0 : hazard[min(k, hazard.count) - 1]
    }

    /// Fits the curve from logged sessions (each an ordered list of
    /// listened-or-skipped outcomes, ended where the listener left).
    ///
    /// `hazard[k-1] = ended right after a k-th skip in a row / runs that reached k`,
    /// smoothed with one pseudo-count toward `prior` so sparse run lengths stay sane.
    /// Sessions cut at `cap` plays (a length limit, not the listener) are not
    /// counted as leaving.
    public static func fit(sessions: [[Bool]], maxRun: Int = 10, cap: Int? = nil, prior: Double = 0.5) -> AbandonmentCurve {
        var reached = Array(repeating: 0.0, count: maxRun)
        var ended = Array(repeating: 0.0, count: maxRun)
        for outcomes in sessions {
            var run = 0
            for (i, listened) in outcomes.enumerated() {
                run = listened ? 0 : run + 1
                guard run > 0 else { continue }
                let k = min(run, maxRun) - 1
                reached[k] += 1
                let isLast = i == outcomes.count - 1
                if isLast && (cap.map { outcomes.count < $0 } ?? true) { ended[k] += 1 }
            }
        }
        return AbandonmentCurve(hazard: (0..<maxRun).map { (ended[$0] + prior) / (reached[$0] + 1) })
    }

    /// Parses "0.05,0.2,0.5,0.92".
    public static func parse(_ text: String) throws -> AbandonmentCurve {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && (0...1).contains($0!) }) else {
            throw SegueError("abandonment curve '\(text)': expected comma-separated probabilities",
                             hint: "e.g. hazard=0.05,0.2,0.5,0.92")
        }
        return AbandonmentCurve(hazard: values.map { $0! })
    }

    public var description: String {
        hazard.map { String(format: "%.3f", $0) }.joined(separator: ",")
    }
}

/// Ends the session at random after skips, following an abandonment curve.
public final class AbandonmentRule: TerminationRule {
    public let curve: AbandonmentCurve

    public init(curve: AbandonmentCurve) { self.curve = curve }

    public func end(after session: SessionState, uniform: Double) -> EpisodeEnd? {
        guard !(session.outcomes.last ?? true) else { return nil }
        return uniform < curve.probability(afterSkipRun: session.consecutiveSkips) ? .terminated : nil
    }

    static let descriptor = ComponentDescriptor(
        kind: .terminationRule, name: "abandonment",
        summary: "leaves after a run of k skips with probability hazard[k] (given, or fitted from the world's logs)",
        parameters: [
            .string("hazard", "", "comma-separated P(end | k skips in a row), k = 1, 2, ...; empty: fit from logs"),
            .path("logs", "MSSD session log to fit the curve from; empty: the world's own logs"),
        ],
        make: { p, context in
            let text = p.string("hazard")
            if !text.isEmpty { return AbandonmentRule(curve: try AbandonmentCurve.parse(text)) }
            let world = try context.requireWorld(for: "abandonment")
            if p.string("logs").isEmpty, !world.logFiles.isEmpty {
                return AbandonmentRule(curve: try LoggedOutcomes.abandonmentCurve(fromLogs: world.logFiles, reading: world.logReading))
            }
            let path = p.string("logs").isEmpty ? nil : p.string("logs")
            guard let path else {
                throw SegueError("abandonment: no hazard given and world '\(world.name)' has no logs to fit from",
                                 hint: "give hazard=0.05,0.2,... or logs=PATH")
            }
            return AbandonmentRule(curve: try LoggedOutcomes.abandonmentCurve(fromLog: path))
        })
}
