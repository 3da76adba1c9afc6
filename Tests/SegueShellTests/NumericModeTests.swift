import Foundation
import XCTest

/// The portable numeric mode's promise, checked across real processes: the same
/// session gives the same bits whatever BLAS kernel OpenBLAS would pick.
///
/// Each run is a child `segue` process with `OPENBLAS_CORETYPE` set to a kernel
/// of another group (OpenBLAS's Haswell and Zen kernels agree with each other,
/// SkylakeX and Cooperlake with each other, Sandybridge with neither). A child
/// trains a small CWM, saves it, runs 400 AH-DQN updates in a
/// simulator on that CWM and checkpoints the agent; the test compares what they
/// print and the bytes of both files.
final class NumericModeTests: XCTestCase {
    /// A session that passes its numbers through sgemm in training and inference.
    static let script = """
        world demo tracks=400 users=60 sessions=1500
        cwm = train-model cwm epochs=3
        save-model cwm cwm.safetensors
        sim = env user=cwm episodes=random-pool(size=30) seed=1
        a = agent ahdqn env=sim learning-starts=100 target-every=50
        train a env=sim steps=500 every=250 checkpoint=a.safetensors
        compare a random env=sim episodes=40
        """

    struct Run: Equatable {
        var output: String
        var model: Data
        var checkpoint: Data
    }

    /// Runs the script in a fresh folder with the given kernel and mode.
    func run(kernel: String, mode: String) throws -> Run {
        let folder = NSTemporaryDirectory() + "segue-numerics-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.script.write(toFile: "\(folder)/s.segue", atomically: true, encoding: .utf8)
        let result = TerminalDriver.shell(
            ["env", "OPENBLAS_CORETYPE=\(kernel)", "SEGUE_NUMERICS=\(mode)", "SEGUE_HOME=\(folder)/.segue",
             "sh", "-c", "cd \(folder) && \(TerminalDriver.binary) run s.segue 2>&1"])
        XCTAssertEqual(result.status, 0, result.output)
        let model = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/cwm.safetensors"))
        let checkpoint = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a.safetensors"))
        // Wall-clock figures ("23925 steps/s", "trained in 0.2 s") are the only
        // lines allowed to differ.
        let output = result.output.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasSuffix("steps/s") && !$0.contains(" trained in ") }
            .joined(separator: "\n")
        return Run(output: output, model: model, checkpoint: checkpoint)
    }

    /// The fingerprint a child reports for a kernel and mode.
    func fingerprint(kernel: String, mode: String) -> String {
        TerminalDriver.shell(["env", "OPENBLAS_CORETYPE=\(kernel)", TerminalDriver.binary, "--numerics", mode, "--version"])
            .output.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// Two kernels of different groups that this CPU can run, or nil.
    static var kernels: (String, String)? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })?.split(separator: " ")
        else { return nil }
        guard flags.contains("avx2"), flags.contains("fma") else { return nil }
        return flags.contains("avx512f") ? ("Haswell", "SkylakeX") : ("Haswell", "Sandybridge")
    }

    func testPortableModeGivesTheSameBitsUnderEveryKernel() throws {
        guard TerminalDriver.available else { throw XCTSkip("the segue binary is not built") }
        guard let (first, second) = Self.kernels else { throw XCTSkip("this CPU runs no two kernel groups (needs AVX2)") }
        let a = try run(kernel: first, mode: "portable")
        let b = try run(kernel: second, mode: "portable")
        XCTAssertTrue(a.output.contains("a: 500 steps (500 in all), 401 updates"), a.output)
        XCTAssertEqual(a.output, b.output)
        XCTAssertEqual(a.model, b.model, "the saved CWM differs between \(first) and \(second)")
        XCTAssertEqual(a.checkpoint, b.checkpoint, "the AH-DQN checkpoint differs between \(first) and \(second)")

        // The control: in the fast mode each process runs its own kernel, and where
        // the two kernels compute different bits, so does this session. Without that
        // the comparison above could not fail.
        guard fingerprint(kernel: first, mode: "fast") != fingerprint(kernel: second, mode: "fast") else {
            throw XCTSkip("\(first) and \(second) compute the same bits here: the comparison has no control")
        }
        let fastA = try run(kernel: first, mode: "fast")
        let fastB = try run(kernel: second, mode: "fast")
        XCTAssertEqual(fastA.model == a.model, true, "fast mode with the pinned kernel itself matches portable")
        XCTAssertNotEqual(fastA.model, fastB.model, "the fast mode's kernels should train different bits")
        XCTAssertNotEqual(fastA.checkpoint, fastB.checkpoint)
    }

    func testFingerprintNamesModeAndKernel() throws {
        guard TerminalDriver.available else { throw XCTSkip("the segue binary is not built") }
        guard let (first, second) = Self.kernels else { throw XCTSkip("needs AVX2") }
        let portable = fingerprint(kernel: second, mode: "portable")
        XCTAssertTrue(portable.hasPrefix("numerics portable (OpenBLAS Haswell kernel, fingerprint "), portable)
        XCTAssertEqual(portable, fingerprint(kernel: first, mode: "portable"))
        XCTAssertEqual(portable, fingerprint(kernel: "", mode: "portable"))
        XCTAssertTrue(fingerprint(kernel: second, mode: "fast").contains("OpenBLAS \(second) kernel"))
        let bad = TerminalDriver.shell(["env", "SEGUE_NUMERICS=exact", TerminalDriver.binary, "--version"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.output.contains("SEGUE_NUMERICS: unknown numeric mode 'exact'; use portable or fast"), bad.output)
    }
}
