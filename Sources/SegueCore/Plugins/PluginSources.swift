import Foundation

/// File-level helpers for building plugins: finding sources, naming the
/// module, hashing content for the build cache, running the compiler.
enum PluginSources {
    /// The `.swift` files of a plugin folder (not under `.build`), sorted.
    static func swiftFiles(in folder: String) throws -> [String] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: folder) else {
            throw SegueError("cannot read plugin folder '\(folder)'")
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasPrefix(".build") { walker.skipDescendants(); continue }
            if relative.hasSuffix(".swift") { files.append("\(folder)/\(relative)") }
        }
        return files.sorted()
    }

    /// A module name from a folder name: letters, digits and underscores.
    static func moduleName(for folder: String) -> String {
        let base = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
        var name = String(base.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        if name.first?.isNumber ?? true { name = "P" + name }
        return name
    }

    /// FNV-1a over the sources' names and bytes and a salt, as 16 hex digits.
    static func contentHash(of files: [String], salt: String) throws -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        }
        mix(salt.utf8)
        for file in files {
            mix(URL(fileURLWithPath: file).lastPathComponent.utf8)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw SegueError("cannot read '\(file)'")
            }
            mix(data)
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    /// A stamp that changes when Segue's modules are rebuilt, so plugins are
    /// rebuilt against a changed core.
    static func modulesStamp(_ folder: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: "\(folder)/SegueCore.swiftmodule")
        let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return String(date)
    }

    /// The compiler's diagnostics, ready to show: `FILE:LINE:COL: error: ...`
    /// with the source line and caret below each, paths relative to the
    /// working folder, driver noise dropped, at most `limit` lines.
    static func diagnostics(_ output: String, limit: Int = 40) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix(cwd) ? String(line.dropFirst(cwd.count)) : String(line)
        }
        lines.removeAll { $0.hasPrefix("error: emit-module command failed") || $0.hasPrefix("error: compile command failed")
            || $0.trimmingCharacters(in: .whitespaces).isEmpty }
        if lines.count > limit {
            let more = lines.count - limit
            lines = Array(lines.prefix(limit)) + ["... \(more) more lines"]
        }
        return lines.joined(separator: "\n")
    }

    /// Runs a program and returns its status and combined output.
    static func run(_ program: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            throw SegueError("cannot run \(program): \(error)", hint: "is the Swift toolchain on PATH? set SEGUE_SWIFTC")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
