import Foundation

/// Distinct strings numbered 0, 1, 2, … in order of first appearance, looked
/// up by the raw UTF-8 bytes of a field, so an ingest makes no `String` per
/// row: only the table's own copy of each new key, as bytes.
///
/// Keys are equal exactly when Swift `String`s are, so a table numbers keys
/// as a `[String: UInt32]` fed with `String(decoding: bytes, as: UTF8.self)`
/// would (the cache's track ids and context types depend on it):
/// - ASCII bytes (nearly every id) are their own string's UTF-8: they are
///   hashed and compared as bytes, in an open-addressing table.
/// - Any other bytes become a `String` (invalid UTF-8 read as U+FFFD) and are
///   looked up in a `[String: UInt32]`, which compares by canonical
///   equivalence. A key equivalent to an ASCII string (U+212A KELVIN SIGN is
///   "K") is also filed in the byte table under that string's bytes, so the
///   ASCII spelling finds it too, whichever comes first.
///
/// The table keeps each number's first spelling (`offsets`, `bytes`), laid
/// out as the cache's string tables are written.
struct UTF8KeyTable {
    /// Entry `i` is spelled `bytes[offsets[i] ..< offsets[i + 1]]` (its first spelling).
    private(set) var offsets: [UInt64] = [0]
    private(set) var bytes: [UInt8] = []

    /// Open addressing, linear probing: `slots[h]` is 0 when empty, else 1 + the index of a byte key.
    private var slots: [UInt32] = Array(repeating: 0, count: 64)
    /// Byte key `k` is `keyBytes[keyStarts[k] ..< keyStarts[k + 1]]`, hashes to `keyHashes[k]` and names entry `keyValues[k]`.
    private var keyStarts: [Int] = [0]
    private var keyBytes: [UInt8] = []
    private var keyHashes: [UInt64] = []
    private var keyValues: [UInt32] = []
    /// Keys that are not ASCII, by their string.
    private var others: [String: UInt32] = [:]

    /// The number of distinct keys.
    var count: Int { offsets.count - 1 }

    /// Every key in order of number, as strings (for tests and small tables).
    var strings: [String] {
        (0..<count).map { String(decoding: bytes[Int(offsets[$0])..<Int(offsets[$0 + 1])], as: UTF8.self) }
    }

    /// The number of `string`, adding it if new and fewer than `limit` keys are known.
    /// - Returns: nil when `string` is new and the table holds `limit` keys.
    mutating func index(of string: String, limit: Int = Int(UInt32.max)) -> UInt32? {
        var string = string
        return string.withUTF8 { index(of: $0, limit: limit) }
    }

    /// The number of the string these UTF-8 bytes spell, adding it if new and
    /// fewer than `limit` keys are known.
    /// - Returns: nil when the key is new and the table holds `limit` keys.
    mutating func index(of key: UnsafeBufferPointer<UInt8>, limit: Int = Int(UInt32.max)) -> UInt32? {
        let (hash, ascii) = UTF8KeyTable.hash(key)
        if ascii {
            if let known = find(key, hash: hash) { return known }
            guard count < limit else { return nil }
            let value = append(key)
            file(key, hash: hash, as: value)
            return value
        }
        let string = String(decoding: key, as: UTF8.self)
        if let known = others[string] { return known }
        // A key canonically equivalent to an ASCII string is filed under that string's bytes.
        var composed = string.precomposedStringWithCanonicalMapping
        let asciiForm = composed.utf8.allSatisfy { $0 < 0x80 } && composed == string
        if asciiForm, let known = composed.withUTF8({ find($0, hash: UTF8KeyTable.hash($0).hash) }) {
            others[string] = known
            return known
        }
        guard count < limit else { return nil }
        var spelling = string
        let value = spelling.withUTF8 { append($0) }
        if asciiForm { composed.withUTF8 { file($0, hash: UTF8KeyTable.hash($0).hash, as: value) } }
        others[string] = value
        return value
    }

    /// Adds a new entry spelled `spelling`; returns its number.
    private mutating func append(_ spelling: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let value = UInt32(count)
        bytes.append(contentsOf: spelling)
        offsets.append(UInt64(bytes.count))
        return value
    }

    /// The entry filed under the ASCII `key`, if any.
    private func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return keyBytes.withUnsafeBufferPointer { stored in
            while true {
                let entry = slots[slot]
                if entry == 0 { return nil }
                let k = Int(entry - 1)
                if keyHashes[k] == hash {
                    let start = keyStarts[k], length = keyStarts[k + 1] - start
                    if length == key.count
                        && (length == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, length) == 0) {
                        return keyValues[k]
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Files the ASCII `key` (not yet filed) as naming entry `value`.
    private mutating func file(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, as value: UInt32) {
        if (keyValues.count + 1) * 4 > slots.count * 3 { grow() }
        keyBytes.append(contentsOf: key)
        keyStarts.append(keyBytes.count)
        keyHashes.append(hash)
        keyValues.append(value)
        place(keyValues.count - 1)
    }

    /// Puts byte key `k` in the first empty slot of its probe sequence.
    private mutating func place(_ k: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: keyHashes[k]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt32(k + 1)
    }

    /// Doubles the slots and files every byte key again.
    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for k in keyValues.indices { place(k) }
    }

    /// A 64-bit hash of `key`, eight bytes at a time, and whether every byte is ASCII.
    ///
    /// Only for this table (it depends on nothing but the bytes, but is not
    /// `SessionSample`'s hash and is never stored).
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, ascii: Bool) {
        let raw = UnsafeRawBufferPointer(key)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var high: UInt64 = 0
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            high |= word
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            offset += 8
        }
        if offset < raw.count {
            var word: UInt64 = 0
            for index in offset..<raw.count { word |= UInt64(raw[index]) << (8 * UInt64(index - offset)) }
            high |= word
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        }
        h ^= h >> 32
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return (h, high & 0x8080_8080_8080_8080 == 0)
    }
}
