import Foundation
import SegueCore
import SegueTensor

/// A training checkpoint: named float tensors plus string metadata, kept as one
/// safetensors file written atomically (a temporary file, then a rename), so a
/// reader sees the old checkpoint or the new one, never half of one.
///
/// Agents put their weights, optimizer moments and buffers here under a prefix
/// (`online.`, `adam.m.3`, `replay.contexts`); counters and small records go to
/// metadata as JSON.
public struct Checkpoint {
    /// The tensors, in the order they were put.
    public private(set) var tensors: [(name: String, matrix: Matrix)] = []
    /// String metadata (JSON for structured records).
    public var metadata: [String: String] = [:]
    /// The file this was read from, for messages.
    public private(set) var source = "<memory>"

    /// The format tag written into every checkpoint. Version 2 checkpoints carry
    /// the safetensors checksum and must (one without it is damaged).
    public static let format = "segue-checkpoint-v2"
    /// The format of checkpoints written before checksums, still read.
    public static let formatWithoutChecksum = "segue-checkpoint-v1"

    /// An empty checkpoint.
    public init() { metadata["format"] = Checkpoint.format }

    /// Reads the checkpoint at `path`.
    /// - Throws: `SegueError` naming the file when it cannot be read or is not a checkpoint.
    public init(contentsOf path: String) throws {
        let file: SafeTensors
        do {
            file = try SafeTensors(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SegueError("cannot read checkpoint '\(path)': \(error)", hint: "check the path; checkpoints are written by `Trainer.saveCheckpoint`")
        }
        let format = file.metadata["format"]
        guard format == Checkpoint.format || format == Checkpoint.formatWithoutChecksum else {
            throw SegueError("'\(path)' is not a Segue training checkpoint (format \(format ?? "none"))",
                             hint: "expected \(Checkpoint.format); a checkpoint that resumed before is damaged")
        }
        guard file.hasChecksum || format == Checkpoint.formatWithoutChecksum else {
            throw SegueError("checkpoint '\(path)': checksum: missing, and every \(Checkpoint.format) file has one: the file is damaged",
                             hint: "resume from an earlier checkpoint, or train again")
        }
        tensors = file.tensors
        metadata = file.metadata
        source = path
    }

    /// Writes the checkpoint to `path` atomically, creating its folder.
    /// - Throws: `SegueError` naming the path when writing fails.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try SafeTensors(tensors: tensors, metadata: metadata).write(to: url)
        } catch {
            throw SegueError("cannot write checkpoint '\(path)': \(error)\(WriteFailure.keptNote(path))",
                             hint: "check the folder is writable and has space")
        }
    }

    // MARK: - Tensors

    /// Adds a tensor.
    public mutating func put(_ name: String, _ matrix: Matrix) {
        tensors.append((name: name, matrix: matrix))
    }

    /// Adds `values` as a `[values.count / columns, columns]` tensor.
    public mutating func put(_ name: String, values: [Float], columns: Int) {
        put(name, Matrix(rows: columns == 0 ? 0 : values.count / columns, columns: columns, storage: values))
    }

    /// The tensor `name`.
    /// - Throws: `SegueError` when it is missing, or its column count differs from `columns`.
    public func matrix(_ name: String, columns: Int? = nil) throws -> Matrix {
        guard let m = tensors.first(where: { $0.name == name })?.matrix else {
            throw SegueError("checkpoint '\(source)' has no tensor '\(name)'", hint: "it was written by another agent or version")
        }
        if let columns, m.columns != columns {
            throw SegueError("checkpoint '\(source)': tensor '\(name)' has \(m.columns) columns, this agent needs \(columns)",
                             hint: "resume with the agent configuration and environment the checkpoint was written with")
        }
        return m
    }

    /// The tensor `name`, as `matrix(_:columns:)`, with every value finite:
    /// weights, moments and buffered steps that hold NaN or infinity would
    /// poison training (and stop it at the first softmax), so they are refused.
    /// - Throws: `SegueError` naming the file and tensor.
    public func finiteMatrix(_ name: String, columns: Int? = nil) throws -> Matrix {
        let m = try matrix(name, columns: columns)
        guard m.storage.allSatisfy(\.isFinite) else {
            throw SegueError("checkpoint '\(source)': tensor '\(name)' holds NaN or infinity",
                             hint: "the file is damaged, or training had diverged when it was written; resume from another checkpoint")
        }
        return m
    }

    /// The whole number stored as `value` in row `row` of tensor `name`, checked
    /// to lie in `0..<bound` (an action, a pool's row), so a damaged buffer is
    /// refused instead of indexing out of range.
    /// - Throws: `SegueError` naming the file, tensor and row.
    public func index(_ value: Float, below bound: Int, tensor name: String, row: Int) throws -> Int {
        guard value.isFinite, value >= 0, value < Float(bound), value == value.rounded() else {
            throw SegueError("checkpoint '\(source)': tensor '\(name)' row \(row) holds \(value), expected a whole number below \(bound)",
                             hint: "the file is damaged; resume from another checkpoint")
        }
        return Int(value)
    }

    /// Copies every parameter of `model` from the tensors `prefix + path name`.
    /// - Throws: `SegueError` when a tensor is missing or has another shape.
    public func load(_ model: some Trainable, prefix: String) throws {
        for (name, parameter) in model.namedParameters {
            let m = try finiteMatrix(prefix + name)
            guard m.shape == parameter.shape else {
                throw SegueError("checkpoint '\(source)': '\(prefix + name)' is \(m.shape), the agent's is \(parameter.shape)",
                                 hint: "resume with the agent configuration the checkpoint was written with")
            }
            parameter.value = m
        }
    }

    /// Puts every parameter of `model` under `prefix + path name`.
    public mutating func save(_ model: some Trainable, prefix: String) {
        for (name, parameter) in model.namedParameters { put(prefix + name, parameter.value) }
    }

    // MARK: - Records

    /// Stores `value` as JSON under `key`.
    public mutating func putRecord<T: Encodable>(_ key: String, _ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        metadata[key] = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The JSON record under `key`.
    /// - Throws: `SegueError` when it is missing or malformed.
    public func record<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let text = metadata[key] else {
            throw SegueError("checkpoint '\(source)' has no record '\(key)'", hint: "it was written by another agent or version")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw SegueError("checkpoint '\(source)': record '\(key)' is malformed: \(error)")
        }
    }
}
