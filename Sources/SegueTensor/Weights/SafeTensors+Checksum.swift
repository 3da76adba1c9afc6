/// The checksum Segue writes into every safetensors file it saves, so that a
/// file damaged on disk or in transfer (a flipped bit, a lost block) is refused
/// with "checksum mismatch" instead of loading other weights.
///
/// It is FNV-1a (64-bit) over the tensors sorted by name — each name, shape and
/// float32 data — then every metadata pair but itself, sorted by key, and is
/// stored in `__metadata__` as `segue_checksum: "fnv1a64:<16 hex digits>"`. Each
/// FNV-1a step is a bijection of its state, so any one changed byte changes the
/// sum. Files without the key (Segue before checksums, other tools) still read;
/// Segue's own formats say whether they must carry one (`hasChecksum`).
extension SafeTensors {
    /// The metadata key of the checksum.
    public static let checksumKey = "segue_checksum"

    /// The checksum of `tensors` and `metadata` (the checksum key itself left out).
    static func checksum(tensors: [(name: String, matrix: Matrix)], metadata: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        func add(text: String) {
            for byte in text.utf8 { add(byte) }
            add(UInt8(0))
        }
        func add(size: Int) { for shift in stride(from: 0, to: 64, by: 8) { add(UInt8(truncatingIfNeeded: size >> shift)) } }
        for (name, matrix) in tensors.sorted(by: { $0.name < $1.name }) {
            add(text: name)
            add(size: matrix.rows)
            add(size: matrix.columns)
            for value in matrix.storage {   // float32 little-endian, as in the file
                let bits = value.bitPattern
                add(UInt8(truncatingIfNeeded: bits))
                add(UInt8(truncatingIfNeeded: bits >> 8))
                add(UInt8(truncatingIfNeeded: bits >> 16))
                add(UInt8(truncatingIfNeeded: bits >> 24))
            }
        }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where key != checksumKey {
            add(text: key)
            add(text: value)
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
