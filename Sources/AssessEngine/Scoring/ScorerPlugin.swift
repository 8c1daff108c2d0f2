import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// A scorer plugin's script: `return assess.scorer { api = 1, id = ..., score = function(subject, instrument, options) ... end }`.
public struct ScorerPlugin: Sendable {
    public var id: String
    public var version: String
    public var description: String?
    /// The script file and how it is named in messages.
    public var file: URL
    public var displayName: String
    /// The script's bytes (compiled once per scoring thread).
    public var source: [UInt8]
    /// Option defaults the plugin declares (`options = { ... }`), merged under the instrument's.
    public var defaults: LuaTable

    /// Where bundled scorers live: `Plugins/scoring/<id>.lua` or `Plugins/scoring/<id>/init.lua`.
    /// A `.lua` path is found relative to `base` first (the instrument's folder, for the plugin an
    /// instrument names), then to the current folder.
    public static func locate(_ reference: String, relativeTo base: URL? = nil, home: URL? = AssessKitHome.locate()) -> URL? {
        if reference.hasSuffix(".lua") {
            if let base, !reference.hasPrefix("/") {
                let candidate = base.appendingPathComponent(reference).standardizedFileURL
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            }
            if FileManager.default.fileExists(atPath: reference) { return URL(fileURLWithPath: reference) }
        }
        guard let home, !reference.contains("/") else { return nil }
        let folder = home.appendingPathComponent("Plugins/scoring")
        for candidate in [folder.appendingPathComponent("\(reference).lua"), folder.appendingPathComponent("\(reference)/init.lua")]
        where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        return nil
    }

    static let fields = ["api", "id", "version", "title", "description", "options", "score"]

    /// Loads and validates a scorer: runs it once in a fresh sandbox and checks its declaration.
    public static func load(_ reference: String, relativeTo base: URL? = nil) throws -> ScorerPlugin {
        let (file, display, source, declaration) = try PluginScript.declaration(reference, constructor: "scorer", relativeTo: base)
        let problems = ProblemCollector()
        for field in declaration.fields {
            guard let name = field.key.stringValue, !name.hasPrefix("__") else { continue }
            if !fields.contains(name) { problems.add("unknown field '\(name)' in the scorer declaration") }
        }
        if declaration["api"].integerValue != 1 {
            problems.add("the scorer must declare api = 1 (this AssessKit supports api = \(APIVersion.supportedMajors.map(String.init).joined(separator: ", ")))")
        }
        let id = declaration["id"].stringValue ?? ""
        if id.isEmpty { problems.add("the scorer is missing id = \"...\"") }
        let version = declaration["version"].stringValue ?? ""
        if version.split(separator: ".").count != 3 { problems.add("the scorer needs version = \"MAJOR.MINOR.PATCH\"") }
        if declaration["score"].functionValue == nil { problems.add("the scorer needs score = function(subject, instrument, options) ... end") }
        if declaration["options"] != .nil, declaration["options"].tableValue == nil { problems.add("options must be a table of defaults") }
        if !problems.messages.isEmpty {
            throw Diagnostics(problems.messages.map { Diagnostic(file: display, message: $0) })
        }
        return ScorerPlugin(id: id, version: version, description: declaration["description"].stringValue, file: file,
                            displayName: display, source: source, defaults: declaration["options"].tableValue ?? LuaTable())
    }
}

extension ScorerPlugin {
    /// The scorer an instrument names (`scoring.plugin`): a bundled id, or a `.lua` path relative
    /// to the instrument's folder.
    public static func load(for instrument: LoadedInstrument) throws -> ScorerPlugin {
        try load(instrument.instrument.scoring.plugin, relativeTo: instrument.folder)
    }
}

extension LoadedInstrument {
    /// The folder of the instrument's script, where paths it names are resolved.
    public var folder: URL { URL(fileURLWithPath: file).deletingLastPathComponent() }
}

/// Where a plugin's `print` goes: standard error, each line led by the plugin's file, so a
/// plugin's author can debug it without the output mixing with scores or reports.
enum PluginPrint {
    static func toStandardError(_ plugin: String) -> (LuaString) -> Void {
        let lead = Array("\(plugin): ".utf8)
        return { text in
            var bytes: [UInt8] = []
            var atLineStart = true
            for byte in text.bytes {
                if atLineStart { bytes += lead }
                bytes.append(byte)
                atLineStart = byte == UInt8(ascii: "\n")
            }
            FileHandle.standardError.write(Data(bytes))
        }
    }
}

/// Finding a plugin script, and running it once in a fresh sandbox to read what it declares.
enum PluginScript {
    /// The script's file, display name, source, and the table its `assess.<constructor>` returned.
    static func declaration(_ reference: String, constructor: String, relativeTo base: URL? = nil) throws -> (URL, String, [UInt8], LuaTable) {
        guard let file = ScorerPlugin.locate(reference, relativeTo: base) else {
            throw Diagnostics([Diagnostic(file: reference, message: "no such \(constructor) plugin (bundled plugins are in Plugins/scoring/)")])
        }
        let display = InstrumentLoader.displayPath(file)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw Diagnostics([Diagnostic(file: display, message: "cannot read the file")])
        }
        let source = ScriptSource.prepare(Array(data))
        let declaration: LuaTable = try LuaThread.shared.run {
            let sandbox = try ScoringSession.makeSandbox(pluginFolder: file.deletingLastPathComponent(), displayFolder: display)
            defer { sandbox.close() }
            do {
                let values = try sandbox.run(source, chunkName: display)
                guard let table = values.first?.tableValue, table["__type"] == .string(LuaString(constructor)) else {
                    throw Diagnostics([Diagnostic(file: display, message: "a \(constructor) script must end with: return assess.\(constructor) { ... }")])
                }
                return table
            } catch let error as ScriptError {
                // A declaration problem is raised inside the constructor; point at the script's call.
                if error.chunkName == "assess.scorer" || error.chunkName == nil {  // the prelude holds both constructors
                    let text = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    let line = text.firstIndex { $0.contains("assess.\(constructor)") }.map { $0 + 1 }
                    throw Diagnostics([Diagnostic(file: display, line: line, message: error.message)])
                }
                throw Diagnostics([Diagnostic(file: error.chunkName ?? display, line: error.line, message: error.message)])
            }
        }
        return (file, display, source, declaration)
    }
}

final class ProblemCollector {
    var messages: [String] = []
    func add(_ message: String) { messages.append(message) }
}

/// One scoring thread's sandbox: the plugin compiled once, and a driver that runs it afresh for
/// every subject, so no subject's data can reach another's result.
///
/// Sendable only so parallel workers can hold their session: each is used on its own Lua thread
/// alone, which the sandbox itself enforces (it refuses calls from any other thread).
final class ScoringSession: @unchecked Sendable {
    let sandbox: LuaSandbox
    let driver: LuaFunction
    let instrument: Instrument
    let layout: ResponseLayout
    let plugin: ScorerPlugin
    let reader: ResultReader

    /// The `assess` module scorers see: versions, `assess.scorer`, and `assess.stats`.
    static func makeSandbox(pluginFolder: URL, displayFolder: String, limits: SandboxLimits = .default,
                            coverage: CoverageRecorder? = nil) throws -> LuaSandbox {
        let folder = (displayFolder as NSString).deletingLastPathComponent
        let sandbox = try LuaSandbox(SandboxConfiguration(
            limits: limits, seed: 0,
            modules: DirectoryModules(root: pluginFolder, displayPrefix: folder.isEmpty ? "" : folder + "/"),
            coverage: coverage))
        sandbox.printHandler = PluginPrint.toStandardError(displayFolder)
        var module = LuaTable()
        for (name, value) in FrameworkModule.commonMembers() { module[name] = value }
        let helpers = try sandbox.run(ScorerPrelude.source, chunkName: "assess.scorer",
                                      arguments: [.function(try sandbox.kernel(.itemSums)), .function(try sandbox.kernel(.responseSums))])
        guard let helpersTable = helpers.first?.tableValue else { throw SandboxError.stateCreationFailed }
        for (name, value) in helpersTable.pairs { module[name] = value }
        try sandbox.setGlobal("assess", .table(module), readOnly: true)
        try sandbox.registerModule("assess", .table(module))
        return sandbox
    }

    /// Must be called on `LuaThread`.
    init(plugin: ScorerPlugin, instrument: Instrument, options: LuaTable, limits: SandboxLimits,
         coverage: CoverageRecorder? = nil) throws {
        self.plugin = plugin
        self.instrument = instrument
        self.layout = ResponseLayout(instrument)
        self.reader = ResultReader(instrument: instrument)
        sandbox = try Self.makeSandbox(pluginFolder: plugin.file.deletingLastPathComponent(), displayFolder: plugin.displayName,
                                       limits: limits, coverage: coverage)
        let chunk = try sandbox.load(plugin.source, chunkName: plugin.displayName, file: plugin.file)
        let runner = try sandbox.isolatedRunner(for: chunk)
        try sandbox.setGlobal("__assess_instrument", InstrumentValue.make(instrument), readOnly: true)
        try sandbox.setGlobal("__assess_options", .table(options), readOnly: true)
        // A subject whose answers are all numbers, "na" or blank comes without `answers`: it is
        // made from `packed` the first time the scorer reads it (each subject's metatable is its
        // own, and is removed once `answers` exists).
        let ids = LuaValue.table(LuaTable(array: layout.entries.map { .string(LuaString($0.item.id)) }))
        let made = try sandbox.run("""
            local runner, unpack_answers, ids = ...
            local instrument, options = __assess_instrument, __assess_options
            __assess_instrument, __assess_options = nil, nil
            local rawget, rawset, setmetatable, pairs = rawget, rawset, setmetatable, pairs
            local function materialise(subject)
              local answers = unpack_answers(rawget(subject, "packed"), ids)
              setmetatable(subject, nil)
              rawset(subject, "answers", answers)
              return answers
            end
            local function index(subject, key)
              if key == "answers" then return materialise(subject) end
            end
            local function iterate(subject)
              materialise(subject)
              return pairs(subject)
            end
            return function(subject)
              if rawget(subject, "answers") == nil then
                setmetatable(subject, { __index = index, __pairs = iterate })
              end
              local declaration = runner()
              return declaration.score(subject, instrument, options)
            end
            """, chunkName: "assess.driver", arguments: [.function(runner), .function(try sandbox.kernel(.unpackAnswers)), ids])
        guard let driver = made.first?.functionValue else { throw SandboxError.stateCreationFailed }
        self.driver = driver
    }

    func close() { sandbox.close() }

    /// Scores one subject's responses.
    func score(_ group: SubjectGroup, times: StageTimes? = nil) throws -> SubjectScores {
        var start = StageTimes.now()
        // Each subject's results are handed on and not kept: the output limit applies per subject.
        sandbox.resetOutputBudget()
        do {
            return try sandbox.call(driver, writing: {
                try SubjectValue.write(group, layout: layout, into: $0)
                if let times { start = times.lap(.marshal, since: start) }
            }, reading: { results in
                if let times {
                    start = times.lap(.lua, since: start)
                    times.count(instructions: sandbox.instructionsUsed)
                }
                defer { if let times { times.lap(.results, since: start) } }
                if let scores = reader.readFast(results.cursor(0), group: group) { return scores }
                let value = try results.cursor(0).value()
                return try reader.read(value, group: group, plugin: plugin.displayName)
            })
        } catch var error as ScriptError {
            // A limit hit inside C (memory) has no Lua position: name the plugin at least.
            if error.chunkName == nil { error.chunkName = plugin.displayName }
            throw error
        }
    }
}
