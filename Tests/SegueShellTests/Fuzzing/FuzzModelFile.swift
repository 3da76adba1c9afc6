import Foundation
import SegueCore
import SegueData
import SegueTensor
import SegueModels

/// Fuzz entry for the user-model file reader (`load-model`): the input is read
/// as a saved model and bound to a small catalog and population; a model that
/// loads is asked for one prediction.
enum FuzzModelFile {
    /// Two track features (`popularity` for the popularity model) and two
    /// listener features, four tracks and three listeners.
    static let catalog = Catalog(ids: ["t0", "t1", "t2", "t3"], featureNames: ["x0", "popularity"],
                                 features: [0.1, -1, 0.5, 2, -0.3, 0, 1.5, 0.7])
    static let population = Population(featureNames: ["u0", "u1"], features: [1, 0, -1, 0.5, 0.2, 0.2])

    /// Whether the input loaded as a model.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Bool {
        let path = FuzzScratch.write(bytes, name: "model.safetensors")
        guard let model = try? ModelFile.load(path: path, catalog: catalog, population: population) else { return false }
        _ = model.kind
        return true
    }

    /// Valid model files for the seed corpus: a CWM, a listener-aware CWM, an SWM
    /// and a popularity model, with tiny layers; each also as a version 1 file
    /// (no checksum), whose mutations reach the loader past the checksum.
    static func seeds() throws -> [String: [UInt8]] {
        let encoder = FeatureEncoder(featureNames: ["x0", "popularity"], mean: [0, 0.5], std: [1, 0.8], label: .notSkipped)
        var listening = encoder
        listening.listenerNames = ["u0", "u1"]
        listening.listenerMean = [0, 0.1]
        listening.listenerStd = [1, 1]
        var generator = SeededGenerator(seed: 1)
        let models: [(String, any LearnedUserModel)] = [
            ("cwm", try ContextualWorldModel(encoder: encoder, hiddenSizes: [2], aggregates: false, catalog: catalog, using: &generator)),
            ("cwm-listener", try ContextualWorldModel(encoder: listening, hiddenSizes: [2], aggregates: true, catalog: catalog,
                                                      population: population, using: &generator)),
            ("swm", try SequentialWorldModel(encoder: encoder, layerSizes: [2], headSize: 2, catalog: catalog, using: &generator)),
            ("popularity", try PopularityModel(encoder: encoder, coefficients: [0.5, -1], catalog: catalog)),
        ]
        var files: [String: [UInt8]] = [:]
        for (name, model) in models {
            let path = FuzzScratch.folder + "/seed-\(name).safetensors"
            try ModelFile.save(model, to: path)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            files[name] = bytes
            var old = try SafeTensors(decoding: bytes)
            old.metadata["format"] = ModelFile.formatWithoutChecksum
            files[name + "-v1"] = try old.encoded(withChecksum: false)
        }
        return files
    }
}
