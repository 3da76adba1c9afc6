/// Facts about, and the few settings of, the OpenBLAS library behind `Matrix.gemm`.
///
/// Benchmarks should report `coreName`: the kernel changes sgemm speed by up to 2×,
/// and which kernel runs is decided by the numeric mode (see ``NumericMode``).
public enum BLAS {
    /// The kernel OpenBLAS runs, e.g. `"Haswell"` or `"SkylakeX"`.
    public static var coreName: String {
        OpenBLASLibrary.shared.coreName
    }

    /// OpenBLAS's build configuration, e.g. `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64"`.
    public static var configuration: String {
        OpenBLASLibrary.shared.configuration
    }

    /// The number of threads one BLAS call may use.
    public static var threadCount: Int {
        Int(OpenBLASLibrary.shared.getThreads())
    }

    /// Sets the number of threads one BLAS call may use, for the whole process.
    ///
    /// Segue starts with one thread. On two shared cores, one thread is usually as fast
    /// for the small products of reinforcement learning, and spares the spinning of
    /// idle BLAS threads; run independent environments in parallel instead.
    ///
    /// - Precondition: `count ≥ 1`.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "BLAS.setThreadCount: need at least one thread, got \(count)")
        OpenBLASLibrary.shared.setThreads(Int32(count))
    }
}
