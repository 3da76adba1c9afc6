import Foundation

// Shared by every fuzz target: libFuzzer's initialisation hook, which writes
// the target's generated seed files when SEGUE_FUZZ_WRITE_SEEDS names a folder
// (`scripts/fuzz --seeds TARGET`), then exits.

/// libFuzzer's initialisation hook, the same for every target: writes the
/// target's generated seeds (`targetSeeds()`, declared in each Fuzz/TARGET/main.swift;
/// empty for targets whose seeds are written by hand) when asked, then exits.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    if let folder = ProcessInfo.processInfo.environment["SEGUE_FUZZ_WRITE_SEEDS"] { writeSeeds(to: folder) }
    return 0
}

/// Writes the generated seeds into `folder`.
func writeSeeds(to folder: String) -> Never {
    do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, bytes) in try targetSeeds().sorted(by: { $0.key < $1.key }) {
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
