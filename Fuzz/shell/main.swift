import Foundation

// Fuzz target 'shell': see Tests/SegueShellTests/Fuzzing/FuzzShell.swift for what it drives.

/// The seeds `scripts/fuzz --seeds` writes for this target.
func targetSeeds() throws -> [String: [UInt8]] { [:] }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzInput(data, size) { _ = FuzzShell.run($0) }
}
