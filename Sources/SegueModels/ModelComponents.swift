import Foundation
import SegueCore

extension Registry {
    /// Registers the learned user models (CWM, SWM, popularity baseline).
    public func registerModels() {
        for kind in ModelKind.allCases {
            // Names are distinct by construction.
            try! register(ModelComponents.descriptor(kind))
        }
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

    static func parameters(_ kind: ModelKind) -> [ParameterSpec] {
        let defaults = TrainingConfig()
        var specs: [ParameterSpec] = [
            .path("path", "load a model saved by save-model instead of training (\"\": train on the world's logs)"),
            .int("sessions", 0, range: 0...1e9, "most logged sessions to read for training (0: all)"),
            .choice("label", ListenLabel.allCases.map(\.rawValue), defaults.label.rawValue,
                    "what counts as a listen: not_skipped, or not skip_2"),
            .int("seed", Int(defaults.seed), range: 0...Double(Int.max), "seed of the split, the initial weights and the batch order"),
        ]
        guard kind != .popularity else { return specs }
        specs += [
            .string("layers", defaults.hiddenSizes(for: kind).map(String.init).joined(separator: ","),
                    kind == .swm ? "LSTM layer sizes, bottom first (paper: 500,200,200)" : "hidden layer sizes"),
            .int("epochs", defaults.epochs, range: 1...10_000, "most passes over the training sessions (early stopping may end sooner)"),
            .int("batch", defaults.batchSize, range: 1...100_000, "sessions per mini-batch"),
            .double("lr", Double(defaults.learningRate), range: 1e-7...1, "Adam learning rate"),
            .int("patience", defaults.patience, range: 1...1_000, "epochs without a better validation loss before stopping"),
        ]
        if kind == .swm { specs.append(.int("head", defaults.head, range: 1...4096, "width of the dense head over LSTM state and candidate")) }
        if kind == .cwm { specs.append(.bool("aggregates", defaults.aggregates, "also read listen rate so far, skip run and last outcome")) }
        specs.append(.bool("listener", defaults.listener,
                           "also read the listener's features (needs logs with a listeners file, as the demo world writes)"))
        return specs
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
            if let cached = TrainedModels.shared.model(key) { return cached.sharingWeights() }
            let model = try ModelTraining.train(kind, world: world, sessions: sessions == 0 ? nil : sessions, config: config)
            TrainedModels.shared.keep(model, key)
            return model
        })
    }

    /// Training settings from component parameters.
    static func config(_ kind: ModelKind, _ p: Parameters) throws -> TrainingConfig {
        var config = TrainingConfig()
        config.label = try ListenLabel.parse(p.string("label"))
        config.seed = UInt64(p.int("seed"))
        guard kind != .popularity else { return config }
        config.layers = try NetworkSupport.layers(p.string("layers"), name: "\(kind.componentName): parameter 'layers'")
        config.epochs = p.int("epochs")
        config.batchSize = p.int("batch")
        config.learningRate = Float(p.double("lr"))
        config.patience = p.int("patience")
        if kind == .swm { config.head = p.int("head") }
        if kind == .cwm { config.aggregates = p.bool("aggregates") }
        config.listener = p.bool("listener")
        return config
    }
}

/// Models trained by component factories in this process, so that building
/// several environments from one recipe trains once; each environment gets
/// its own instance sharing the weights.
final class TrainedModels {
    static let shared = TrainedModels()
    private var models: [String: any LearnedUserModel] = [:]
    private let lock = NSLock()

    func model(_ key: String) -> (any LearnedUserModel)? {
        lock.lock(); defer { lock.unlock() }
        return models[key]
    }

    func keep(_ model: any LearnedUserModel, _ key: String) {
        lock.lock(); defer { lock.unlock() }
        models[key] = model
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
