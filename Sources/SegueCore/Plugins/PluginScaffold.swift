import Foundation

/// `plugin new`: a plugin folder with one source file, made from a template
/// per component kind, that compiles, registers one component with a
/// parameter schema, and passes `plugin check` as it stands.
public enum PluginScaffold {
    /// The kinds `plugin new` has templates for.
    public static let kinds: [ComponentKind] = [.userModel, .trackSampler, .episodeSampler, .terminationRule, .tracker, .agent]

    /// Module names a plugin may not take: Segue's own and the system's.
    static let reserved: Set<String> = [
        "SegueCore", "SegueTensor", "SegueComponents", "SegueData", "SegueModels", "SegueAgents", "SegueShell",
        "Segue", "Swift", "Foundation", "Glibc", "Dispatch", "XCTest", "CBLAS", "CEditLine",
    ]

    /// Checks a plugin name: it becomes the folder, the Swift module and the
    /// type name, so it must be a Swift identifier of letters and digits.
    /// - Throws: `SegueError` saying what is wrong and what a good name looks like.
    public static func validate(name: String) throws {
        let hint = "use letters and digits, starting with a capital letter, e.g. `DriftingTaste`"
        guard !name.isEmpty else { throw SegueError("plugin new needs a name", hint: hint) }
        guard name.count <= 64 else { throw SegueError("plugin name '\(name)' is longer than 64 characters", hint: hint) }
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) || ("a"..."z").contains(first) else {
            throw SegueError("plugin name '\(name)' must start with a letter", hint: hint)
        }
        let allowed = name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        guard allowed else {
            throw SegueError("plugin name '\(name)' may hold only ASCII letters and digits", hint: hint)
        }
        guard !reserved.contains(name) else {
            throw SegueError("plugin name '\(name)' is taken by a module Segue or Swift uses", hint: hint)
        }
    }

    /// The registry name for a plugin name: `DriftingTaste` → `drifting-taste`,
    /// `MMRSampler` → `mmr-sampler`.
    public static func componentName(for name: String) -> String {
        let chars = Array(name)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let previous = chars[i - 1]
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("-") }
            }
            out.append(Character(c.lowercased()))
        }
        return out
    }

    /// The source of a new plugin `name` registering one component of `kind`.
    /// - Throws: `SegueError` for a kind without a template (worlds).
    public static func source(name: String, kind: ComponentKind) throws -> String {
        guard let template = PluginTemplates.template(for: kind) else {
            throw SegueError("plugin new has no template for kind '\(kind.rawValue)'",
                             hint: "kinds: \(kinds.map(\.rawValue).joined(separator: ", "))")
        }
        return template
            .replacingOccurrences(of: "__TYPE__", with: name)
            .replacingOccurrences(of: "__COMPONENT__", with: componentName(for: name))
            .replacingOccurrences(of: "__KIND__", with: kind.rawValue)
    }

    /// Writes `parent/NAME/NAME.swift` from the template for `kind`.
    /// - Returns: the path of the new source file.
    /// - Throws: `SegueError` for a bad name, a kind without a template, a
    ///   folder that already exists, or a file that cannot be written.
    @discardableResult
    public static func create(name: String, kind: ComponentKind, in parent: String = "Plugins") throws -> String {
        try validate(name: name)
        let text = try source(name: name, kind: kind)
        let folder = (parent as NSString).appendingPathComponent(name)
        let fm = FileManager.default
        guard !fm.fileExists(atPath: folder) else {
            throw SegueError("'\(folder)' already exists; plugin new never overwrites a folder",
                             hint: "pick another name, or edit the plugin there and `plugin load \(folder)`")
        }
        let file = (folder as NSString).appendingPathComponent("\(name).swift")
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw SegueError("cannot write '\(file)': \(error.localizedDescription)", hint: "check that '\(parent)' is writable")
        }
        return file
    }
}
