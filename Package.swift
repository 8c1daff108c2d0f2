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
        .library(name: "AssessCharts", targets: ["AssessCharts"]),
        .library(name: "AssessExercises", targets: ["AssessExercises"]),
        .executable(name: "assess", targets: ["assess"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
            dependencies: [
                "AssessScripting", "AssessModel", "LuaRuntime", "AssessCharts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Ink", package: "Ink"),
            ]
        ),
        /// Accessible, deterministic SVG charts (radar, bars, gaps, distributions) with table alternatives.
        .target(name: "AssessCharts"),
        /// Scripted exercises: the coroutine engine, answer validation, drivers, the SQLite store.
        .target(
            name: "AssessExercises",
            dependencies: ["AssessScripting", "AssessEngine", "AssessModel", "LuaRuntime",
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        /// The golden-file runner used by `assess test` and by `swift test`.
        .target(
            name: "AssessTesting",
            dependencies: ["AssessEngine", "AssessScripting", "AssessModel", "LuaRuntime", "AssessExercises"]
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
                "AssessExercises",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Examples

        /// A Swift app that embeds the library: loads an instrument, scores responses, renders a report.
        .executableTarget(
            name: "embed-in-swift",
            dependencies: ["AssessEngine", "AssessScripting"],
            path: "Examples/embed-in-swift",
            exclude: ["README.md"]
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
            name: "AssessChartsTests",
            dependencies: ["AssessCharts"],
            exclude: ["expected"]
        ),
        .testTarget(
            name: "AssessExercisesTests",
            dependencies: ["AssessExercises", "AssessEngine", "AssessScripting", "AssessModel", "LuaRuntime"]
        ),
        .testTarget(
            name: "AssessCLITests",
            dependencies: ["assess"]
        ),
    ]
)
