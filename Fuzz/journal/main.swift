import Foundation

// Fuzz target 'journal': see Tests/SegueShellTests/Fuzzing/FuzzJournal.swift for what it drives.

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    if let folder = ProcessInfo.processInfo.environment["SEGUE_FUZZ_WRITE_SEEDS"] { writeSeeds(to: folder) }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzInput(data, size) { _ = FuzzJournal.run($0) }
}
