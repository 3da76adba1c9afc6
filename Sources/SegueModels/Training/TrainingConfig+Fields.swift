import SegueCore

/// The training settings as declared fields: the registry schema of the learned
/// user models (`describe swm`), `train-model`'s options, their validation,
/// defaults as written (`lr double = 0.002`) and completion all come from here.
extension TrainingConfig: DeclaredConfig {
    public static let fields: [ConfigField<TrainingConfig>] = [
        .choice("label", \.label, "what counts as a listen: not_skipped, or not skip_2"),
        .seed("seed", \.seed, "seed of the split, the initial weights and the batch order"),
        .sizes("layers", \.hiddenLayers, "hidden sizes, bottom first: LSTM layers for SWM (paper: 500,200,200), dense layers for CWM"),
        .int("epochs", \.epochs, range: 1...10_000, "most passes over the training sessions (early stopping may end sooner)"),
        .int("batch", \.batchSize, range: 1...100_000, "sessions per mini-batch"),
        .int("threads", \.threads, range: 0...1_024,
             "threads for batches above 32 sessions (in chunks of 32) and validation passes (0: one per usable CPU; the numbers do not depend on it)"),
        .float("lr", \.learningRate, range: 1e-7...1, "Adam learning rate"),
        .int("patience", \.patience, range: 1...1_000, "epochs without a better validation loss before stopping"),
        .int("head", \.head, range: 1...4096, "width of the dense head over LSTM state and candidate"),
        .int("recent", \.recent, range: 0...64,
             "plays back the head compares each candidate with: repeats, fatigue, transitions (0: none)"),
        .bool("aggregates", \.aggregates, "also read listen rate so far, skip run and last outcome"),
        .bool("listener", \.listener,
              "also read the listener's features (needs logs with a listeners file, as the demo world writes)"),
    ]

    /// The fields a model of `kind` takes: popularity only its label and seed,
    /// SWM no `aggregates` (it reads the whole session), CWM no `head`.
    public static func fields(for kind: ModelKind) -> [ConfigField<TrainingConfig>] {
        let names: Set<String>
        switch kind {
        case .popularity: names = ["label", "seed"]
        case .cwm: names = Set(fields.map(\.name)).subtracting(["head", "recent"])
        case .swm: names = Set(fields.map(\.name)).subtracting(["aggregates"])
        }
        return fields.filter { names.contains($0.name) }
    }

    /// The defaults for `kind` (its own hidden sizes).
    public static func defaults(for kind: ModelKind) -> TrainingConfig {
        var config = TrainingConfig()
        config.layers = config.hiddenSizes(for: kind)
        return config
    }

    /// `layers` as a plain list (the kind's default filled in by `defaults(for:)`).
    var hiddenLayers: [Int] {
        get { layers ?? [] }
        set { layers = newValue }
    }
}

