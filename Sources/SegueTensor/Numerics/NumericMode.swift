/// How Segue's floating-point results relate to the machine they run on.
///
/// Everything Segue computes goes through one of two modes, chosen once per process
/// (before the first matrix product) and fixed from then on:
///
/// - ``portable`` (the default): the same seed, inputs and Segue build give the same
///   bits on every x86-64 machine with AVX2 and FMA, whatever kernel OpenBLAS would
///   pick for the CPU and whatever `OPENBLAS_CORETYPE` says. Segue loads OpenBLAS
///   itself with one kernel pinned (`Haswell` on x86-64), and BLAS runs one thread.
/// - ``fast``: OpenBLAS's own choice of kernel for this CPU (or `OPENBLAS_CORETYPE`).
///   On AVX-512 machines sgemm can be up to twice as fast on thin products; results
///   then differ from the portable mode's in the last bits, and recorded session
///   files made in one mode do not check in the other.
///
/// Choose with the environment variable `SEGUE_NUMERICS=portable|fast`, the `segue`
/// option `--numerics MODE`, or ``Numerics/request(_:)`` before the first product.
public enum NumericMode: String, CaseIterable, Sendable, CustomStringConvertible {
    /// One pinned BLAS kernel: the same bits on every x86-64 machine with AVX2.
    case portable
    /// The machine's own BLAS kernel: faster where it is, last bits machine-dependent.
    case fast

    /// The environment variable that names the mode.
    public static let environmentVariable = "SEGUE_NUMERICS"

    /// Parses a mode's name, with a message that lists the accepted names.
    /// - Throws: `NumericModeError` for any other text.
    public init(parsing text: String, source: String) throws {
        guard let mode = NumericMode(rawValue: text.lowercased()) else {
            throw NumericModeError(
                "\(source): unknown numeric mode '\(text)'; use "
                    + NumericMode.allCases.map(\.rawValue).joined(separator: " or "))
        }
        self = mode
    }

    public var description: String { rawValue }
}

/// A numeric mode that was named wrongly or asked for too late.
public struct NumericModeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
