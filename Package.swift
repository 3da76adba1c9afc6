// swift-tools-version:6.0
//
// Segue: simulation-based reinforcement learning on music-listening sessions.
//
// Layout and why (see README "Plugins and the package layout"):
// every Segue module is an ordinary target, linked statically into the `segue`
// executable, which is linked with `--export-dynamic`. A plugin under Plugins/
// is compiled by swiftc against this build's Modules folder WITHOUT linking the
// core, so its undefined symbols resolve to the host's single copy at dlopen
// time and protocol casts (`as? UserModel`) succeed. Building a plugin as a
// SwiftPM product would link a second copy of the core and break those casts.
import PackageDescription

/// Linker flags for every binary that may load plugins: export the core's
/// symbols so a plugin resolves them against the host's copy.
let exportsSymbols: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--export-dynamic"]),
]

/// Segue targets are written in the Swift 5 language mode: components are
/// reference types driven from one thread, and the shell's C callbacks touch
/// global state that Swift 6's strict checking rejects without adding safety.
let swift5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "Segue",
    products: [
        .executable(name: "segue", targets: ["segue"]),
        .executable(name: "segue-bench", targets: ["segue-bench"]),
        // The C ABI that the Python package (python/) loads: libSegueC.so.
        .library(name: "SegueC", type: .dynamic, targets: ["SegueC"]),
    ],
    targets: [
        // System libraries: module maps only. OpenBLAS is not linked: SegueTensor
        // loads it at run time so that the numeric mode picks its kernel.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        // Layers, each depending only on those above it.
        .target(name: "SegueData", dependencies: ["CZlib"], swiftSettings: swift5),
        .target(name: "SegueTensor", swiftSettings: swift5),
        .target(name: "SegueCore", swiftSettings: swift5),
        .target(name: "SegueComponents", dependencies: ["SegueCore", "SegueData"], swiftSettings: swift5),
        .target(name: "SegueModels", dependencies: ["SegueComponents", "SegueTensor", "SegueData"], swiftSettings: swift5),
        .target(name: "SegueAgents", dependencies: ["SegueCore", "SegueTensor"], swiftSettings: swift5),
        .target(
            name: "SegueShell",
            dependencies: ["SegueModels", "SegueAgents", "CEditLine"],
            swiftSettings: swift5
        ),
        // The C ABI over headless sessions, for Python (see docs/python.md). Every
        // Segue module is linked into libSegueC.so once; Python opens it with
        // RTLD_GLOBAL so plugins resolve their Segue symbols against that copy.
        .target(name: "SegueC", dependencies: ["SegueShell", "SegueModels", "SegueAgents"], swiftSettings: swift5),
        .executableTarget(
            name: "segue",
            dependencies: ["SegueShell", "SegueTensor"],
            swiftSettings: swift5,
            linkerSettings: exportsSymbols
        ),
        .executableTarget(
            name: "segue-bench",
            dependencies: ["SegueModels", "SegueAgents", "SegueComponents", "SegueTensor"],
            swiftSettings: swift5
        ),

        // Tests: one target per module, plus end-to-end tests of the binary.
        .testTarget(name: "SegueDataTests", dependencies: ["SegueData"], swiftSettings: swift5),
        .testTarget(name: "SegueTensorTests", dependencies: ["SegueTensor"], swiftSettings: swift5),
        .testTarget(
            name: "SegueCoreTests",
            dependencies: ["SegueCore"],
            swiftSettings: swift5,
            linkerSettings: exportsSymbols
        ),
        .testTarget(name: "SegueComponentsTests", dependencies: ["SegueComponents", "SegueData"], exclude: ["Fixtures"], swiftSettings: swift5),
        .testTarget(name: "SegueModelsTests", dependencies: ["SegueModels"], swiftSettings: swift5),
        .testTarget(name: "SegueAgentsTests", dependencies: ["SegueAgents", "SegueComponents"], swiftSettings: swift5),
        .testTarget(name: "SegueShellTests", dependencies: ["SegueShell"], swiftSettings: swift5),
    ]
)
