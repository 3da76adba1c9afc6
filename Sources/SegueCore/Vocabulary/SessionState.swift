/// The session so far: what was played, what happened, and the summary that
/// observations and user models read.
///
/// The environment owns one and updates it after each step; user models,
/// termination rules and agents only read it.
public struct SessionState: Sendable {
    /// Tracks played so far (catalog indices), in order.
    public private(set) var played: [Int] = []
    /// Candidate indices played so far, in order.
    public private(set) var candidates: [Int] = []
    /// Whether each played track was listened to (true) or skipped (false).
    public private(set) var outcomes: [Bool] = []
    /// Number of listens so far.
    public private(set) var listens = 0
    /// Number of skips so far.
    public private(set) var skips = 0
    /// The current run of consecutive skips.
    public private(set) var consecutiveSkips = 0
    /// Sum of the features of listened tracks (float64).
    public private(set) var listenedSum: [Double]
    /// The 8-number summary `S` (see `summary(length:skipScale:user:)`),
    /// kept current by `record`.
    public private(set) var summary: [Double] = Array(repeating: 0, count: SessionState.summaryCount)

    /// Scale of `S[0...2]` (the session length cap).
    public let lengthScale: Int
    /// Scale of `S[3]` (the consecutive-skip limit).
    public let skipScale: Int
    /// Number of values in the summary.
    public static let summaryCount = 8

    /// A session with nothing played yet, over tracks with `featureCount` features.
    public init(featureCount: Int, lengthScale: Int, skipScale: Int) {
        listenedSum = Array(repeating: 0, count: featureCount)
        self.lengthScale = max(lengthScale, 1)
        self.skipScale = max(skipScale, 1)
    }

    /// Tracks played so far.
    public var length: Int { played.count }
    /// Whether the previous track was listened to (false at the start).
    public var lastListened: Bool { outcomes.last ?? false }

    /// Mean features of listened tracks, or nil before the first listen.
    public var listenedMean: [Double]? {
        guard listens > 0 else { return nil }
        let n = Double(listens)
        return listenedSum.map { $0 / n }
    }

    /// Records one played track and its outcome, then refreshes the summary.
    public mutating func record(candidate: Int, track: Int, features: ArraySlice<Float>,
                                listened: Bool, user: ArraySlice<Float>) {
        played.append(track)
        candidates.append(candidate)
        outcomes.append(listened)
        if listened {
            listens += 1
            consecutiveSkips = 0
            var i = 0
            for value in features { listenedSum[i] += Double(value); i += 1 }
        } else {
            skips += 1
            consecutiveSkips += 1
        }
        refreshSummary(user: user)
    }

    /// Recomputes `S`:
    /// `[t/L, listens/L, skips/L, consec/K, last, listens/t, (m·user)/F, (m·m)/F]`,
    /// where `m` is the listened mean (the last two are 0 before a listen, and
    /// `m·user` is 0 when user and track features differ in width).
    mutating func refreshSummary(user: ArraySlice<Float>) {
        let l = Double(lengthScale)
        let t = played.count
        summary[0] = Double(t) / l
        summary[1] = Double(listens) / l
        summary[2] = Double(skips) / l
        summary[3] = Double(consecutiveSkips) / Double(skipScale)
        summary[4] = lastListened ? 1 : 0
        summary[5] = t == 0 ? 0 : Double(listens) / Double(t)
        if listens == 0 {
            summary[6] = 0
            summary[7] = 0
        } else {
            let n = Double(listens)
            let f = Double(listenedSum.count)
            var dotUser = 0.0, dotSelf = 0.0
            let sameWidth = user.count == listenedSum.count
            var u = user.startIndex
            for i in 0..<listenedSum.count {
                let m = listenedSum[i] / n
                dotSelf += m * m
                if sameWidth { dotUser += m * Double(user[u]); u += 1 }
            }
            summary[6] = dotUser / f
            summary[7] = dotSelf / f
        }
    }
}
