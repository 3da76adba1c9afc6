import Foundation

/// A scratch file for fuzz entries whose readers take a path: each input is
/// written to one file per process, overwritten by the next input, in memory
/// (`/dev/shm`) where there is one, else under the temporary folder.
enum FuzzScratch {
    /// The scratch folder of this process.
    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm"
            : ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let dir = "\(base)/segue-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// Writes `bytes` to the scratch file `name` and returns its path.
    static func write(_ bytes: [UInt8], name: String = "input") -> String {
        let path = "\(folder)/\(name)"
        guard let file = fopen(path, "wb") else { fatalError("fuzz: cannot write \(path)") }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
        return path
    }
}
