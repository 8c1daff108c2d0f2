import AssessModel
import AssessScripting
import Crypto
import Foundation
import LuaRuntime

/// An exercise script: `return assess.exercise { api = 1, id = ..., run = function(ui, ctx) ... end }`,
/// read and checked once (its declaration), then run per attempt by ``ExerciseSession``.
public struct ExerciseScript: Sendable {
    public var id: String
    public var version: String
    public var title: String
    public var description: String?
    /// The script file, and how messages name it.
    public var file: URL
    public var displayName: String
    /// The script's bytes.
    public var source: [UInt8]
    /// `sha256:<hex>` of the script's bytes, recorded with every attempt.
    public var hash: String

    static let fields = ["api", "id", "version", "title", "description", "run"]

    /// Loads and checks an exercise: a `.lua` file, or a folder holding `exercise.lua`.
    /// - Parameter displayName: how messages name the file (default: its path from the current folder).
    /// - Throws: `Diagnostics` naming the file and line.
    public static func load(_ path: String, displayName: String? = nil, thread: LuaThread = .shared) throws -> ExerciseScript {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            url = url.appendingPathComponent("exercise.lua")
        }
        let display = displayName ?? InstrumentLoader.displayPath(url)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Diagnostics([Diagnostic(file: display, message: FileManager.default.fileExists(atPath: url.path) ? "cannot read the file" : "no such exercise file (give an exercise folder holding exercise.lua, or the .lua file itself)")])
        }
        let bytes = Array(data)
        let source = ScriptSource.prepare(bytes)
        let hash = "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        var script = ExerciseScript(id: "", version: "", title: "", description: nil, file: url, displayName: display,
                                    source: source, hash: hash)
        let declaration: LuaTable = try thread.run {
            let sandbox = try ExerciseSession.makeSandbox(script: script, seed: 0, limits: .default)
            defer { sandbox.close() }
            return try script.declaration(in: sandbox)
        }
        var problems: [String] = []
        for field in declaration.fields {
            guard let name = field.key.stringValue, !name.hasPrefix("__") else { continue }
            if !fields.contains(name) { problems.append("unknown field '\(name)' in the exercise declaration (fields: \(fields.joined(separator: ", ")))") }
        }
        let id = declaration["id"].stringValue ?? ""
        if !PromptSpec.isValidID(id) { problems.append("the exercise needs id = \"...\" (letters, digits, '-', '_', '.')") }
        let version = declaration["version"].stringValue ?? ""
        if version.split(separator: ".", omittingEmptySubsequences: false).count != 3 || version.split(separator: ".").contains(where: { Int($0) == nil }) {
            problems.append("the exercise needs version = \"MAJOR.MINOR.PATCH\"")
        }
        guard let title = declaration["title"].stringValue, !title.isEmpty else {
            problems.append("the exercise needs title = \"...\"")
            throw Diagnostics(problems.map { Diagnostic(file: display, line: script.declarationLine, message: $0) })
        }
        if !problems.isEmpty { throw Diagnostics(problems.map { Diagnostic(file: display, line: script.declarationLine, message: $0) }) }
        script.id = id
        script.version = version
        script.title = title
        script.description = declaration["description"].stringValue
        return script
    }

    /// The line of `assess.exercise` in the script, for declaration problems.
    var declarationLine: Int? {
        let text = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return text.firstIndex { $0.contains("assess.exercise") }.map { $0 + 1 }
    }

    /// Runs the script's chunk and returns its declaration table.
    func declaration(in sandbox: LuaSandbox) throws -> LuaTable {
        do {
            let chunk = try sandbox.load(source, chunkName: displayName, file: file)
            let values = try sandbox.call(chunk)
            guard let table = values.first?.tableValue, table["__type"] == .string(LuaString("exercise")) else {
                throw Diagnostics([Diagnostic(file: displayName, message: "an exercise script must end with: return assess.exercise { ... }")])
            }
            return table
        } catch let error as ScriptError {
            if error.chunkName == "assess.exercise" || error.chunkName == nil {
                throw Diagnostics([Diagnostic(file: displayName, line: declarationLine, message: error.message)])
            }
            throw Diagnostics([Diagnostic(file: error.chunkName ?? displayName, line: error.line, message: error.message)])
        }
    }
}
