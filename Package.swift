// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "AssessKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LuaRuntime", targets: ["LuaRuntime"]),
        .library(name: "AssessModel", targets: ["AssessModel"]),
        .library(name: "AssessScripting", targets: ["AssessScripting"]),
        .library(name: "AssessEngine", targets: ["AssessEngine"]),
        .library(name: "AssessTesting", targets: ["AssessTesting"]),
        .executable(name: "assess", targets: ["assess"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - Lua, and the C boundary

        /// The system Lua 5.4 library (Debian: liblua5.4-dev), found through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        /// Our C: macro wrappers, protected twins, the limiting allocator, the hook, the safe library.
        .target(
            name: "CLuaShims",
            dependencies: ["CLua"]
        ),

        // MARK: - Swift modules

        /// The sandboxed Lua runtime: states, values, limits, errors. The only importer of the C targets.
        .target(
            name: "LuaRuntime",
            dependencies: ["CLuaShims", "CLua"]
        ),

        /// The domain as value types: instruments, scales, raters, bands. Knows nothing of Lua or files.
        .target(name: "AssessModel"),
        /// The versioned Lua framework API (`assess`): loading instruments into the model.
        .target(
            name: "AssessScripting",
            dependencies: ["LuaRuntime", "AssessModel"]
        ),

        /// The library a Swift app embeds: import responses, score them with plugins, write results.
        .target(
            name: "AssessEngine",
            dependencies: ["AssessScripting", "AssessModel", "LuaRuntime", .product(name: "Crypto", package: "swift-crypto")]
        ),
        /// The golden-file runner used by `assess test` and by `swift test`.
        .target(
            name: "AssessTesting",
            dependencies: ["AssessEngine", "AssessScripting", "AssessModel", "LuaRuntime"]
        ),

        // MARK: - The command line

        /// `assess`: thin commands over the libraries.
        .executableTarget(
            name: "assess",
            dependencies: [
                "LuaRuntime",
                "AssessModel",
                "AssessScripting",
                "AssessTesting",
                "AssessEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Benchmarks (run by `make bench`)

        .executableTarget(
            name: "assess-benchmarks",
            dependencies: ["LuaRuntime"],
            path: "Benchmarks/Sources/assess-benchmarks"
        ),

        // MARK: - Tests

        .testTarget(
            name: "LuaRuntimeTests",
            dependencies: ["LuaRuntime"],
            exclude: ["Adversarial", "Fixtures"]
        ),
        .testTarget(
            name: "AssessScriptingTests",
            dependencies: ["AssessScripting", "AssessModel", "LuaRuntime"],
            exclude: ["api-names.golden"]
        ),
        .testTarget(
            name: "AssessEngineTests",
            dependencies: ["AssessEngine", "AssessScripting", "AssessModel", "LuaRuntime"]
        ),
        .testTarget(
            name: "AssessTestingTests",
            dependencies: ["AssessTesting", "AssessScripting", "LuaRuntime"]
        ),
        .testTarget(
            name: "AssessCLITests",
            dependencies: ["assess"]
        ),
    ]
)
