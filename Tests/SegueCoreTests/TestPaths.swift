import Foundation

/// Paths inside the package, found from this file's location.
enum TestPaths {
    /// The package root.
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// A plugin folder under Plugins/.
    static func plugin(_ name: String) -> String { "\(root)/Plugins/\(name)" }

    /// A fresh temporary folder, removed by the caller or left to the system.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "segue-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
