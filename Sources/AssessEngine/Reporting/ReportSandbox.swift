import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// A report sandbox: the `assess` module with the report helpers (`assess.template`,
/// `assess.markdown`, `assess.html`, `assess.format`, `assess.chart`, `assess.stats`), and
/// `require` that finds modules in the reporter's folder first, then in each base's folder.
///
/// Must be created and used on `LuaThread`.
final class ReportSandbox {
    let sandbox: LuaSandbox
    let templates: TemplateLibrary
    let formatting: ReportFormatting
    let outputs: ReportOutputCollector

    init(layers: [ReporterPlugin.Layer], templates: TemplateLibrary, formatting: ReportFormatting,
         limits: SandboxLimits, outputs: ReportOutputCollector, coverage: CoverageRecorder? = nil) throws {
        self.templates = templates
        self.formatting = formatting
        self.outputs = outputs
        let modules = ChainedModules(layers.reversed().map { layer in
            let folder = layer.displayFolder
            return DirectoryModules(root: layer.folder, displayPrefix: folder.isEmpty ? "" : folder + "/")
        })
        sandbox = try LuaSandbox(SandboxConfiguration(limits: limits, seed: 0, modules: modules, coverage: coverage))
        sandbox.printHandler = PluginPrint.toStandardError(layers.last?.displayName ?? "reporter")
        var module = LuaTable()
        for (name, value) in FrameworkModule.commonMembers() { module[name] = value }
        let scorerHelpers = try sandbox.run(ScorerPrelude.source, chunkName: "assess.scorer")
        if let stats = scorerHelpers.first?.tableValue?["stats"] { module["stats"] = stats }
        let reporterHelpers = try sandbox.run(ReporterPrelude.source, chunkName: "assess.reporter")
        guard let helpers = reporterHelpers.first?.tableValue else { throw SandboxError.stateCreationFailed }
        for (name, value) in helpers.pairs { module[name] = value }
        for (name, value) in ReportHelpers.members(templates: templates, formatting: formatting) { module[name] = value }
        try sandbox.setGlobal("assess", .table(module), readOnly: true)
        try sandbox.registerModule("assess", .table(module))
    }
}

/// The host helpers report scripts call, implemented in Swift.
enum ReportHelpers {
    static func members(templates: TemplateLibrary, formatting: ReportFormatting) -> [(String, LuaValue)] {
        func fn(_ name: String, _ body: @escaping @Sendable (HostCall) throws -> [LuaValue]) -> LuaValue {
            .function(LuaFunction(name: name, body))
        }
        @Sendable func text(_ s: String) -> LuaValue { .string(LuaString(s)) }

        let template: LuaValue = [
            "render": fn("assess.template.render") { call in
                guard let source = call[0].stringValue else {
                    throw HostFunctionError.misuse("assess.template.render(source, view [, { escape = \"html\" | \"markdown\" | \"none\" }]) needs the template text first")
                }
                var escaping = TemplateLibrary.Escaping.html
                if let options = call[2].tableValue, let name = options["escape"].stringValue {
                    guard let chosen = TemplateLibrary.Escaping(rawValue: name) else {
                        throw HostFunctionError.misuse("escape must be \"html\", \"markdown\" or \"none\", not '\(name)'")
                    }
                    escaping = chosen
                }
                return [text(try templates.render(source: source, escaping: escaping, view: call[1]))]
            },
            "names": fn("assess.template.names") { _ in
                [.table(LuaTable(array: templates.files.keys.sorted().map(text)))]
            },
        ]

        let markdown: LuaValue = [
            "escape": fn("assess.markdown.escape") { call in
                [text(MarkdownText.escape(try stringArgument(call, 0, "assess.markdown.escape(text)")))]
            },
            "html": fn("assess.markdown.html") { call in
                [text(try MarkdownText.html(try stringArgument(call, 0, "assess.markdown.html(markdown)")))]
            },
        ]

        let html: LuaValue = [
            "escape": fn("assess.html.escape") { call in
                [text(HTMLText.escape(try stringArgument(call, 0, "assess.html.escape(text)")))]
            },
        ]

        let format: LuaValue = [
            "number": fn("assess.format.number") { call in
                guard let value = number(call[0]) else { return [text("")] }
                let decimals = call[1].integerValue.map(Int.init) ?? 2
                guard (0...10).contains(decimals) else { throw HostFunctionError.misuse("decimals must be 0 to 10") }
                let grouping = call[2].tableValue?["grouping"].boolValue ?? true
                return [text(try localised(call[2], formatting).number(value, decimals: decimals, grouping: grouping))]
            },
            "percent": fn("assess.format.percent") { call in
                guard let value = number(call[0]) else { return [text("")] }
                let decimals = call[1].integerValue.map(Int.init) ?? 0
                guard (0...10).contains(decimals) else { throw HostFunctionError.misuse("decimals must be 0 to 10") }
                return [text(try localised(call[2], formatting).percent(value, decimals: decimals))]
            },
            "date": fn("assess.format.date") { call in
                let value = try stringArgument(call, 0, "assess.format.date(\"YYYY-MM-DD\" [, style [, locale]])")
                let styleName = call[1].stringValue ?? "long"
                guard let style = ReportFormatting.DateStyle(rawValue: styleName) else {
                    throw HostFunctionError.misuse("date style must be one of \(ReportFormatting.DateStyle.allCases.map(\.rawValue).joined(separator: ", ")), not '\(styleName)'")
                }
                guard let formatted = try localised(call[2], formatting).date(value, style: style) else {
                    throw HostFunctionError.misuse("'\(value)' is not a date (expected YYYY-MM-DD)")
                }
                return [text(formatted)]
            },
            "plural": fn("assess.format.plural") { call in
                guard let n = call[0].integerValue, let one = call[1].stringValue else {
                    throw HostFunctionError.misuse("assess.format.plural(count, singular [, plural]) needs a whole number and a word")
                }
                let many = call[2].stringValue ?? one + "s"
                return [text("\(formatting.number(Double(n), decimals: 0)) \(n == 1 ? one : many)")]
            },
            "locale": text(formatting.locale),
        ]

        let json: LuaValue = [
            "encode": fn("assess.json.encode") { call in
                let pretty = call[1].tableValue?["pretty"].boolValue ?? true
                let encoder = JSONEncoder()
                encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
                guard let data = try? encoder.encode(JSONValue(lua: call[0])) else {
                    throw HostFunctionError.misuse("assess.json.encode: the value cannot be written as JSON (numbers must be finite)")
                }
                return [text(String(decoding: data, as: UTF8.self) + (pretty ? "\n" : ""))]
            },
        ]

        return [("template", template), ("json", json), ("markdown", markdown), ("html", html), ("format", format),
                ("chart", ChartHelpers.namespace())]
    }

    static func stringArgument(_ call: HostCall, _ index: Int, _ usage: String) throws -> String {
        switch call[index] {
        case .string(let s): return s.lossyString
        case .integer(let i): return String(i)
        case .number(let d): return LuaNumberText.format(d)
        default: throw HostFunctionError.misuse("\(usage) expects text, got \(call[index].typeName)")
        }
    }

    static func number(_ value: LuaValue) -> Double? {
        switch value {
        case .integer(let i): return Double(i)
        case .number(let d): return d.isFinite ? d : nil
        default: return nil
        }
    }

    /// The formatting for a call: the report's locale, unless the call names another (as a
    /// string, or as `{ locale = "..." }`).
    static func localised(_ value: LuaValue, _ formatting: ReportFormatting) throws -> ReportFormatting {
        guard let locale = value.stringValue ?? value.tableValue?["locale"].stringValue else { return formatting }
        guard ReportFormatting.supportedLocales.contains(locale) else {
            throw HostFunctionError.misuse("locale '\(locale)' is not supported (supported: \(ReportFormatting.supportedLocales.joined(separator: ", ")))")
        }
        return ReportFormatting(locale: locale)
    }
}
