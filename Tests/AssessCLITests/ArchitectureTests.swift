import Foundation
import Testing

/// The layering promised in docs/architecture.md.
@Suite("Architecture")
struct ArchitectureTests {
    /// Swift files of a module, with their text.
    func sources(_ module: String) throws -> [(String, String)] {
        let folder = packageRoot.appendingPathComponent("Sources/\(module)")
        let files = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        return try files.filter { $0.hasSuffix(".swift") }.sorted().map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test("only LuaRuntime imports the C targets", arguments: ["AssessModel", "AssessScripting", "AssessEngine", "AssessTesting", "assess"])
    func noCImports(_ module: String) throws {
        for (file, text) in try sources(module) {
            for line in text.split(separator: "\n") where line.contains("import CLua") {
                Issue.record("Sources/\(module)/\(file) imports a C target: \(line)")
            }
        }
    }

    @Test func luaRuntimeImportsThemInternally() throws {
        for (file, text) in try sources("LuaRuntime") {
            for line in text.split(separator: "\n") where line.contains("import CLua") {
                #expect(line.hasPrefix("internal import"), "Sources/LuaRuntime/\(file): \(line)")
            }
        }
    }

    @Test("dependencies point one way", arguments: [
        ("AssessModel", ["LuaRuntime", "AssessScripting", "AssessEngine", "AssessTesting"]),
        ("LuaRuntime", ["AssessModel", "AssessScripting", "AssessEngine", "AssessTesting"]),
        ("AssessScripting", ["AssessEngine", "AssessTesting"]),
        ("AssessEngine", ["AssessTesting"]),
    ])
    func noUpwardImports(_ module: String, _ forbidden: [String]) throws {
        for (file, text) in try sources(module) {
            for name in forbidden where text.contains("import \(name)\n") {
                Issue.record("Sources/\(module)/\(file) imports \(name), which sits above it")
            }
        }
    }
}
