import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// Scores to render: what `assess score` produced, or read back from a saved scores file.
public struct ReportInput: Sendable {
    public var provenance: Provenance
    public var subjects: [SubjectScores]
    /// The cohort plugin's summary, when one ran (cohort reporters show it).
    public var cohort: JSONValue?

    public init(provenance: Provenance, subjects: [SubjectScores], cohort: JSONValue? = nil) {
        self.provenance = provenance
        self.subjects = subjects
        self.cohort = cohort
    }

    /// Reads a scores file written by `assess score --format json`.
    /// - Throws: `Diagnostics` naming the file when it is not one.
    public static func read(scoresFile url: URL, displayName: String) throws -> ReportInput {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Diagnostics([Diagnostic(file: displayName, message: "cannot read the file")])
        }
        struct File: Decodable {
            var provenance: Provenance
            var subjects: [SubjectScores]
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            return ReportInput(provenance: file.provenance, subjects: file.subjects)
        } catch let error as DecodingError {
            let message: String
            switch error {
            case .keyNotFound(let key, let context):
                message = "missing '\(key.stringValue)' at \(path(context.codingPath))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                message = "unexpected value at \(path(context.codingPath)): \(context.debugDescription)"
            case .dataCorrupted(let context):
                message = context.codingPath.isEmpty ? "not JSON: \(context.debugDescription)" : "bad value at \(path(context.codingPath))"
            @unknown default:
                message = "\(error)"
            }
            throw Diagnostics([Diagnostic(file: displayName, message: "not a scores file written by `assess score --format json`: \(message)")])
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }
}

/// Renders scores with reporter plugins. Each subject-scope render runs in a fresh environment,
/// so nothing of one subject's report can reach another's; outputs are checked (names, sizes)
/// and returned for ``ReportFolderWriter`` to write all or nothing.
public struct ReportJob: Sendable {
    public var instrument: LoadedInstrument
    public var reporter: ReporterPlugin
    /// Overrides of the reporter's option defaults.
    public var options: JSONValue
    /// The report date (`YYYY-MM-DD`): injected, so the same inputs give the same bytes.
    public var date: String
    public var formatting: ReportFormatting
    /// The sandbox's limits for each `render` call (default: ``defaultLimits(for:)``).
    public var limits: SandboxLimits
    public var outputLimits: ReportOutputLimits
    /// Only this subject (subject-scope reporters).
    public var subject: String?
    public var thread: LuaThread = .shared
    public var coverage: CoverageRecorder?

    public init(instrument: LoadedInstrument, reporter: ReporterPlugin, options: JSONValue = .object([:]), date: String,
                formatting: ReportFormatting = ReportFormatting(), limits: SandboxLimits? = nil,
                outputLimits: ReportOutputLimits = .default, subject: String? = nil) {
        self.instrument = instrument
        self.reporter = reporter
        self.options = options
        self.date = date
        self.formatting = formatting
        self.limits = limits ?? Self.defaultLimits(for: reporter.scope)
        self.outputLimits = outputLimits
        self.subject = subject
    }

    /// Limits that suit each scope: a subject's report gets 256 MiB and 30 s; a cohort report,
    /// which holds every subject at once, 1 GiB, 10 billion instructions and 120 s.
    public static func defaultLimits(for scope: ReportScope) -> SandboxLimits {
        switch scope {
        case .subject: SandboxLimits(memoryBytes: 256 << 20, time: .seconds(30), outputBytes: 256 << 20)
        case .cohort: SandboxLimits(memoryBytes: 1 << 30, instructions: 10_000_000_000, time: .seconds(120), outputBytes: 1 << 30)
        }
    }

    /// Renders and returns the files, in the order the reporter wrote them.
    /// - Throws: `Diagnostics` for a reporter that does not suit the instrument or a bad date,
    ///   `ScriptError` when the script fails or hits a limit (the message names the subject).
    public func render(_ input: ReportInput) throws -> [ReportFile] {
        try render(input, each: nil)
    }

    /// Renders and hands each file to `each` as soon as it is written (to stage it on disk, say),
    /// so memory holds one report at a time.
    /// - Throws: as ``render(_:)``, and what `each` throws (as a Lua error naming the subject).
    public func render(_ input: ReportInput, each: @escaping (ReportFile) throws -> Void) throws {
        _ = try render(input, each: .some(each))
    }

    private func render(_ input: ReportInput, each: ((ReportFile) throws -> Void)?) throws -> [ReportFile] {
        let model = instrument.instrument
        let top = reporter.layers.last!.displayName
        if !reporter.kinds.isEmpty, !reporter.kinds.contains(model.kind.rawValue) {
            throw Diagnostics([Diagnostic(file: top, message: "reporter '\(reporter.id)' is for \(reporter.kinds.joined(separator: ", ")) instruments; '\(model.id)' is a \(model.kind.rawValue) instrument")])
        }
        guard ReportFormatting.parseDate(date) != nil, date.utf8.count == 10 else {
            throw Diagnostics([Diagnostic(file: top, message: "the report date '\(date)' is not YYYY-MM-DD")])
        }
        guard ReportFormatting.supportedLocales.contains(formatting.locale) else {
            throw Diagnostics([Diagnostic(file: top, message: "locale '\(formatting.locale)' is not supported (supported: \(ReportFormatting.supportedLocales.joined(separator: ", ")))")])
        }
        var subjects = input.subjects
        if let subject {
            subjects = subjects.filter { $0.subject == subject }
            if subjects.isEmpty { throw Diagnostics([Diagnostic(file: top, message: "there is no subject '\(subject)' in the scores")]) }
        }
        let templates = try reporter.templateLibrary()
        let options = ReporterPlugin.deepMerge(reporter.defaults, self.options)
        let outputs = ReportOutputCollector(limits: outputLimits)
        outputs.reporter = reporter.id
        outputs.formats = reporter.formats
        outputs.sink = each
        let reporter = self.reporter, limits = self.limits, formatting = self.formatting, coverage = self.coverage, date = self.date
        try thread.run {
            let session = try ReportSandbox(layers: reporter.layers, templates: templates, formatting: formatting,
                                            limits: limits, outputs: outputs, coverage: coverage)
            defer { session.sandbox.close() }
            let sandbox = session.sandbox
            var runners: [LuaValue] = []
            for layer in reporter.layers {
                let chunk = try sandbox.load(layer.source, chunkName: layer.displayName, file: layer.file)
                runners.append(.function(try sandbox.isolatedRunner(for: chunk)))
            }
            var context = LuaTable()
            context["options"] = options.luaValue
            context["locale"] = .string(LuaString(formatting.locale))
            context["date"] = .string(LuaString(date))
            context["toolkit_version"] = .string(LuaString(input.provenance.toolkitVersion))
            context["reporter"] = ["id": .string(LuaString(reporter.id)), "version": .string(LuaString(reporter.version))]
            context["provenance"] = ReportValues.provenance(input.provenance)
            context["cohort"] = input.cohort?.luaValue ?? .nil
            context["anonymity_minimum"] = .integer(Int64(model.anonymity.minimum))
            try sandbox.setGlobal("__assess_report", [
                "instrument": ReportValues.instrument(model),
                "context": .table(context),
            ], readOnly: true)
            let host: LuaValue = [
                "write": .function(LuaFunction(name: "ctx.write") { call in
                    guard let name = call[0].stringValue else { throw HostFunctionError.misuse("ctx.write(name, text) needs a file name") }
                    guard case .string(let contents) = call[1] else {
                        throw HostFunctionError.misuse("ctx.write(name, text) needs the text to write, got \(call[1].typeName)")
                    }
                    do {
                        try outputs.write(name, contents.bytes)
                    } catch ReportLimitError.refused(let message) {
                        throw HostFunctionError.misuse(message)
                    } catch ReportLimitError.limit(let message) {
                        throw HostFunctionError.runtime(message)
                    }
                    return []
                }),
                "render": .function(LuaFunction(name: "ctx.render") { call in
                    guard let name = call[0].stringValue else { throw HostFunctionError.misuse("ctx.render(template_name, view) needs a template name") }
                    return [.string(LuaString(try templates.render(named: name, view: call[1])))]
                }),
                "file_name": .function(LuaFunction(name: "ctx.file_name") { call in
                    [.string(LuaString(ReportJob.fileName(try ReportHelpers.stringArgument(call, 0, "ctx.file_name(text [, extension])"),
                                                          extension: call[1].stringValue)))]
                }),
            ]
            let made = try sandbox.run(Self.driver, chunkName: "assess.report", arguments: [.table(LuaTable(array: runners)), host])
            guard let driver = made.first?.functionValue else { throw SandboxError.stateCreationFailed }
            func renderOne(_ result: LuaValue, who: String) throws {
                outputs.current = who
                try sandbox.setGlobal("__assess_result", result, readOnly: true)
                do {
                    _ = try sandbox.call(driver, [.string(LuaString(who))])
                } catch var error as ScriptError {
                    if error.chunkName == nil { error.chunkName = reporter.layers.last!.displayName }
                    error.message = "while rendering \(who): " + error.message
                    throw error
                }
            }
            switch reporter.scope {
            case .subject:
                for subject in subjects {
                    var result = ReportValues.subject(subject)
                    if case .table(var t) = result {
                        t["provenance"] = ReportValues.provenance(input.provenance)
                        result = .table(t)
                    }
                    try renderOne(result, who: "subject \(subject.subject)")
                }
            case .cohort:
                var all = LuaTable()
                all["subjects"] = .table(LuaTable(array: subjects.map(ReportValues.subject)))
                all["provenance"] = ReportValues.provenance(input.provenance)
                if let cohort = input.cohort { all["summary"] = cohort.luaValue }
                try renderOne(.table(all), who: "the cohort")
            }
        }
        return outputs.files
    }

    /// Makes a safe file name from any text: letters, digits, `.`, `_` and `-` are kept, runs of
    /// anything else become one `-`; an extension is added when given.
    public static func fileName(_ text: String, extension ext: String? = nil) -> String {
        var out = ""
        var dash = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "." || scalar == "-" {
                out.unicodeScalars.append(scalar)
                dash = false
            } else if !dash {
                out += "-"
                dash = true
            }
        }
        while out.hasPrefix(".") || out.hasPrefix("-") { out.removeFirst() }
        while out.hasSuffix("-") || out.hasSuffix(".") { out.removeLast() }
        if out.isEmpty { out = "report" }
        if out.utf8.count > 120 { out = String(out.prefix(120)) }
        if let ext, !ext.isEmpty { out += "." + ext }
        return out
    }

    /// Runs the chain of reporter scripts afresh for each render (base first, each overriding
    /// the fields it sets), builds `ctx`, and calls `render(result, instrument, ctx)`.
    static let driver = #"""
    local runners, host = ...
    local report = __assess_report
    __assess_report = nil
    local instrument, context = report.instrument, report.context
    local pairs, type, setmetatable, error = pairs, type, setmetatable, error
    local known = { api = true, id = true, version = true, title = true, description = true, scope = true,
                    formats = true, kinds = true, extends = true, options = true, render = true, __type = true }

    return function(who)
      local result = __assess_result
      __assess_result = nil
      local layers = {}
      for i = 1, #runners do layers[i] = runners[i]() end
      local merged, base = {}, {}
      for i = 1, #layers do
        if i == #layers then for k, v in pairs(merged) do base[k] = v end end
        for k, v in pairs(layers[i]) do merged[k] = v end
      end
      local hooks = {}
      for k, v in pairs(merged) do
        if type(v) == "function" and not known[k] then hooks[k] = v end
      end
      local ctx = {
        options = context.options, locale = context.locale, date = context.date,
        toolkit_version = context.toolkit_version, reporter = context.reporter,
        provenance = context.provenance, cohort = context.cohort,
        anonymity_minimum = context.anonymity_minimum,
        hooks = hooks, base = base,
        write = host.write, render = host.render, file_name = host.file_name,
      }
      --- Calls hook `name` when the reporter (or one it extends) defines it; otherwise returns `fallback`.
      function ctx.hook(name, fallback, ...)
        local f = hooks[name]
        if f == nil then return fallback end
        local value = f(...)
        if value == nil then return fallback end
        return value
      end
      return merged.render(result, instrument, ctx)
    end
    """#
}
