import Foundation
import SegueComponents
import SegueModels

/// A command's summary as numbers: what `compare`, `validate`, `train` and
/// `model-report` report to the session's results observer beside the text
/// they print. A sweep task writes each figure of each record as one JSON
/// Lines row tagged with the task's parameters (see `SweepRow`).
public struct ResultRecord: Equatable, Sendable {
    /// The number of the cell that made it (1-based, in run order), so two
    /// `compare` cells in one file stay apart.
    public var cell: Int
    /// The command, e.g. `compare`.
    public var command: String
    /// What the figures are about: a policy, a model, a simulator, an agent.
    public var subject: String
    /// Named figures in the command's order, e.g. `("return", 7.91)`.
    public var figures: [(String, Double)]

    public init(cell: Int, command: String, subject: String, figures: [(String, Double)]) {
        self.cell = cell
        self.command = command
        self.subject = subject
        self.figures = figures
    }

    public static func == (a: ResultRecord, b: ResultRecord) -> Bool {
        a.cell == b.cell && a.command == b.command && a.subject == b.subject
            && a.figures.map(\.0) == b.figures.map(\.0) && a.figures.map(\.1) == b.figures.map(\.1)
    }
}

extension ShellSession {
    /// Hands a command's summary to `resultObserver` (nothing when none is set).
    /// `cell` is the number of the cell now running.
    public func report(_ command: String, subject: String, figures: [(String, Double)]) {
        resultObserver?(ResultRecord(cell: cells.count + 1, command: command, subject: subject, figures: figures))
    }

    /// `compare`: each policy's mean return, its 95% half-width, mean length.
    func report(_ evaluation: Evaluation) {
        for entry in evaluation.entries {
            let e = entry.estimate
            report("compare", subject: entry.name,
                   figures: [("return", e.mean), ("return_ci95", e.halfWidth), ("length", entry.meanLength)])
        }
    }

    /// `validate`: each simulator's agreement with the online world, then
    /// each policy's mean return in every world.
    func report(_ validation: SimulatorValidation) {
        for side in validation.offline {
            let a = validation.agreement(side)
            let regret = validation.regretAtOne(side)
            report("validate", subject: side.name,
                   figures: [("pearson", a.pearson), ("spearman", a.spearman), ("kendall_tau", a.kendall.value), ("bias", a.meanGap),
                             ("regret_at_1", regret.loss), ("regret_share", regret.share)])
        }
        for side in [validation.online] + validation.offline {
            for (policy, estimate) in zip(validation.policies, validation.estimates(in: side)) {
                report("validate", subject: "\(policy)@\(side.name)", figures: [("return", estimate.mean)])
            }
        }
    }

    /// `model-report`: a model's held-out scores.
    func report(_ model: ModelReport) {
        report("model-report", subject: model.name,
               figures: [("log_loss", model.logLoss), ("auc", model.auc), ("accuracy", model.accuracy),
                         ("ece", model.ece), ("listen_rate", model.listenRate)])
    }
}
