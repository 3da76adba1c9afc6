import Foundation
import SegueTensor

/// Runs a benchmark in both numeric modes in one invocation: this process in
/// the portable mode, then the same arguments in a child process in the fast
/// mode (OpenBLAS picks its kernel once per process, so one process cannot run
/// both). The child's figures are relayed as they come, and the run ends with
/// one `fast_over_portable.NAME` ratio per rate measured in both, so the cost of
/// portability is read off one run on one machine.
enum BothModes {
    /// The flag that marks the child (and lets a user run one mode alone).
    static let onlyFlag = "--numerics"

    /// Figures this process printed, for the closing ratios.
    nonisolated(unsafe) static var printed: [(name: String, value: Double, unit: String)] = []

    /// Runs the child in `mode` with `arguments`, relaying its lines, and prints
    /// the ratios of its rates over this process's.
    static func runChild(mode: NumericMode, arguments: [String]) {
        fflush(stdout)   // this process's figures first, then the child's
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments + [onlyFlag, mode.rawValue]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            FileHandle.standardError.write(Data("segue-bench: cannot start the \(mode) run: \(error)\n".utf8))
            return
        }
        var theirs: [String: Double] = [:]
        var theirKernel = "?"
        var buffer = Data()
        let handle = pipe.fileHandleForReading
        while case let chunk = handle.availableData, !chunk.isEmpty {
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                FileHandle.standardOutput.write(line + Data("\n".utf8))
                if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                   let name = object["name"] as? String, let value = object["value"] as? Double {
                    theirs[name] = value
                    theirKernel = object["kernel"] as? String ?? theirKernel
                }
            }
        }
        process.waitUntilExit()
        for figure in printed where isRate(figure.unit) {
            guard let other = theirs[figure.name], figure.value > 0 else { continue }
            Figure(name: "\(mode)_over_\(Numerics.mode).\(figure.name)", value: other / figure.value, unit: "ratio",
                   note: "same run, same machine: \(mode) (\(theirKernel)) over \(Numerics.mode) (\(BLAS.coreName))",
                   tagged: false).print()
        }
    }

    static func isRate(_ unit: String) -> Bool { unit.hasSuffix("/s") || unit.hasSuffix("-s") }
}
