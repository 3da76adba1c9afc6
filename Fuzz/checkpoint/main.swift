import Foundation

// Fuzz target 'checkpoint': see Tests/SegueShellTests/Fuzzing/FuzzCheckpoint.swift for what it drives.

/// The seeds `scripts/fuzz --seeds` writes for this target.
func targetSeeds() throws -> [String: [UInt8]] { try FuzzCheckpoint.seeds() }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzInput(data, size) { _ = FuzzCheckpoint.run($0) }
}
