import Foundation

/// OpenBLAS, loaded by Segue itself so that the numeric mode decides its kernel.
///
/// OpenBLAS picks its kernel once, when the library is loaded, from
/// `OPENBLAS_CORETYPE` or the CPU. A program linked against it has no say: the
/// loader maps it before `main`. Segue therefore does not link OpenBLAS; the first
/// matrix product loads it with `dlopen`, after setting `OPENBLAS_CORETYPE` to the
/// pinned kernel in the portable mode (and restoring the variable straight after,
/// so child processes see the user's environment). The load then checks which
/// kernel actually runs: if another copy of OpenBLAS was already in the process,
/// the pin cannot take, and Segue says so once on standard error.
///
/// The library is looked up as `$SEGUE_OPENBLAS` (a path), then
/// `libopenblas.so.0`, then `libopenblas.so` (Debian: `libopenblas0`).
final class OpenBLASLibrary: @unchecked Sendable {
    typealias SGEMM = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float,
        UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
        Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias SAXPY = @convention(c) (Int32, Float, UnsafePointer<Float>?, Int32, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias SSCAL = @convention(c) (Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias Text = @convention(c) () -> UnsafeMutablePointer<CChar>?
    typealias GetInt = @convention(c) () -> Int32
    typealias SetInt = @convention(c) (Int32) -> Void

    // CBLAS's enumerations (cblas.h), passed as C ints.
    static let rowMajor: Int32 = 101
    static let noTranspose: Int32 = 111
    static let transpose: Int32 = 112

    let sgemm: SGEMM
    let saxpy: SAXPY
    let sscal: SSCAL
    let coreName: String
    let configuration: String
    let getThreads: GetInt
    let setThreads: SetInt
    /// The mode the process runs in.
    let mode: NumericMode
    /// The kernel the portable mode pins on this CPU, or nil where it cannot.
    let pinnedKernel: String?
    /// Why the portable mode could not pin its kernel, when it could not.
    let warning: String?

    /// The process's one copy, loaded on first use in the mode then requested.
    static let shared: OpenBLASLibrary = {
        do {
            return try OpenBLASLibrary(mode: Numerics.resolvedRequest())
        } catch {
            fatalError("\(error)")
        }
    }()

    private init(mode: NumericMode) throws {
        self.mode = mode
        var pin: String? = nil
        var warning: String? = nil
        if mode == .portable {
            switch PortableKernel.choose() {
            case .kernel(let name): pin = name
            case .unavailable(let why): warning = why
            }
        }
        let handle = try OpenBLASLibrary.open(coreType: pin)
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(handle, name) else {
                throw NumericModeError("OpenBLAS has no symbol \(name): \(String(cString: dlerror()))")
            }
            return unsafeBitCast(pointer, to: type)
        }
        sgemm = try symbol("cblas_sgemm", as: SGEMM.self)
        saxpy = try symbol("cblas_saxpy", as: SAXPY.self)
        sscal = try symbol("cblas_sscal", as: SSCAL.self)
        getThreads = try symbol("openblas_get_num_threads", as: GetInt.self)
        setThreads = try symbol("openblas_set_num_threads", as: SetInt.self)
        let core = try symbol("openblas_get_corename", as: Text.self)()
        let config = try symbol("openblas_get_config", as: Text.self)()
        coreName = core.map { String(cString: $0) } ?? "unknown"
        configuration = config.map { String(cString: $0) } ?? "unknown"
        // One thread: as fast as two for Segue's small products, and no idle
        // BLAS threads spinning beside the environments' own workers.
        setThreads(1)
        if let pin, pin.lowercased() != coreName.lowercased() {
            warning = "OpenBLAS runs its \(coreName) kernel, not the pinned \(pin) (was another copy "
                + "already loaded in this process?): numbers may differ from other machines"
            self.pinnedKernel = nil
        } else {
            self.pinnedKernel = pin
        }
        self.warning = warning
        if let warning {
            FileHandle.standardError.write(Data("segue: portable numerics unavailable: \(warning)\n".utf8))
        }
    }

    /// `dlopen`s OpenBLAS with `OPENBLAS_CORETYPE` set to `coreType` (when given)
    /// for the moment of loading.
    private static func open(coreType: String?) throws -> UnsafeMutableRawPointer {
        let variable = "OPENBLAS_CORETYPE"
        let previous = getenv(variable).map { String(cString: $0) }
        if let coreType { setenv(variable, coreType, 1) }
        defer {
            if coreType != nil {
                if let previous { setenv(variable, previous, 1) } else { unsetenv(variable) }
            }
        }
        var candidates = ["libopenblas.so.0", "libopenblas.so"]
        if let path = getenv("SEGUE_OPENBLAS").map({ String(cString: $0) }), !path.isEmpty {
            candidates.insert(path, at: 0)
        }
        var errors: [String] = []
        for name in candidates {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) { return handle }
            errors.append(String(cString: dlerror()))
        }
        throw NumericModeError(
            "cannot load OpenBLAS (\(errors.joined(separator: "; "))): install it "
                + "(Debian: apt-get install libopenblas0, which scripts/setup does) or set SEGUE_OPENBLAS to its path")
    }
}

/// The kernel the portable mode pins, by CPU architecture and features.
enum PortableKernel {
    case kernel(String)
    case unavailable(String)

    /// x86-64 with AVX2 and FMA: OpenBLAS's `Haswell` kernel, which such CPUs of
    /// every vendor run, AVX-512 ones included. Other CPUs cannot run it.
    static func choose() -> PortableKernel {
        #if arch(x86_64)
        let flags = cpuFlags()
        guard flags.contains("avx2"), flags.contains("fma") else {
            return .unavailable("this CPU lacks AVX2 or FMA, which the pinned Haswell kernel needs; "
                + "OpenBLAS's own kernel runs, so numbers may differ from AVX2 machines")
        }
        return .kernel("Haswell")
        #elseif arch(arm64)
        return .kernel("ARMV8")
        #else
        return .unavailable("no kernel is pinned on this CPU architecture")
        #endif
    }

    /// The CPU's feature flags from `/proc/cpuinfo` (empty where unreadable).
    static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
}
