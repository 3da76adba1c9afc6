import Foundation

// MARK: - Reading and writing files

extension SafeTensors {
    /// Reads and parses the safetensors file at `url`.
    ///
    /// - Throws: `WeightFileError` naming the file when it cannot be read or parsed.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WeightFileError(file: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        try self.init(decoding: [UInt8](data), source: url.path)
    }

    /// Writes the file atomically: the bytes go to a temporary file in the same folder,
    /// are flushed to disk, and the temporary file is renamed over `url`, so a reader
    /// sees the old file or the new one, never a partial one.
    ///
    /// - Throws: `WeightFileError` naming `url` when encoding, writing or renaming fails.
    public func write(to url: URL) throws {
        var named = self
        named.source = url.path
        let bytes = try named.encoded()
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
            let handle = try FileHandle(forUpdating: temporary)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw WeightFileError(file: url.path, reason: "cannot write (\(error.localizedDescription))")
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw WeightFileError(file: url.path, reason: "cannot rename the temporary file into place (errno \(code))")
        }
    }
}

// MARK: - Saving and loading parameters

extension Trainable {
    /// The parameter values under their path names, plus `metadata`, as safetensors.
    public func weights(metadata: [String: String] = [:]) -> SafeTensors {
        SafeTensors(tensors: namedParameters.map { (name: $0.name, matrix: $0.parameter.value) },
                    metadata: metadata)
    }

    /// Saves every parameter value under its path name (`namedParameters`) to `url`,
    /// atomically, with `metadata` (e.g. layer sizes needed to rebuild the model).
    ///
    /// - Throws: `WeightFileError` when the file cannot be written.
    public func saveWeights(to url: URL, metadata: [String: String] = [:]) throws {
        try weights(metadata: metadata).write(to: url)
    }

    /// Loads parameter values from the safetensors file at `url`; returns its metadata.
    ///
    /// - Throws: `WeightFileError` naming the file, and the tensor when one is missing,
    ///   unexpected, or of the wrong shape. Nothing is changed unless all tensors fit.
    @discardableResult
    public func loadWeights(from url: URL) throws -> [String: String] {
        let file = try SafeTensors(contentsOf: url)
        try loadWeights(from: file)
        return file.metadata
    }

    /// Copies values from `file` into the parameters with the same path names.
    ///
    /// The file must hold exactly this model's tensor names with the same shapes
    /// (a rank-1 tensor `[n]` fits a `[1, n]` parameter).
    ///
    /// - Throws: `WeightFileError` naming `file.source` and the tensor at fault. Nothing
    ///   is changed unless every tensor fits.
    public func loadWeights(from file: SafeTensors) throws {
        let expected = namedParameters
        var available: [String: Matrix] = [:]
        for (name, matrix) in file.tensors { available[name] = matrix }
        var assignments: [(Parameter, Matrix)] = []
        for (name, parameter) in expected {
            guard let matrix = available.removeValue(forKey: name) else {
                throw WeightFileError(file: file.source, tensor: name, reason: "missing from the file")
            }
            guard matrix.hasSameShape(as: parameter.value) else {
                throw WeightFileError(
                    file: file.source, tensor: name,
                    reason: "shape \(matrix.shape) in the file, the model expects \(parameter.shape)")
            }
            assignments.append((parameter, matrix))
        }
        if let extra = available.keys.sorted().first {
            throw WeightFileError(file: file.source, tensor: extra, reason: "in the file but not in the model")
        }
        for (parameter, matrix) in assignments { parameter.value = matrix }
    }
}
