import Foundation
import SegueCore
import SegueTensor

/// Saving and loading learned user models as safetensors.
///
/// A file holds the weights under stable names plus `features.mean` and
/// `features.std` (the normalisation), and metadata with everything needed to
/// rebuild the model: `format` (`segue-user-model-v2`), `kind`, the kind's
/// layer sizes and options, `label`, `feature_names` (comma-separated), and
/// the training split (`split_seed`, `train_sessions`, ...); a listener-aware
/// model adds `listener_features` and the tensors `listener.mean`,
/// `listener.std`. Loading rebuilds
/// the same network and gives bit-identical predictions. Writes are atomic.
///
/// Version 2 files carry the safetensors checksum (`SafeTensors+Checksum`) and
/// must: one without it is damaged. Version 1 files (before checksums) load as
/// they are.
public enum ModelFile {
    /// The `format` metadata value of this version's files.
    public static let format = "segue-user-model-v2"
    /// The format of files written before checksums, still read.
    public static let formatWithoutChecksum = "segue-user-model-v1"

    /// Writes `model` to `path` atomically.
    /// - Throws: `SegueError` naming the path when it cannot be written.
    public static func save(_ model: any LearnedUserModel, to path: String) throws {
        var metadata = model.architecture
        metadata["format"] = format
        metadata["kind"] = model.kind.rawValue
        metadata["label"] = model.encoder.label.rawValue
        metadata["feature_names"] = model.encoder.featureNames.joined(separator: ",")
        if let t = model.training {
            metadata["split_seed"] = String(t.splitSeed)
            metadata["train_sessions"] = String(t.trainSessions)
            metadata["train_plays"] = String(t.trainPlays)
            metadata["best_epoch"] = String(t.bestEpoch)
            metadata["epochs"] = String(t.epochs.count)
            if let best = t.bestValidationLoss { metadata["validation_loss"] = String(best) }
        }
        var tensors = model.tensors + [
            (name: "features.mean", matrix: Matrix(rowVector: model.encoder.mean)),
            (name: "features.std", matrix: Matrix(rowVector: model.encoder.std)),
        ]
        if model.encoder.listenerWidth > 0 {
            metadata["listener_features"] = model.encoder.listenerNames.joined(separator: ",")
            tensors += [(name: "listener.mean", matrix: Matrix(rowVector: model.encoder.listenerMean)),
                        (name: "listener.std", matrix: Matrix(rowVector: model.encoder.listenerStd))]
        }
        do {
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().path
            if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try SafeTensors(tensors: tensors, metadata: metadata).write(to: url)
        } catch let error as WeightFileError {
            throw SegueError("cannot save the model to '\(path)': \(error)\(WriteFailure.keptNote(path))",
                             hint: "choose a writable path with free space")
        }
    }

    /// Reads the model saved at `path` and binds it to `catalog` (and, for a
    /// listener-aware model, to `population`).
    /// - Throws: `SegueError` naming the file when it cannot be read, is not a
    ///   Segue user model, lacks a tensor, or was trained on other features.
    public static func load(path: String, catalog: Catalog, population: Population? = nil) throws -> any LearnedUserModel {
        let file: SafeTensors
        do {
            file = try SafeTensors(contentsOf: URL(fileURLWithPath: path))
        } catch let error as WeightFileError {
            throw SegueError("cannot load a model from '\(path)': \(error)", hint: "check the path; save one with `save-model MODEL PATH`")
        }
        let meta = file.metadata
        guard meta["format"] == format || meta["format"] == formatWithoutChecksum else {
            throw SegueError("'\(path)' is not a Segue user model (format '\(meta["format"] ?? "none")', expected '\(format)')",
                             hint: "save models with `save-model MODEL PATH`; a model file that loaded before is damaged")
        }
        guard file.hasChecksum || meta["format"] == formatWithoutChecksum else {
            throw SegueError("'\(path)': checksum: missing, and every \(format) file has one: the file is damaged",
                             hint: "save the model again")
        }
        guard let kindName = meta["kind"], let kind = ModelKind(rawValue: kindName) else {
            throw SegueError("'\(path)': metadata 'kind' is '\(meta["kind"] ?? "")'", hint: "expected cwm, swm or popularity")
        }
        let label = try ListenLabel.parse(meta["label"] ?? "not_skipped")
        let names = (meta["feature_names"] ?? "").split(separator: ",").map(String.init)
        guard let mean = file["features.mean"]?.storage, let std = file["features.std"]?.storage,
              mean.count == names.count, std.count == names.count else {
            throw SegueError("'\(path)': the feature normalisation does not match its \(names.count) feature names",
                             hint: "the file is damaged; save the model again")
        }
        var encoder = FeatureEncoder(featureNames: names, mean: mean, std: std, label: label)
        if let listenerNames = meta["listener_features"]?.split(separator: ",").map(String.init) {
            guard let mean = file["listener.mean"]?.storage, let std = file["listener.std"]?.storage,
                  mean.count == listenerNames.count, std.count == listenerNames.count else {
                throw SegueError("'\(path)': the listener normalisation does not match its \(listenerNames.count) listener features",
                                 hint: "the file is damaged; save the model again")
            }
            encoder.listenerNames = listenerNames
            encoder.listenerMean = mean
            encoder.listenerStd = std
        }
        var model: any LearnedUserModel
        do {
            switch kind {
            case .cwm: model = try ContextualWorldModel.load(file, encoder: encoder, catalog: catalog, population: population)
            case .swm: model = try SequentialWorldModel.load(file, encoder: encoder, catalog: catalog, population: population)
            case .popularity: model = try PopularityModel.load(file, encoder: encoder, catalog: catalog)
            }
        } catch let error as SegueError where !error.message.contains(path) {
            throw SegueError("'\(path)': \(error.message)", hint: error.hint)
        }
        if let seed = meta["split_seed"].flatMap(UInt64.init) {
            var summary = TrainingSummary()
            summary.splitSeed = seed
            summary.trainSessions = meta["train_sessions"].flatMap(Int.init) ?? 0
            summary.trainPlays = meta["train_plays"].flatMap(Int.init) ?? 0
            summary.bestEpoch = meta["best_epoch"].flatMap(Int.init) ?? 0
            model.training = summary
        }
        return model
    }
}
