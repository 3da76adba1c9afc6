import Foundation
import SegueCore

/// Where a session may write files, and what it may overwrite.
///
/// A session file may come from someone else (a cloned repository), so it
/// writes only where it may: like plugins, writes elsewhere need the user's
/// consent. At the terminal the user types every path, so any path goes,
/// but a file Segue did not write is overwritten only after a yes.
public enum WritePolicy: Equatable, Sendable {
    /// Anything (library use and tests, or `--allow-writes`).
    case unrestricted
    /// A person at the terminal: any path; overwriting a file Segue did not
    /// write asks first.
    case interactive
    /// A session file or piped input: relative paths under `root` (the folder
    /// it runs from) without `..` or links leading out, overwriting only files
    /// Segue wrote (`WrittenFiles`).
    case confined(root: String)

    /// The hint every refusal carries.
    static let consent = "run it with `segue run --allow-writes FILE` if you trust it; check and record take the flag too"

    /// Checks that a session under this policy may write `path`.
    /// - Parameters:
    ///   - what: the command or option writing, for the message (`save-model`, `csv=`).
    ///   - ask: the terminal's yes/no question, when a person can answer.
    /// - Throws: `SegueError` naming the path, the rule and how to allow it.
    func check(_ path: String, what: String, ask: ((String) -> Bool)?) throws {
        let fm = FileManager.default
        switch self {
        case .unrestricted:
            return
        case .interactive:
            guard fm.fileExists(atPath: path), !WrittenFiles.contains(path) else { return }
            guard let ask, ask("\(path) exists and Segue did not write it: overwrite it? [y/N] ") else {
                throw SegueError("\(what): '\(path)' not overwritten", hint: "give another path")
            }
        case .confined(let root):
            func refuse(_ why: String) -> SegueError {
                SegueError("\(what): a session file may not write '\(path)': \(why)", hint: WritePolicy.consent)
            }
            guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~") else {
                throw refuse("it writes under the folder it runs from (\(root)), by relative paths")
            }
            guard !path.split(separator: "/").contains("..") else { throw refuse("'..' leads out of \(root)") }
            let full = URL(fileURLWithPath: root).appendingPathComponent(path)
            var ancestor = full.deletingLastPathComponent()
            while !fm.fileExists(atPath: ancestor.path) { ancestor = ancestor.deletingLastPathComponent() }
            let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
            let real = ancestor.resolvingSymlinksInPath().path
            guard real == realRoot || real.hasPrefix(realRoot + "/") else {
                throw refuse("a link leads out of \(root)")
            }
            if (try? fm.destinationOfSymbolicLink(atPath: full.path)) != nil { throw refuse("it is a link") }
            if fm.fileExists(atPath: full.path), !WrittenFiles.contains(full.path) {
                throw refuse("it exists and Segue did not write it")
            }
        }
    }
}

/// The files Segue has written for this user, one absolute path a line in
/// `SEGUE_HOME/written` (the user's own folder, not the working folder, so
/// a cloned repository cannot claim its files are Segue's): a session file
/// may overwrite these, and the shell overwrites them without asking.
public enum WrittenFiles {
    nonisolated(unsafe) static var cache: Set<String>?

    static var list: String { SegueHome.path + "/written" }

    /// Whether Segue wrote `path`.
    static func contains(_ path: String) -> Bool {
        load().contains(absolute(path))
    }

    /// Notes that Segue wrote `path`.
    static func add(_ path: String) {
        let full = absolute(path)
        var set = load()
        guard set.insert(full).inserted else { return }
        cache = set
        try? FileManager.default.createDirectory(atPath: SegueHome.path, withIntermediateDirectories: true)
        if let handle = FileHandle(forWritingAtPath: list) {
            handle.seekToEndOfFile()
            handle.write(Data((full + "\n").utf8))
            handle.closeFile()
        } else {
            FileManager.default.createFile(atPath: list, contents: Data((full + "\n").utf8), attributes: [.posixPermissions: 0o600])
        }
    }

    static func load() -> Set<String> {
        if let cache { return cache }
        let text = (try? String(contentsOfFile: list, encoding: .utf8)) ?? ""
        let set = Set(text.split(separator: "\n").map(String.init))
        cache = set
        return set
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// The user's own Segue folder: `SEGUE_HOME`, else `~/.segue`. It holds the
/// history, the crash journals and the list of written files.
public enum SegueHome {
    /// Another home for this process (tests), instead of the environment's.
    nonisolated(unsafe) public static var override: String? {
        didSet { WrittenFiles.cache = nil }
    }

    public static var path: String {
        if let override { return override }
        let env = ProcessInfo.processInfo.environment
        if let home = env["SEGUE_HOME"], !home.isEmpty { return URL(fileURLWithPath: home).standardizedFileURL.path }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.segue"
    }
}

extension ShellSession {
    /// Writes a file through `write` when this session may (see `WritePolicy`),
    /// and notes it as Segue's.
    /// - Throws: the policy's refusal, or what `write` throws.
    public func writeFile(_ path: String, what: String, _ write: () throws -> Void) throws {
        try checkWritable(path, what: what)
        try write()
        noteWritten(path)
    }

    /// Notes `path` as written by Segue (in `SEGUE_HOME/written`) when this
    /// session keeps that list (`notesWrites`: the `segue` program does).
    public func noteWritten(_ path: String) {
        if notesWrites { WrittenFiles.add(path) }
    }

    /// Checks that this session may write `path` (a file or a folder).
    public func checkWritable(_ path: String, what: String) throws {
        try writePolicy.check(path, what: what, ask: confirm)
    }
}
