import Foundation

/// The process's numeric mode and what it runs on: the facts a recorded result
/// needs to say how it was made.
///
/// The mode is settled by the first matrix product (which loads OpenBLAS); until
/// then ``request(_:)`` may choose it, after that it is fixed for the process.
public enum Numerics {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var requested: NumericMode?
    nonisolated(unsafe) private static var settled = false

    /// Asks for `mode` for this process. Call before the first matrix product.
    /// - Throws: `NumericModeError` when products already ran in another mode.
    public static func request(_ mode: NumericMode) throws {
        lock.lock()
        defer { lock.unlock() }
        if settled {
            let current = OpenBLASLibrary.shared.mode
            guard current == mode else {
                throw NumericModeError(
                    "the numeric mode is already \(current) in this process and cannot change to \(mode); "
                        + "start a new process with \(NumericMode.environmentVariable)=\(mode)")
            }
            return
        }
        requested = mode
    }

    /// The mode asked for: ``request(_:)``, else `SEGUE_NUMERICS`, else portable.
    /// - Throws: `NumericModeError` when `SEGUE_NUMERICS` names no mode.
    static func resolvedRequest() throws -> NumericMode {
        lock.lock()
        defer { lock.unlock() }
        settled = true
        if let requested { return requested }
        return try environmentMode() ?? .portable
    }

    /// The mode `SEGUE_NUMERICS` names, or nil when it is unset or empty.
    /// - Throws: `NumericModeError` naming the variable and the accepted values.
    public static func environmentMode() throws -> NumericMode? {
        guard let text = ProcessInfo.processInfo.environment[NumericMode.environmentVariable], !text.isEmpty else {
            return nil
        }
        return try NumericMode(parsing: text, source: NumericMode.environmentVariable)
    }

    /// The mode this process runs in (loads OpenBLAS if it was not yet).
    public static var mode: NumericMode { OpenBLASLibrary.shared.mode }

    /// The OpenBLAS kernel in use, e.g. `"Haswell"` or `"SkylakeX"`.
    public static var kernel: String { OpenBLASLibrary.shared.coreName }

    /// Whether the portable mode's promise holds in this process: the mode is
    /// portable and its kernel is pinned.
    public static var isPortable: Bool { mode == .portable && OpenBLASLibrary.shared.pinnedKernel != nil }

    /// A hash of a fixed computation through every numeric path that recorded
    /// results pass: sgemm of odd shapes with a long inner dimension (in both
    /// transpositions), saxpy and sscal, and the C library's `exp`, `log` and
    /// `tanh` in Float and Double. Two processes with the same fingerprint compute
    /// the same bits; a new OpenBLAS, another kernel or another libm changes it.
    public static let fingerprint: String = NumericFingerprint.compute()

    /// One line for the top of a recorded file: mode, kernel, fingerprint.
    /// `#! numerics portable kernel=Haswell fingerprint=0123456789abcdef`.
    public static var headerLine: String {
        "#! numerics \(mode) kernel=\(kernel) fingerprint=\(fingerprint)"
    }

    /// One line for people: `portable (OpenBLAS Haswell kernel, fingerprint …)`.
    public static var summary: String {
        var text = "\(mode) (OpenBLAS \(kernel) kernel, fingerprint \(fingerprint))"
        if mode == .portable && !isPortable { text += ", kernel NOT pinned" }
        return text
    }
}
