import Foundation

/// A plugin library loaded into this process.
public struct LoadedPlugin: Sendable {
    /// The plugin's name (its folder or library name).
    public var name: String
    /// The library file that was loaded.
    public var library: String
    /// Versioned names of the components it registered.
    public var components: [String]
}

/// Builds plugin folders into libraries and loads them into the running process.
///
/// Plugins are compiled by swiftc against this build's Modules folder without
/// linking Segue's modules; their references to Segue resolve to the host's
/// own copy when the library is opened, so the host and the plugin share one
/// set of types. Libraries are never closed (the Swift runtime cannot unload
/// images): loading a changed plugin loads its new build alongside the old.
public final class PluginLoader {
    public let registry: Registry
    /// The folder with Segue's compiled module interfaces.
    public var modulesFolder: String
    /// The Swift compiler to build plugins with.
    public var swiftc: String
    /// Plugins loaded so far, by name.
    public private(set) var loaded: [String: LoadedPlugin] = [:]
    private var openedLibraries: Set<String> = []

    public init(registry: Registry, modulesFolder: String? = nil, swiftc: String? = nil) {
        self.registry = registry
        let env = ProcessInfo.processInfo.environment
        self.modulesFolder = modulesFolder ?? env["SEGUE_MODULES"] ?? PluginLoader.defaultModulesFolder()
        self.swiftc = swiftc ?? env["SEGUE_SWIFTC"] ?? "swiftc"
    }

    /// `<folder of this executable>/Modules`, where SwiftPM puts the modules
    /// of the build the executable came from.
    public static func defaultModulesFolder() -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("Modules").path
    }

    /// Builds (when its sources changed) and loads the plugin at `path`: a
    /// folder of Swift sources, or a built `.so`.
    /// - Throws: `SegueError` for a missing path, compile errors (with the
    ///   compiler's file:line diagnostics), or a library that is not a plugin
    ///   for this API version.
    @discardableResult
    public func load(_ path: String) throws -> LoadedPlugin {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SegueError("no plugin at '\(path)'", hint: "give a folder under Plugins/ or a built .so file")
        }
        if isFolder.boolValue {
            let name = URL(fileURLWithPath: path).lastPathComponent
            return try loadLibrary(try build(folder: path), name: name)
        }
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try loadLibrary(path, name: base.hasPrefix("lib") ? String(base.dropFirst(3)) : base)
    }

    /// Compiles the Swift sources in `folder` into a library, reusing the
    /// cached build when sources, compiler and Segue's modules are unchanged.
    /// - Returns: the library's path, under `folder/.build/`.
    public func build(folder: String) throws -> String {
        let fm = FileManager.default
        let sources = try PluginSources.swiftFiles(in: folder)
        guard !sources.isEmpty else {
            throw SegueError("plugin folder '\(folder)' has no .swift files", hint: "`plugin new NAME --kind KIND` makes one")
        }
        let name = PluginSources.moduleName(for: folder)
        let hash = try PluginSources.contentHash(of: sources, salt: modulesFolder + PluginSources.modulesStamp(modulesFolder))
        let outputFolder = URL(fileURLWithPath: folder).appendingPathComponent(".build").path
        let library = "\(outputFolder)/lib\(name)-\(hash).so"
        if fm.fileExists(atPath: library) { return library }
        guard fm.fileExists(atPath: "\(modulesFolder)/SegueCore.swiftmodule") else {
            throw SegueError("Segue's modules are not at '\(modulesFolder)'",
                             hint: "build Segue first (`swift build`), or set SEGUE_MODULES to the build's Modules folder")
        }
        try fm.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        let temporary = "\(library).\(ProcessInfo.processInfo.processIdentifier).tmp"
        let arguments = ["-emit-library", "-parse-as-library", "-module-name", name, "-swift-version", "5",
                         "-I", modulesFolder, "-Onone", "-o", temporary] + sources
        let (status, output) = try PluginSources.run(swiftc, arguments)
        guard status == 0 else {
            try? fm.removeItem(atPath: temporary)
            let diagnostics = output.split(separator: "\n").filter { $0.contains("error:") || $0.contains("warning:") }
            throw SegueError("plugin '\(name)' did not compile:\n" +
                             (diagnostics.isEmpty ? output : diagnostics.joined(separator: "\n")),
                             hint: "fix the errors above and load it again")
        }
        guard rename(temporary, library) == 0 else {
            throw SegueError("cannot move the built plugin into '\(library)': \(String(cString: strerror(errno)))")
        }
        return library
    }

    /// Opens a built library, checks its API version and lets it register.
    public func loadLibrary(_ library: String, name: String) throws -> LoadedPlugin {
        if openedLibraries.contains(library), let plugin = loaded[name], plugin.library == library {
            return plugin
        }
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
            throw SegueError("cannot open plugin library '\(library)': \(reason)",
                             hint: "was it built against this Segue build? rebuild it with `plugin load FOLDER`")
        }
        openedLibraries.insert(library)   // never dlclose: Swift images cannot be unloaded
        guard let versionEntry = dlsym(handle, PluginAPI.versionSymbol) else {
            throw SegueError("'\(library)' is not a Segue plugin: it has no entry point \(PluginAPI.versionSymbol)",
                             hint: "export `@_cdecl(\"\(PluginAPI.versionSymbol)\") public func ...() -> Int32 { PluginAPI.version }`")
        }
        typealias VersionFunction = @convention(c) () -> Int32
        let version = unsafeBitCast(versionEntry, to: VersionFunction.self)()
        guard version == PluginAPI.version else {
            throw SegueError("plugin '\(name)' was built for plugin API version \(version); this Segue speaks version \(PluginAPI.version)",
                             hint: "rebuild the plugin against this Segue (delete its .build folder and load it again)")
        }
        guard let registerEntry = dlsym(handle, PluginAPI.registerSymbol) else {
            throw SegueError("plugin '\(name)' has no entry point \(PluginAPI.registerSymbol)",
                             hint: "export `@_cdecl(\"\(PluginAPI.registerSymbol)\") public func ...(_ registrar: UnsafeMutableRawPointer)`")
        }
        typealias RegisterFunction = @convention(c) (UnsafeMutableRawPointer) -> Void
        let registrar = PluginRegistrar(registry: registry, origin: name, replacing: loaded[name] != nil)
        let pointer = Unmanaged.passRetained(registrar).toOpaque()
        unsafeBitCast(registerEntry, to: RegisterFunction.self)(pointer)
        Unmanaged<PluginRegistrar>.fromOpaque(pointer).release()
        if let failure = registrar.failures.first {
            throw SegueError("plugin '\(name)': \(failure.message)", hint: failure.hint)
        }
        let plugin = LoadedPlugin(name: name, library: library, components: registrar.registered.map(\.versionedName))
        loaded[name] = plugin
        return plugin
    }
}
