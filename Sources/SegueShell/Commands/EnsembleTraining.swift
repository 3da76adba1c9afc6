import Foundation
import SegueCore
import SegueComponents
import SegueModels

/// `train-model KIND ensemble=K`: K members trained alike but for their seeds.
extension ModelCommands {
    /// `ensemble=K`, declared once for train-model.
    static let ensembleOption = ParameterSpec.int(
        "ensemble", 1, range: 1...32,
        "train K members with seeds seed, seed+1, ... (own weights and own train/validation/test split) and use them as one model")

    /// Trains `members` models, member k with seed `config.seed + k` (its own initial weights and its own
    /// 80/10/10 split of the sessions, so each learns from a different resample of the logs), prints one
    /// line per member with its held-out log-loss and AUC, and returns the ensemble (mean mode; views by
    /// `env user=ensemble(of=NAME, mode=pessimistic, lambda=1)`).
    static func trainEnsemble(_ kind: ModelKind, members: Int, world: World, sessions: Int?, config: TrainingConfig,
                              session: ShellSession) throws -> ShellValue {
        var models: [any LearnedUserModel] = []
        for k in 0..<members {
            var memberConfig = config
            memberConfig.seed = config.seed + UInt64(k)
            let model = try ModelTraining.train(kind, world: world, sessions: sessions, config: memberConfig,
                                                shouldStop: session.interrupted)
            if model.training?.interrupted == true { session.clearInterrupt() }
            let data = try scored(world: world, label: model.encoder.label, sessions: sessions)
            let split = memberConfig.split(sessionCount: data.sessionCount)
            let report = ModelReport(model: model, name: "member \(k)", data: data, sessions: split.test,
                                     part: "test split (seed \(memberConfig.seed))")
            session.print("\(kind.rawValue) member \(k) (seed \(memberConfig.seed)): \(model.training?.text ?? "")")
            session.print("  " + (report.text.split(separator: "\n").first { $0.contains("log-loss") }.map(String.init) ?? ""))
            models.append(model)
        }
        let ensemble = EnsembleUserModel(members: models)
        return .userModel(ensemble, description: ensemble.description)
    }
}

/// What `validate` says about simulators on ensembles: how much their members
/// disagreed on the tracks each policy played.
enum EnsembleDisagreement {
    /// One line per simulator on an ensemble, or nil when none is.
    static func text(_ built: [(String, Environment)]) -> String? {
        var lines: [String] = []
        var seen = Set<String>()
        for (name, env) in built where !name.isEmpty && !seen.contains(name) {
            let models = built.filter { $0.0 == name }.compactMap { $0.1.userModel as? EnsembleUserModel }
            guard let first = models.first else { continue }
            seen.insert(name)
            let spreads = models.flatMap { $0.disagreement.values }.sorted()
            guard !spreads.isEmpty else { continue }
            let mean = spreads.reduce(0, +) / Double(spreads.count)
            lines.append(String(format: "%@ (%@): members' P(listen) spread over played tracks, per episode: mean %.4f, median %.4f, max %.4f",
                                name, first.description, mean, spreads[spreads.count / 2], spreads[spreads.count - 1]))
            _ = env
        }
        return lines.isEmpty ? nil : "\n" + lines.joined(separator: "\n")
    }
}
