import Foundation

// Fuzz target 'modelfile': see Tests/SegueShellTests/Fuzzing/FuzzModelFile.swift for what it drives.

/// The seeds `scripts/fuzz --seeds` writes for this target.
func targetSeeds() throws -> [String: [UInt8]] { try FuzzModelFile.seeds() }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzInput(data, size) { _ = FuzzModelFile.run($0) }
}
