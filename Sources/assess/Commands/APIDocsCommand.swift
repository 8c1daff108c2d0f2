import ArgumentParser
import AssessScripting
import Foundation

/// `assess api-docs`: regenerates the Lua API reference and LuaLS annotations from the registry.
struct APIDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-docs",
        abstract: "Generate docs/lua-api.md and docs/lua/assess.lua from the API registry.",
        discussion: """
            Examples:
              assess api-docs                 rewrite the files in the AssessKit folder
              assess api-docs --check         exit 1 if the committed files are stale
              assess api-docs --output /tmp/x write them under another folder
            """
    )

    @Option(help: "The folder to write under (default: the AssessKit folder).", completion: .directory)
    var output: String?

    @Flag(help: "Only check that the files are up to date; exit 1 when they are not.")
    var check = false

    func run() throws {
        guard let root = output.map({ URL(fileURLWithPath: $0) }) ?? AssessKitHome.locate() else {
            throw ValidationError("cannot find the AssessKit folder: pass --output or set ASSESSKIT_HOME")
        }
        var stale: [String] = []
        for (path, contents) in APIDocs.files() {
            let url = root.appendingPathComponent(path)
            let current = try? String(contentsOf: url, encoding: .utf8)
            guard current != contents else { continue }
            stale.append(path)
            if !check {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try AtomicFile.write(Data(contents.utf8), to: url)
                print("wrote \(path)")
            }
        }
        if check, !stale.isEmpty {
            Terminal.error("stale: \(stale.joined(separator: ", ")) (rewrite them with: assess api-docs)")
            throw ExitCode(1)
        }
    }
}
