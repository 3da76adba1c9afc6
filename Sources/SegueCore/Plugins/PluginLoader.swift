import Foundation

/// A plugin library loaded into this process.
public struct LoadedPlugin: Sendable {
    /// One component a plugin registered.
    public struct Component: Sendable, Equatable {
        public var kind: ComponentKind
        /// The versioned name (`drifting-taste-v1`).
        public var name: String
    }

    /// The plugin's name (its folder or library name).
    public var name: String
    /// The library file that was loaded.
    public var library: String
    /// The folder it was built from, when loaded from one.
    public var folder: String?
    /// The components it registered, in order.
    public var entries: [Component]
    /// How many builds of this plugin have been loaded (1 for the first).
    public var generation: Int

    /// Versioned names of the components it registered.
    public var components: [String] { entries.map(\.name) }
}

/// Builds plugin folders into libraries and loads them into the running process.
///
/// Plugins are compiled by swiftc against this build's Modules folder without
/// linking Segue's modules; their references to Segue resolve to the host's
/// own copy when the library is opened, so the host and the plugin share one
/// set of types. Libraries are never closed (the Swift runtime cannot unload
/// images): loading a changed plugin loads its new build alongside the old,
/// and the new build's components take the names (`PluginRegistrar.replacing`).
/// Every failure is a `SegueError` that leaves the registry as it was.
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
    ///   compiler's file:line diagnostics), a library that is not a plugin for
    ///   this API version, or a component name that is already taken.
    @discardableResult
    public func load(_ path: String) throws -> LoadedPlugin {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SegueError("no plugin at '\(path)': no such file or folder",
                             hint: "give a folder under Plugins/ (e.g. `plugin load Plugins/ConstantListener`) or a built .so file")
        }
        if isFolder.boolValue {
            let folder = URL(fileURLWithPath: path).standardizedFileURL.path
            let name = URL(fileURLWithPath: folder).lastPathComponent
            return try loadLibrary(try build(folder: folder), name: name, folder: folder)
        }
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try loadLibrary(path, name: base.hasPrefix("lib") ? String(base.dropFirst(3)) : base)
    }

    /// The loaded plugin called `name`, or the one built from folder `name`.
    public func plugin(named name: String) -> LoadedPlugin? {
        if let plugin = loaded[name] { return plugin }
        let folder = URL(fileURLWithPath: name).standardizedFileURL.path
        return loaded.values.first { $0.folder == folder }
    }

    /// Compiles the Swift sources in `folder` into a library, reusing the
    /// cached build when sources, compiler and Segue's modules are unchanged.
    /// - Returns: the library's path, under `folder/.build/`.
    /// - Throws: `SegueError` when the folder has no sources, Segue's modules
    ///   are missing, or the sources do not compile (diagnostics included).
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
                         "-diagnostic-style", "llvm", "-I", modulesFolder, "-Onone", "-o", temporary] + sources
        let (status, output) = try PluginSources.run(swiftc, arguments)
        guard status == 0 else {
            try? fm.removeItem(atPath: temporary)
            throw SegueError("plugin '\(name)' did not compile:\n" + PluginSources.diagnostics(output),
                             hint: "fix the errors above and load it again")
        }
        guard rename(temporary, library) == 0 else {
            throw SegueError("cannot move the built plugin into '\(library)': \(String(cString: strerror(errno)))")
        }
        return library
    }

    /// Opens a built library, checks its API version and lets it register.
    /// - Throws: `SegueError` for a library that cannot be opened, lacks an
    ///   entry point, was built for another API version, or registers a
    ///   component whose name is taken; the registry is left unchanged.
    public func loadLibrary(_ library: String, name: String, folder: String? = nil) throws -> LoadedPlugin {
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
            throw SegueError("plugin '\(name)' is not a Segue plugin: it has no entry point \(PluginAPI.versionSymbol)",
                             hint: "export `@_cdecl(\"\(PluginAPI.versionSymbol)\") public func segueAPIVersion() -> Int32 { PluginAPI.version }`")
        }
        typealias VersionFunction = @convention(c) () -> Int32
        let version = unsafeBitCast(versionEntry, to: VersionFunction.self)()
        guard version == PluginAPI.version else {
            throw SegueError("plugin '\(name)' was built for plugin API version \(version); this Segue speaks version \(PluginAPI.version)",
                             hint: "update the plugin to this Segue's API and rebuild it (its version entry must return PluginAPI.version)")
        }
        guard let registerEntry = dlsym(handle, PluginAPI.registerSymbol) else {
            throw SegueError("plugin '\(name)' has no entry point \(PluginAPI.registerSymbol)",
                             hint: "export `@_cdecl(\"\(PluginAPI.registerSymbol)\") public func segueRegister(_ pointer: UnsafeMutableRawPointer)`")
        }
        typealias RegisterFunction = @convention(c) (UnsafeMutableRawPointer) -> Void
        let previous = loaded[name]
        let registrar = PluginRegistrar(registry: registry, origin: name, replacing: previous != nil)
        let pointer = Unmanaged.passRetained(registrar).toOpaque()
        unsafeBitCast(registerEntry, to: RegisterFunction.self)(pointer)
        Unmanaged<PluginRegistrar>.fromOpaque(pointer).release()
        if let failure = registrar.failures.first {
            throw SegueError("plugin '\(name)' was not loaded: \(failure.message)", hint: failure.hint)
        }
        guard !registrar.registered.isEmpty else {
            throw SegueError("plugin '\(name)' registered no components",
                             hint: "call PluginRegistrar.from(pointer).register(ComponentDescriptor(...)) in \(PluginAPI.registerSymbol)")
        }
        registrar.commit()
        let plugin = LoadedPlugin(name: name, library: library, folder: folder ?? previous?.folder,
                                  entries: registrar.registered.map { .init(kind: $0.kind, name: $0.versionedName) },
                                  generation: (previous?.generation ?? 0) + 1)
        loaded[name] = plugin
        return plugin
    }
}
