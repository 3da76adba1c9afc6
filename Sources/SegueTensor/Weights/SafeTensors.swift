import Foundation

/// An error reading or writing a weight file, naming the file and, when one is at
/// fault, the tensor.
public struct WeightFileError: Error, CustomStringConvertible, Equatable {
    /// The file (path, or `"<memory>"` for a byte buffer).
    public let file: String
    /// The tensor at fault, when the problem is with one tensor.
    public let tensor: String?
    /// What is wrong, e.g. `"shape [3, 4] in the file, the model expects [4, 4]"`.
    public let reason: String

    public init(file: String, tensor: String? = nil, reason: String) {
        self.file = file
        self.tensor = tensor
        self.reason = reason
    }

    public var description: String {
        if let tensor { return "\(file): tensor '\(tensor)': \(reason)" }
        return "\(file): \(reason)"
    }
}

/// A set of named float32 tensors plus string metadata, in the safetensors format
/// (read by Python's `safetensors`, PyTorch, JAX and Hugging Face tools).
///
/// Layout: an 8-byte little-endian unsigned header length `N`; `N` bytes of JSON
/// `{"NAME": {"dtype": "F32", "shape": [r, c], "data_offsets": [begin, end]}, …,
/// "__metadata__": {"key": "value"}}`, padded with spaces to a multiple of 8; then the
/// raw little-endian float32 data, offsets counted from the end of the header.
///
/// Tensors are matrices: they are written with shape `[rows, columns]`; on reading, a
/// rank-1 shape `[n]` becomes `[1, n]` and a scalar `[]` becomes `[1, 1]`. Only `F32`
/// is supported.
public struct SafeTensors: Sendable {
    /// The tensors in file order.
    public var tensors: [(name: String, matrix: Matrix)]
    /// Free-form string metadata (`__metadata__`), e.g. the sizes needed to rebuild a model.
    public var metadata: [String: String]
    /// Where these tensors were read from (for error messages), or `"<memory>"`.
    public var source: String
    /// Whether the file read carried a Segue checksum (then verified); written
    /// files always carry one (see `SafeTensors+Checksum.swift`).
    public private(set) var hasChecksum = false

    /// Collects `tensors` and `metadata` for writing.
    public init(tensors: [(name: String, matrix: Matrix)], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
        self.source = "<memory>"
    }

    /// The tensor named `name`, or `nil`.
    public subscript(name: String) -> Matrix? {
        tensors.first { $0.name == name }?.matrix
    }

    // MARK: - Encoding

    /// The file's bytes: header length, JSON header (keys sorted, space-padded to a
    /// multiple of 8, with the checksum in `__metadata__`), then the float32 data
    /// in `tensors` order.
    ///
    /// - Parameter withChecksum: false leaves the checksum out (a file as Segue
    ///   wrote before checksums; the fuzz seeds use it to reach past the check).
    /// - Throws: `WeightFileError` for a duplicate, empty or reserved tensor name.
    public func encoded(withChecksum: Bool = true) throws -> [UInt8] {
        var header: [String: Any] = [:]
        var offset = 0
        for (name, matrix) in tensors {
            guard !name.isEmpty, name != "__metadata__" else {
                throw WeightFileError(file: source, tensor: name, reason: "reserved or empty tensor name")
            }
            guard header[name] == nil else {
                throw WeightFileError(file: source, tensor: name, reason: "duplicate tensor name")
            }
            let size = matrix.count * 4
            header[name] = [
                "dtype": "F32", "shape": [matrix.rows, matrix.columns], "data_offsets": [offset, offset + size],
            ] as [String: Any]
            offset += size
        }
        var stored = metadata
        if withChecksum { stored[SafeTensors.checksumKey] = SafeTensors.checksum(tensors: tensors, metadata: metadata) }
        if !stored.isEmpty { header["__metadata__"] = stored }
        var json = [UInt8](try JSONSerialization.data(
            withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes]))
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        for (_, matrix) in tensors {
            for value in matrix.storage {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    // MARK: - Decoding

    /// Parses safetensors `bytes`; `source` names them in errors.
    ///
    /// - Throws: `WeightFileError` for a truncated buffer, malformed JSON, a dtype other
    ///   than `F32`, a rank above 2, offsets that disagree with the shape or lie
    ///   outside the data, or a checksum that does not match the contents.
    public init(decoding bytes: [UInt8], source: String = "<memory>") throws {
        func fail(_ reason: String, tensor: String? = nil) -> WeightFileError {
            WeightFileError(file: source, tensor: tensor, reason: reason)
        }
        guard bytes.count >= 8 else {
            throw fail("file too short for a safetensors header (\(bytes.count) bytes): truncated, or not a safetensors file")
        }
        let headerLength = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail("header: its length \(headerLength) exceeds the file size \(bytes.count): truncated or damaged")
        }
        let dataStart = 8 + Int(headerLength)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart]))
        } catch {
            throw fail("header is not valid JSON (\(error.localizedDescription)): damaged, or not a safetensors file")
        }
        guard let header = object as? [String: Any] else { throw fail("header is not a JSON object") }

        var metadata: [String: String] = [:]
        if let rawMetadata = header["__metadata__"] {
            guard let strings = rawMetadata as? [String: String] else {
                throw fail("__metadata__ must map strings to strings")
            }
            metadata = strings
        }
        let dataCount = bytes.count - dataStart
        var entries: [(begin: Int, name: String, matrix: Matrix)] = []
        for (name, value) in header where name != "__metadata__" {
            guard let info = value as? [String: Any],
                  let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int],
                  let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw fail("entry needs dtype, shape and data_offsets [begin, end]", tensor: name) }
            guard dtype == "F32" else { throw fail("dtype \(dtype) is not supported (only F32)", tensor: name) }
            guard shape.count <= 2, shape.allSatisfy({ $0 >= 0 }) else {
                throw fail("shape \(shape) is not a matrix (rank 0, 1 or 2 expected)", tensor: name)
            }
            let (rows, columns) = shape.count == 2 ? (shape[0], shape[1]) : (1, shape.first ?? 1)
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataCount else {
                throw fail("data_offsets [\(begin), \(end)] outside the \(dataCount) data bytes: truncated or damaged", tensor: name)
            }
            let (cells, cellsOverflow) = rows.multipliedReportingOverflow(by: columns)
            let (size, sizeOverflow) = cells.multipliedReportingOverflow(by: 4)
            guard !cellsOverflow, !sizeOverflow, end - begin == size else {
                throw fail("size: data_offsets span \(end - begin) bytes, shape \(shape) needs "
                           + (cellsOverflow || sizeOverflow ? "more than the largest file" : "\(size)"), tensor: name)
            }
            var storage = [Float](repeating: 0, count: rows * columns)
            bytes.withUnsafeBytes { raw in
                for i in storage.indices {
                    let bits = raw.loadUnaligned(fromByteOffset: dataStart + begin + 4 * i, as: UInt32.self)
                    storage[i] = Float(bitPattern: UInt32(littleEndian: bits))
                }
            }
            entries.append((begin, name, Matrix(rows: rows, columns: columns, storage: storage)))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        let tensors = entries.map { (name: $0.name, matrix: $0.matrix) }
        if let stored = metadata.removeValue(forKey: SafeTensors.checksumKey) {
            let computed = SafeTensors.checksum(tensors: tensors, metadata: metadata)
            guard stored == computed else {
                throw fail("checksum mismatch (stored \(stored), contents give \(computed)): the file is damaged")
            }
            hasChecksum = true
        }
        self.tensors = tensors
        self.metadata = metadata
        self.source = source
    }
}
