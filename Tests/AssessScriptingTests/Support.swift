import AssessModel
import AssessScripting
import Foundation

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let library = InstrumentLibrary(roots: [packageRoot.appendingPathComponent("Instruments")])
let loader = InstrumentLoader(library: library)

/// Writes files into a new temporary folder and returns it.
func folder(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("assess-\(UUID().uuidString)")
    for (name, text) in files {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
    return url
}

/// Loads `instrument.lua` from the files and returns its diagnostics, file names made relative.
func problems(_ source: String, extra: [String: String] = [:]) throws -> [String] {
    let dir = try folder(["instrument.lua": source].merging(extra) { a, _ in a })
    do {
        _ = try loader.load(dir.appendingPathComponent("instrument.lua").path)
        return []
    } catch let diagnostics as Diagnostics {
        return diagnostics.items.map { $0.description.replacingOccurrences(of: dir.path + "/", with: "") }
    }
}
