import Foundation
import SegueCore

extension Registry {
    /// Registers the learned user models (CWM, SWM, popularity baseline).
    public func registerModels() {
        for kind in ModelKind.allCases {
            // Names are distinct by construction.
            try! register(ModelComponents.descriptor(kind))
        }
        try! register(EnsembleUserModel.descriptor)
    }
}

/// Registry entries for the learned user models: each loads a saved model
/// (`path=`) or trains one on the world's first session log.
enum ModelComponents {
    static func summary(_ kind: ModelKind) -> String {
        switch kind {
        case .cwm: return "contextual world model: dense layers over context, track, position and session aggregates (trained on the world's logs unless path=)"
        case .swm: return "sequential world model: an LSTM over the session so far, then a dense head (trained on the world's logs unless path=)"
        case .popularity: return "baseline: logistic regression of P(listen) on track popularity alone (fitted on the world's logs unless path=)"
        }
    }

    /// `path` and `sessions`, then the kind's training fields (`TrainingConfig.fields(for:)`).
    static func parameters(_ kind: ModelKind) -> [ParameterSpec] {
        let defaults = TrainingConfig.defaults(for: kind)
        return [
            .path("path", "load a model saved by save-model instead of training (\"\": train on the world's logs)"),
            .int("sessions", 0, range: 0...1e9, "most logged sessions to read for training (0: all)"),
        ] + TrainingConfig.fields(for: kind).map { $0.spec(defaults: defaults) }
    }

    static func descriptor(_ kind: ModelKind) -> ComponentDescriptor {
        ComponentDescriptor(kind: .userModel, name: kind.componentName, summary: summary(kind),
                            parameters: parameters(kind), make: { p, context in
            let world = try context.requireWorld(for: kind.componentName)
            if !p.string("path").isEmpty {
                return try ModelFile.load(path: p.string("path"), catalog: world.catalog, population: world.population)
            }
            let config = try config(kind, p)
            let sessions = p.int("sessions")
            let key = "\(ObjectIdentifier(world).hashValue) \(world.logFiles.joined(separator: ",")) \(kind) \(p)"
            if let cached = context.cache?.object(key) as? any LearnedUserModel { return cached.sharingWeights() }
            let model = try ModelTraining.train(kind, world: world, sessions: sessions == 0 ? nil : sessions, config: config)
            context.cache?.keep(model, key)
            return model
        })
    }

    /// Training settings from validated component parameters.
    static func config(_ kind: ModelKind, _ p: Parameters) throws -> TrainingConfig {
        var config = TrainingConfig.defaults(for: kind)
        for field in TrainingConfig.fields(for: kind) { field.apply(p, to: &config) }
        if let sizes = config.layers, sizes.contains(where: { $0 > 4096 }) {
            throw SegueError("\(kind.componentName): parameter 'layers' takes sizes of at most 4096, got \(sizes.map(String.init).joined(separator: ","))")
        }
        return config
    }
}

extension ModelTraining {
    /// Training settings for `kind` from `key=value` options, validated
    /// against the component's parameter schema (so typos get "did you
    /// mean"); `path` is not accepted here.
    /// - Returns: the settings and the most sessions to read (nil: all).
    /// - Throws: `SegueError` for an unknown option or a bad value.
    public static func settings(for kind: ModelKind, options: [(String, String)]) throws -> (config: TrainingConfig, sessions: Int?) {
        let specs = ModelComponents.parameters(kind).filter { $0.name != "path" }
        let p = try Parameters(specs: specs, given: options, component: "train-model \(kind.rawValue)")
        let sessions = p.int("sessions")
        return (try ModelComponents.config(kind, p), sessions == 0 ? nil : sessions)
    }

    /// The parameter names `settings(for:options:)` accepts for `kind`.
    public static func optionNames(for kind: ModelKind) -> [String] {
        ModelComponents.parameters(kind).map(\.name).filter { $0 != "path" }
    }
}
