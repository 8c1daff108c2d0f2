import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// A cohort plugin: `return assess.cohort { api = 1, id = ..., summarise = function(subjects,
/// instrument, options) ... end }`. It runs once, after scoring, over every subject's scores, and
/// returns a summary table (written as JSON).
public struct CohortPlugin: Sendable {
    public var id: String
    public var version: String
    public var file: URL
    public var displayName: String
    public var source: [UInt8]

    /// Loads a bundled cohort plugin by id (`Plugins/scoring/<id>.lua`) or a `.lua` path.
    public static func load(_ reference: String) throws -> CohortPlugin {
        let (file, display, source, declaration) = try PluginScript.declaration(reference, constructor: "cohort")
        guard let id = declaration["id"].stringValue, let version = declaration["version"].stringValue else {
            throw Diagnostics([Diagnostic(file: display, message: "the cohort plugin needs id = \"...\" and version = \"MAJOR.MINOR.PATCH\"")])
        }
        return CohortPlugin(id: id, version: version, file: file, displayName: display, source: source)
    }

    /// Summarises the subjects' scores. The instrument's `scoring.options` are passed as options.
    public func summarise(_ subjects: [SubjectScores], instrument: Instrument, limits: SandboxLimits = .default) throws -> JSONValue {
        try LuaThread.shared.run {
            let sandbox = try ScoringSession.makeSandbox(pluginFolder: file.deletingLastPathComponent(), displayFolder: displayName, limits: limits)
            defer { sandbox.close() }
            guard let declaration = try sandbox.call(sandbox.load(source, chunkName: displayName, file: file)).first?.tableValue,
                  let summarise = declaration["summarise"].functionValue
            else { throw Diagnostics([Diagnostic(file: displayName, message: "a cohort script must end with: return assess.cohort { ... }")]) }
            try sandbox.setGlobal("__assess_instrument", InstrumentValue.make(instrument), readOnly: true)
            try sandbox.setGlobal("__assess_subjects", .table(LuaTable(array: subjects.map(Self.value))), readOnly: true)
            let options = instrument.scoring.options.luaValue
            let made = try sandbox.run("""
                local summarise, options = ...
                local instrument, subjects = __assess_instrument, __assess_subjects
                __assess_instrument, __assess_subjects = nil, nil
                return summarise(subjects, instrument, options)
                """, chunkName: "assess.cohort", arguments: [.function(summarise), options])
            return JSONValue(lua: made.first ?? .nil)
        }
    }

    /// One subject's scores as the cohort script sees them.
    static func value(_ s: SubjectScores) -> LuaValue {
        func entry(_ e: ScoreEntry) -> LuaValue {
            var t = LuaTable()
            if let score = e.score { t["score"] = .number(score) }
            if let band = e.band { t["band"] = .string(LuaString(band)) }
            if let answered = e.answered { t["answered"] = .integer(Int64(answered)) }
            var groups = LuaTable()
            for (id, g) in e.groups.sorted(by: { $0.key < $1.key }) { groups[id] = entry(g) }
            if !groups.isEmpty { t["groups"] = .table(groups) }
            return .table(t)
        }
        var t = LuaTable()
        t["subject"] = .string(LuaString(s.subject))
        var dimensions = LuaTable()
        for d in s.dimensions { dimensions[d.id] = entry(d) }
        t["dimensions"] = .table(dimensions)
        if let overall = s.overall { t["overall"] = entry(overall) }
        return .table(t)
    }
}

/// Writes a cohort summary: sorted keys, numbers rounded half away from zero to 4 places.
public enum CohortWriter {
    public static func render(_ summary: JSONValue, decimals: Int = 4) throws -> Data {
        let writer = ScoreWriter(format: .json, decimals: decimals)
        func round(_ value: JSONValue) -> JSONValue {
            switch value {
            case .number(let n): return .number(writer.round(n))
            case .array(let a): return .array(a.map(round))
            case .object(let o): return .object(o.mapValues(round))
            default: return value
            }
        }
        var data = try writer.encoder(pretty: true).encode(round(summary))
        data.append(0x0A)
        return data
    }
}
