import Foundation
import SegueCore

/// Hyperparameters of training a user model from logs; every field has a
/// default that trains the demo world's models in seconds to minutes.
public struct TrainingConfig: Sendable, Equatable {
    /// Hidden sizes: LSTM layers for SWM (default [64]; the paper used
    /// 500,200,200), dense layers for CWM (default [64, 32]); nil takes the default.
    public var layers: [Int]? = nil
    /// Width of SWM's dense head over the LSTM state and the candidate.
    public var head = 64
    /// Plays back that SWM's head compares each candidate with (`RecentPlays`; 0: none).
    public var recent = 0
    /// Most passes over the training sessions.
    public var epochs = 20
    /// Sessions per mini-batch (every play of a session is in its batch).
    public var batchSize = 32
    /// Threads that compute a batch's gradient and a validation pass (0: one
    /// per usable CPU, `Processors.usable`). The numbers do not depend on it
    /// (see `TrainingWorkers`); only batches of more than 32 sessions have
    /// gradient chunks to share out.
    public var threads = 0
    /// Adam's step size.
    public var learningRate: Float = 2e-3
    /// Gradients are scaled down to this global L2 norm (0: no clipping).
    public var clipNorm: Float = 5
    /// Stop after this many epochs without a better validation loss.
    public var patience = 3
    /// Seed of the split, the initial weights and the batch order.
    public var seed: UInt64 = 1
    /// The outcome counted as a listen.
    public var label: ListenLabel = .notSkipped
    /// Whether CWM also reads session aggregates (listen rate so far, skip
    /// run, last outcome); SWM reads the whole session anyway.
    public var aggregates = true
    /// Whether CWM and SWM also read the listener's features (the world's
    /// population row of each session's listener). Needs logs whose listeners
    /// file names every session's listener, as the demo world's do; MSSD has none.
    public var listener = false
    /// Share of sessions held out for early stopping.
    public var validationFraction = 0.1
    /// Share of sessions held out for the report.
    public var testFraction = 0.1

    public init() {}

    /// The hidden sizes for `kind`: `layers`, or the kind's default.
    public func hiddenSizes(for kind: ModelKind) -> [Int] {
        layers ?? (kind == .swm ? [64] : [64, 32])
    }

    /// `threads`, with 0 read as the number of usable CPUs.
    public var threadCount: Int {
        threads > 0 ? threads : Processors.usable
    }

    /// The rule by which these settings split sessions.
    public var splitRule: SplitRule {
        SplitRule(seed: seed, validationFraction: validationFraction, testFraction: testFraction)
    }

    /// The split these settings make of `sessionCount` sessions.
    public func split(sessionCount: Int) -> DatasetSplit {
        DatasetSplit(sessionCount: sessionCount, rule: splitRule)
    }
}

/// Where training is, for progress displays.
public struct ModelTrainingProgress: Sendable {
    /// The epoch running, from 1.
    public var epoch: Int
    /// The most epochs.
    public var epochs: Int
    /// Batches done in this epoch.
    public var batch: Int
    /// Batches per epoch.
    public var batches: Int
    /// Mean training loss over this epoch's batches so far.
    public var trainLoss: Double
    /// The best validation loss so far, if an epoch has finished.
    public var bestValidationLoss: Double?
}

/// One finished epoch.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    /// Mean log-loss over the epoch's training plays (while the weights moved).
    public var trainLoss: Double
    /// Log-loss over the validation plays after the epoch.
    public var validationLoss: Double
}

/// What training did: the epochs, the best one (whose weights were kept),
/// the split, and whether it was interrupted.
public struct TrainingSummary: Sendable {
    public var epochs: [EpochRecord] = []
    /// The epoch whose weights the model holds (0: none finished).
    public var bestEpoch = 0
    /// Whether `shouldStop` ended training early.
    public var interrupted = false
    /// Seed of the session split (for reporting on the same held-out sessions).
    public var splitSeed: UInt64 = 1
    public var trainSessions = 0
    public var trainPlays = 0
    public var validationSessions = 0
    public var testSessions = 0
    /// Wall-clock seconds (not printed by `text`, which must be deterministic).
    public var seconds = 0.0

    public init() {}

    /// The best validation loss.
    public var bestValidationLoss: Double? {
        epochs.first { $0.epoch == bestEpoch }?.validationLoss
    }

    /// One deterministic line: sizes, epochs, best epoch and its loss.
    public var text: String {
        var line = "trained on \(trainSessions) sessions (\(trainPlays) plays)"
        if !epochs.isEmpty { line += ", \(epochs.count) epoch\(epochs.count == 1 ? "" : "s")" }
        if let best = bestValidationLoss {
            line += ", best epoch \(bestEpoch) (validation log-loss \(format(best, 4)))"
        }
        if interrupted { line += " (interrupted)" }
        return line
    }
}

/// `value` with `digits` decimals.
func format(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    return String(format: "%.\(digits)f", value)
}
