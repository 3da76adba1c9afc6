internal import CBLAS

/// Facts about, and the few settings of, the OpenBLAS library behind `Matrix.gemm`.
///
/// Benchmarks should report `coreName`: OpenBLAS picks its kernel at run time (or from
/// `OPENBLAS_CORETYPE`), and the kernel changes sgemm speed by up to 2×.
public enum BLAS {
    /// The kernel OpenBLAS runs, e.g. `"Haswell"` or `"SkylakeX"`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration, e.g. `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"`.
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }

    /// The number of threads one BLAS call may use.
    public static var threadCount: Int {
        Int(openblas_get_num_threads())
    }

    /// Sets the number of threads one BLAS call may use, for the whole process.
    ///
    /// On two shared cores, one thread is usually as fast for the small products of
    /// reinforcement learning, and spares the spinning of idle BLAS threads; run
    /// independent environments in parallel instead.
    ///
    /// - Precondition: `count ≥ 1`.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "BLAS.setThreadCount: need at least one thread, got \(count)")
        openblas_set_num_threads(Int32(count))
    }
}
