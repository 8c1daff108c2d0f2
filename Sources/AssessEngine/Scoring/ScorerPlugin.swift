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

    static let fields = ["api", "id", "version", "title", "description", "options", "prepare", "score"]

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
        if declaration["prepare"] != .nil, declaration["prepare"].functionValue == nil {
            problems.add("prepare must be a function(instrument, options) returning what score gets as its fourth argument")
        }
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

/// One scoring thread's sandbox: the plugin compiled once, and a driver that scores a batch of
/// subjects in one call from Swift, so that no subject's data can reach another's result.
///
/// The driver is trusted host code (a Lua chunk of the host's). For each subject it starts fresh
/// budgets (`start`: the instruction, time and output limits apply per subject, as if each were a
/// call of its own; `math.random` is seeded afresh when it ran), calls `score`, and hands the
/// result to `capture`, a C kernel that checks the plain result shape and appends it to the
/// sandbox's result tape. A result `capture` does not take (anything unusual) is returned to Swift as a value and
/// read by ``ResultReader/read(_:group:plugin:)``, which gives the exact result or error.
///
/// Isolation: the plugin's chunk runs once, and its state is then *sealed* (see
/// `CLuaShims/seal.c`): every table it can reach becomes read-only and every module-level local
/// that some code can assign is set back before each subject. A scorer that writes to sealed state (or whose state cannot be
/// sealed) is run the other way, for the rest of the session: its chunk afresh for every subject,
/// in a new environment, with modules loaded again. A batch whose scorer wrote to sealed state is
/// scored again that way, so results are those of fresh runs in every case.
///
/// Sendable only so parallel workers can hold their session: each is used on its own Lua thread
/// alone, which the sandbox itself enforces (it refuses calls from any other thread).
final class ScoringSession: @unchecked Sendable {
    let sandbox: LuaSandbox
    /// The driver for sealed state; `nil` once the scorer runs afresh for every subject.
    private var sealedDriver: LuaFunction?
    private let freshDriver: LuaFunction
    /// Why the scorer's state could not be sealed (`nil` when it was).
    let sealRefusal: String?
    let instrument: Instrument
    let layout: ResponseLayout
    let plugin: ScorerPlugin
    let reader: ResultReader
    let limits: SandboxLimits

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
                                      arguments: [.function(try sandbox.kernel(.itemSums)), .function(try sandbox.kernel(.responseSums)),
                                                  .function(try sandbox.kernel(.responseMeans))])
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
        self.limits = limits
        self.layout = ResponseLayout(instrument)
        self.reader = ResultReader(instrument: instrument)
        sandbox = try Self.makeSandbox(pluginFolder: plugin.file.deletingLastPathComponent(), displayFolder: plugin.displayName,
                                       limits: limits, coverage: coverage)
        let chunk = try sandbox.load(plugin.source, chunkName: plugin.displayName, file: plugin.file)
        let runner = try sandbox.isolatedRunner(for: chunk)
        try sandbox.setGlobal("__assess_instrument", InstrumentValue.make(instrument), readOnly: true)
        try sandbox.setGlobal("__assess_options", .table(options), readOnly: true)
        func list(_ names: [String]) -> LuaValue { .table(LuaTable(array: names.map { .string(LuaString($0)) })) }
        let made = try sandbox.run(Self.driverSource, chunkName: "assess.driver", arguments: [
            .function(runner), .function(try sandbox.kernel(.unpackAnswers)), list(layout.entries.map(\.item.id)),
            .function(try sandbox.kernel(.makeCapture)),
            list(reader.dimensionNames), list(reader.itemNames), list(instrument.raters.map(\.id) + ["all_others"]),
            .function(try sandbox.kernel(.seal)), .function(try sandbox.kernel(.makeStarter)),
            .function(try sandbox.kernel(.sealViolated)), .function(try sandbox.kernel(.unseal)),
        ])
        guard made.count >= 3, let fresh = made[2].functionValue else { throw SandboxError.stateCreationFailed }
        freshDriver = fresh
        sealedDriver = made[0].functionValue
        sealRefusal = sealedDriver == nil ? (made[1].stringValue ?? "the chunk did not run") : nil
        sealedLocals = Int(made[1].integerValue ?? 0)
    }

    /// How many module-level locals a sealed scorer has set back before each subject.
    let sealedLocals: Int

    /// Whether subjects are still scored with the sealed state (false once the scorer wrote to it).
    var isSealed: Bool { sealedDriver != nil }

    /// The driver chunk. It returns `sealed, n, fresh` (or `nil, why_not, fresh`), where `n` is the
    /// number of module-level locals set back before each subject. `sealed(subjects)` scores with
    /// the sealed state and `fresh(subjects)` re-runs the chunk for every subject; both return
    /// `unusual, violated, done`: `unusual[i]` is the result of subject `i` that `capture` did not
    /// take; `violated` (sealed only) the position of a subject whose scorer wrote to sealed state,
    /// so the batch must be scored afresh; `done` the subjects scored when a full result tape ended
    /// the call early (the rest go in another call). A subject whose answers are all numbers, "na"
    /// or blank comes without `answers`: it is made from `packed` the first time the scorer reads
    /// it. Every
    /// subject shares one metatable for that, protected (`__metatable`), so no script can change
    /// it or keep anything in it.
    static let driverSource = """
        local runner, unpack_answers, ids, make_capture, dimension_ids, item_ids, group_ids,
              seal, make_starter, violated, unseal = ...
        local instrument, options = __assess_instrument, __assess_options
        __assess_instrument, __assess_options = nil, nil
        local rawget, rawset, next, pcall = rawget, rawset, next, pcall
        local capture = make_capture(dimension_ids, item_ids, group_ids)
        local function materialise(subject)
          local answers = unpack_answers(rawget(subject, "packed"), ids)
          rawset(subject, "answers", answers)
          return answers
        end
        local lazy = {
          __index = function(subject, key)
            if key == "answers" then return materialise(subject) end
          end,
          __pairs = function(subject)
            if rawget(subject, "answers") == nil then materialise(subject) end
            return next, subject, nil
          end,
          __metatable = false,
        }

        -- start(subject): fresh budgets, math.random seeded afresh when it moved, and the lazy
        -- metatable when the subject has no answers yet (and, sealed, the locals set back).
        local start_fresh = make_starter(nil, lazy)

        local function fresh(subjects)
          unseal()
          local unusual
          for i = 1, #subjects do
            local subject = subjects[i]
            subjects[i] = false
            start_fresh(subject)
            local declaration = runner()
            local prepare = declaration.prepare
            local result = declaration.score(subject, instrument, options, prepare and prepare(instrument, options))
            local taken, full = capture(result)
            if not taken then
              unusual = unusual or {}
              unusual[i] = result
            end
            if full and i < #subjects then return unusual, nil, i end
          end
          return unusual
        end

        -- One run of the chunk and of prepare, then the state sealed (nil and why when it cannot
        -- be: an error here is reported by the fresh runs, subject by subject).
        local ran, declaration = pcall(runner)
        if not ran then return nil, "the chunk failed", fresh end
        local plan
        if declaration.prepare ~= nil then
          local prepared, made = pcall(declaration.prepare, instrument, options)
          if not prepared then return nil, "prepare failed", fresh end
          plan = made
        end
        local sealed, restore_list = seal({ declaration, plan })
        if not sealed then return nil, restore_list, fresh end
        local score, sealed_plan = sealed[1].score, sealed[2]
        local start = make_starter(#restore_list > 0 and restore_list or nil, lazy)

        local function sealed_scores(subjects)
          local unusual
          for i = 1, #subjects do
            local subject = subjects[i]
            subjects[i] = false
            start(subject)
            local result = score(subject, instrument, options, sealed_plan)
            if violated() then return unusual, i end
            local taken, full = capture(result)
            if not taken then
              unusual = unusual or {}
              unusual[i] = result
            end
            if full and i < #subjects then return unusual, nil, i end
          end
          return unusual
        end
        return sealed_scores, #restore_list // 3, fresh
        """

    func close() { sandbox.close() }

    /// Scores one subject's responses.
    func score(_ group: SubjectGroup, times: StageTimes? = nil) throws -> SubjectScores {
        try score([group][...], times: times)[0]
    }

    /// About how many bytes of Lua memory a subject takes while it waits in a call: its packed
    /// answers, and a rater and respondent string for each response.
    private func inLua(_ group: SubjectGroup) -> Int { group.responses.count * (8 * layout.count + 128) }

    /// The Lua memory one call's subjects may take: an eighth of the limit (8 MiB by default).
    private var callBytes: Int { limits.memoryBytes > 0 ? limits.memoryBytes / 8 : Int.max }

    /// Scores a batch of subjects, in order, in as few calls into Lua as their size and the
    /// result tape allow.
    /// - Throws: the first subject's error (``ScriptError`` or ``ScoringError``); ``failedAt``
    ///   then names the subject's position in the batch.
    func score(_ groups: ArraySlice<SubjectGroup>, times: StageTimes? = nil) throws -> [SubjectScores] {
        try score(groups, times: times, making: Making(captured: { [reader] tape, offset, group in
            try reader.decode(tape, at: &offset, group: group)
        }, scored: { $0 }))
    }

    /// Scores a batch of subjects, making each one's spool record (its id, then its `--format csv`
    /// rows) straight from the result tape: the same bytes ``CSVRows`` makes from the scores.
    func scoreRows(_ groups: ArraySlice<SubjectGroup>, rows: CSVRows, times: StageTimes? = nil) throws -> [[UInt8]] {
        try score(groups, times: times, making: Making(captured: { [reader] tape, offset, group in
            try reader.decodeRows(tape, at: &offset, group: group, rows: rows)
        }, scored: { scores in
            var bytes: [UInt8] = []
            ScoresCodec.string(scores.subject, &bytes)
            rows.append(scores, to: &bytes)
            return bytes
        }))
    }

    /// What a call makes of each subject's result: from the tape, or from the scores the careful
    /// reader made of a result the tape did not take.
    struct Making<T> {
        let captured: (UnsafeRawBufferPointer, inout Int, SubjectGroup) throws -> T?
        let scored: (SubjectScores) throws -> T
    }

    private func score<T>(_ groups: ArraySlice<SubjectGroup>, times: StageTimes?, making: Making<T>) throws -> [T] {
        var scores: [T] = []
        scores.reserveCapacity(groups.count)
        var start = groups.startIndex
        while start < groups.endIndex {
            // Every subject of a call is in Lua's memory at once: a call takes subjects while
            // they come to an eighth of the memory limit (one subject, however large, always goes).
            var end = start + 1, bytes = inLua(groups[start])
            while end < groups.endIndex, bytes + inLua(groups[end]) <= callBytes {
                bytes += inLua(groups[end])
                end += 1
            }
            let made: (scores: [T], done: Int)
            do {
                made = try scoreOnce(groups[start..<end], times: times, making: making)
            } catch {
                if let position = failedAt { failedAt = start - groups.startIndex + position }
                throw error
            }
            scores += made.scores
            start += made.done
        }
        return scores
    }

    /// One call: the sealed driver while the state stays sealed, else the fresh one.
    private func scoreOnce<T>(_ groups: ArraySlice<SubjectGroup>, times: StageTimes?, making: Making<T>) throws -> (scores: [T], done: Int) {
        if let sealed = sealedDriver {
            do {
                if let made = try score(groups, with: sealed, sealed: true, times: times, making: making) { return made }
            } catch is ScriptError where sandbox.sealViolated {
                // The scorer wrote to its sealed state and raised: score the batch afresh.
            }
            sealedDriver = nil
        }
        return try score(groups, with: freshDriver, sealed: false, times: times, making: making)!
    }

    /// One call of a driver: the scores of the first `done` subjects (all, unless the result tape
    /// filled up); `nil` when the sealed driver stopped at a write to sealed state.
    private func score<T>(_ groups: ArraySlice<SubjectGroup>, with driver: LuaFunction, sealed: Bool,
                          times: StageTimes?, making: Making<T>) throws -> (scores: [T], done: Int)? {
        var start = StageTimes.now()
        sandbox.resetBatch()
        failedAt = nil
        do {
            return try sandbox.call(driver, writing: { w in
                w.table(sequence: groups.count, fields: 0)
                for group in groups { try SubjectValue.write(group, layout: layout, into: w) }
                if let times { start = times.lap(.marshal, since: start) }
            }, reading: { results in
                if let times {
                    start = times.lap(.lua, since: start)
                    times.count(instructions: sandbox.batchInstructions, calls: sandbox.batchPosition)
                }
                defer { if let times { times.lap(.results, since: start) } }
                if sealed, results.cursor(1).type != .nil { return nil }
                // A full tape ends the call early: the subjects after `done` go in another call.
                let done = results.cursor(2).integer.map(Int.init) ?? groups.count
                let unusual = results.cursor(0)
                return try sandbox.withResultTape { tape in
                    var scores: [T] = []
                    scores.reserveCapacity(groups.count)
                    var offset = 0
                    for (position, group) in zip(0..., groups.prefix(done)) {
                        if let captured = try making.captured(tape, &offset, group) {
                            scores.append(captured)
                        } else {
                            failedAt = position
                            var value = LuaValue.nil
                            if unusual.type == .table { value = try unusual.element(position + 1) { try $0.value() } ?? .nil }
                            scores.append(try making.scored(try reader.read(value, group: group, plugin: plugin.displayName)))
                        }
                    }
                    failedAt = nil
                    return (scores, done)
                }
            })
        } catch var error as ScriptError {
            if failedAt == nil { failedAt = max(0, sandbox.batchPosition - 1) }
            // A limit hit inside C (memory) has no Lua position: name the plugin at least.
            if error.chunkName == nil { error.chunkName = plugin.displayName }
            throw error
        }
    }

    /// Where in the last batch scoring failed (the subject's position), when it did.
    private(set) var failedAt: Int?
}
