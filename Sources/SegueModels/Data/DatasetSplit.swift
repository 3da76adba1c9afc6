import SegueCore

/// A part of the split of logged sessions.
public enum SplitPart: String, Sendable, CaseIterable {
    case train, validation, test
}

/// The rule that puts each session in a part: session `i` goes by the draw
/// `SeedKey(seed).derive(11).uniform(i)` — below `testFraction` to test, then
/// `validationFraction` more to validation, the rest to train. A session's
/// part depends on its index and the seed only, never on how many sessions
/// were read, so a streamed pass can ask it session by session.
public struct SplitRule: Sendable, Equatable {
    /// Seed of the draws.
    public var seed: UInt64
    /// Share of sessions (in expectation) held out for validation.
    public var validationFraction: Double
    /// Share of sessions (in expectation) held out for testing.
    public var testFraction: Double

    public init(seed: UInt64, validationFraction: Double = 0.1, testFraction: Double = 0.1) {
        self.seed = seed
        self.validationFraction = validationFraction
        self.testFraction = testFraction
    }

    /// The part of session `i`.
    @inline(__always) public func part(of i: Int) -> SplitPart {
        let u = SeedKey(seed).derive(11).uniform(UInt64(i))
        if u < testFraction { return .test }
        if u < testFraction + validationFraction { return .validation }
        return .train
    }
}

/// A seeded split of sessions into training, validation and test sets: the
/// sessions `SplitRule` puts in each part, as index arrays (what reports on
/// in-memory sessions read; training streams the rule instead).
public struct DatasetSplit: Sendable, Equatable {
    public var train: [Int] = []
    public var validation: [Int] = []
    public var test: [Int] = []

    /// Splits `sessionCount` sessions: `validationFraction` and `testFraction`
    /// of them (in expectation) held out.
    public init(sessionCount: Int, seed: UInt64, validationFraction: Double = 0.1, testFraction: Double = 0.1) {
        self.init(sessionCount: sessionCount, rule: SplitRule(seed: seed, validationFraction: validationFraction,
                                                              testFraction: testFraction))
    }

    /// Splits `sessionCount` sessions by `rule`.
    public init(sessionCount: Int, rule: SplitRule) {
        for i in 0..<sessionCount {
            switch rule.part(of: i) {
            case .test: test.append(i)
            case .validation: validation.append(i)
            case .train: train.append(i)
            }
        }
    }

    /// The sessions of a named part: train, validation, test or all.
    public func sessions(_ part: String, count: Int) -> [Int]? {
        switch part {
        case "train": return train
        case "validation": return validation
        case "test": return test
        case "all": return Array(0..<count)
        default: return nil
        }
    }
}
