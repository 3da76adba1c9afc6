import Foundation
import SegueCore
import SegueTensor

/// Small helpers the learned models share: inference without caches,
/// gradient clipping, and moving parameters in and out of weight files.
enum NetworkSupport {
    /// `net(x)` without caching anything (Dense layers through `apply`), so a
    /// network may score pools while another pass waits for its backward.
    static func infer(_ net: Sequential, _ input: Matrix) -> Matrix {
        var x = input
        for layer in net.layers {
            if let dense = layer as? Dense {
                x = dense.apply(x)
            } else if layer is ReLU {
                x.apply { max($0, 0) }
            } else {
                x = layer(x)
            }
        }
        return x
    }

    /// The standardised listener features a model with `encoder` reads
    /// (empty when it does not read the listener).
    /// - Throws: `SegueError` when it does and `population` is missing or has
    ///   other features.
    static func listeners(_ encoder: FeatureEncoder, _ population: Population?) throws -> [Float] {
        guard encoder.listenerWidth > 0 else { return [] }
        guard let population else {
            throw SegueError("the model reads the listener's features, but no population was given",
                             hint: "load it into the world it was trained on")
        }
        return try encoder.normalizedListeners(of: population)
    }

    /// Scales every gradient so their global L2 norm is at most `maxNorm`;
    /// returns the norm before clipping.
    @discardableResult
    static func clipGradients(_ parameters: [Parameter], maxNorm: Float) -> Double {
        let norm = parameters.reduce(0.0) { $0 + $1.grad.squaredNorm() }.squareRoot()
        if maxNorm > 0, norm > Double(maxNorm), norm.isFinite {
            let factor = Float(Double(maxNorm) / norm)
            for p in parameters { p.grad.scale(by: factor) }
        }
        return norm
    }

    /// `trainable`'s parameter values under their path names.
    static func tensors(_ trainable: some Trainable) -> [(name: String, matrix: Matrix)] {
        trainable.namedParameters.map { (name: $0.name, matrix: $0.parameter.value) }
    }

    /// Copies the tensors of `file` named like `trainable`'s parameters into them.
    /// - Throws: `SegueError` naming the file and tensor when one is missing or
    ///   has another shape; nothing is changed unless every tensor fits.
    static func load(_ trainable: some Trainable, from file: SafeTensors) throws {
        var values: [Matrix] = []
        for (name, parameter) in trainable.namedParameters {
            let full = name
            guard var matrix = file[full] else {
                throw SegueError("\(file.source): tensor '\(full)' is missing",
                                 hint: "the file was not written by this version's save-model; retrain and save again")
            }
            if matrix.shape != parameter.shape, matrix.count == parameter.value.count, parameter.shape[0] == 1 {
                matrix = matrix.reshaped(1, matrix.count)
            }
            guard matrix.shape == parameter.shape else {
                throw SegueError("\(file.source): tensor '\(full)' has shape \(matrix.shape), the model expects \(parameter.shape)",
                                 hint: "the metadata's layer sizes disagree with the tensors; the file is damaged")
            }
            values.append(matrix)
        }
        for ((_, parameter), value) in zip(trainable.namedParameters, values) { parameter.value = value }
    }

    /// Parses layer sizes written `64` or `128,64`.
    /// - Throws: `SegueError` naming the parameter and the expected form.
    static func layers(_ text: String, name: String = "layers") throws -> [Int] {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0) <= 4096 }) else {
            throw SegueError("\(name) expects sizes like 64 or 128,64 (each 1...4096), got '\(text)'")
        }
        return parts.map { $0! }
    }

    /// Checks, before a network is built from a file's metadata, that the file
    /// holds at least the weights between consecutive `sizes` (input width,
    /// layers, head), so damaged metadata cannot make a loader allocate a
    /// network far larger than the file.
    /// - Throws: `SegueError` naming the file and the metadata at fault.
    static func checkFits(_ sizes: [Int], in file: SafeTensors, metadata: String) throws {
        let stored = file.tensors.reduce(0) { $0 + $1.matrix.count }
        let needed = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
        guard needed <= stored else {
            throw SegueError("\(file.source): metadata '\(metadata)' describes a network of at least \(needed) weights, the file holds \(stored)",
                             hint: "the file is damaged; save the model again")
        }
    }
}

/// Parameters of several trainables, viewed as one.
final class ParameterGroup: Trainable {
    let members: [(prefix: String, trainable: any Trainable)]

    init(_ members: [(String, any Trainable)]) {
        self.members = members.map { (prefix: $0.0, trainable: $0.1) }
    }

    var parameters: [Parameter] { members.flatMap { $0.trainable.parameters } }

    var namedParameters: [(name: String, parameter: Parameter)] {
        members.flatMap { m in m.trainable.namedParameters.map { (name: "\(m.prefix).\($0.name)", parameter: $0.parameter) } }
    }
}
