import Foundation

// Shared by every fuzz target: libFuzzer's initialisation hook, which writes
// the target's generated seed files when SEGUE_FUZZ_WRITE_SEEDS names a folder
// (`scripts/fuzz --seeds TARGET`), then exits.

/// The target's generated seeds (file name → bytes); empty for targets whose
/// seeds are written by hand. Each Fuzz/TARGET/main.swift sets it.
nonisolated(unsafe) var fuzzSeeds: () throws -> [String: [UInt8]] = { [:] }

/// Writes the generated seeds into `folder`.
func writeSeeds(to folder: String) -> Never {
    do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, bytes) in try fuzzSeeds().sorted(by: { $0.key < $1.key }) {
            try Data(bytes).write(to: URL(fileURLWithPath: "\(folder)/\(name)"))
            print("fuzz: wrote \(folder)/\(name) (\(bytes.count) bytes)")
        }
        exit(0)
    } catch {
        print("fuzz: cannot write seeds: \(error)")
        exit(1)
    }
}

/// Runs `body` on libFuzzer's input.
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: ([UInt8]) -> Void) -> CInt {
    body(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
