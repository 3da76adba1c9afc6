import Foundation

// Fuzz target 'checkpoint': see Tests/SegueShellTests/Fuzzing/FuzzCheckpoint.swift for what it drives.

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    fuzzSeeds = FuzzCheckpoint.seeds
    if let folder = ProcessInfo.processInfo.environment["SEGUE_FUZZ_WRITE_SEEDS"] { writeSeeds(to: folder) }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzInput(data, size) { _ = FuzzCheckpoint.run($0) }
}
