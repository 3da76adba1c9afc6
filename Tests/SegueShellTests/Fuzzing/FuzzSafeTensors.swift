import Foundation
import SegueTensor

/// Fuzz entry for the safetensors reader: parses the bytes; what parses is
/// encoded again and must decode to the same tensors and metadata, bit for bit.
enum FuzzSafeTensors {
    /// Whether the input parsed as safetensors.
    @discardableResult
    static func run(_ bytes: [UInt8]) -> Bool {
        guard let file = try? SafeTensors(decoding: bytes, source: "fuzz.safetensors") else { return false }
        guard let again = try? file.encoded() else { return true }   // e.g. an empty tensor name: not writable
        guard let back = try? SafeTensors(decoding: again) else {
            fatalError("fuzz: safetensors written from a parsed file do not parse")
        }
        let same = back.metadata == file.metadata && back.tensors.count == file.tensors.count
            && zip(back.tensors, file.tensors).allSatisfy { a, b in
                a.name == b.name && a.matrix.shape == b.matrix.shape
                    && a.matrix.storage.map(\.bitPattern) == b.matrix.storage.map(\.bitPattern)
            }
        if !same { fatalError("fuzz: safetensors round trip changed the tensors or metadata") }
        return true
    }
}
