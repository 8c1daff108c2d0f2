import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// How often a reporter's `render` runs.
public enum ReportScope: String, Sendable, CaseIterable {
    /// Once per subject, in a fresh environment each time (nothing of one subject's report can
    /// reach another's): individual reports.
    case subject
    /// Once, over every subject: cohort views and flat exports.
    case cohort
}

/// A reporter plugin: `return assess.reporter { api = 1, id = ..., render = function(result, instrument, ctx) ... end }`.
///
/// A reporter may `extends = "another-reporter"`: it then starts from that reporter's declaration
/// and overrides what it sets (fields, hooks, options), and its own `.mustache` templates and Lua
/// modules win over the base's of the same name. That is how a trust changes one section of a
/// bundled report without copying it.
public struct ReporterPlugin: Sendable {
    /// One script in the chain, base first.
    public struct Layer: Sendable {
        public var file: URL
        public var displayName: String
        public var source: [UInt8]
        public var folder: URL { file.deletingLastPathComponent() }
        /// The folder as messages name it.
        public var displayFolder: String { (displayName as NSString).deletingLastPathComponent }
    }

    public var id: String
    public var version: String
    public var title: String?
    public var description: String?
    public var scope: ReportScope
    /// File extensions the reporter writes (`html`, `md`, `csv`, `json`, ...).
    public var formats: [String]
    /// Instrument kinds it suits (`360`, `self`, ...); empty for any.
    public var kinds: [String]
    /// Option defaults, the base's overridden by each layer's.
    public var defaults: JSONValue
    /// The scripts, base first; the last is the reporter that was asked for.
    public var layers: [Layer]

    /// Declaration fields that are not hooks.
    static let fields: Set<String> = ["api", "id", "version", "title", "description", "scope", "formats", "kinds", "extends", "options", "render"]
    static let maximumChain = 8

    /// Where bundled reporters live: `Plugins/reports/<id>.lua` or `Plugins/reports/<id>/init.lua`.
    /// A path may name a `.lua` file or a folder holding `init.lua`; relative paths resolve from `base`.
    public static func locate(_ reference: String, relativeTo base: URL? = nil, home: URL? = AssessKitHome.locate()) -> URL? {
        let fm = FileManager.default
        func existing(_ url: URL) -> URL? {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return nil }
            if isDirectory.boolValue {
                let initFile = url.appendingPathComponent("init.lua")
                return fm.fileExists(atPath: initFile.path) ? initFile.standardizedFileURL : nil
            }
            return url.standardizedFileURL
        }
        if reference.hasSuffix(".lua") || reference.contains("/") || reference.hasPrefix(".") {
            if reference.hasPrefix("/") { return existing(URL(fileURLWithPath: reference)) }
            if let base, let found = existing(base.appendingPathComponent(reference)) { return found }
            return existing(URL(fileURLWithPath: reference))
        }
        if let base, let found = existing(base.appendingPathComponent(reference)) { return found }
        guard let home else { return nil }
        let folder = home.appendingPathComponent("Plugins/reports")
        return existing(folder.appendingPathComponent("\(reference).lua")) ?? existing(folder.appendingPathComponent(reference))
    }

    /// Checks every template the reporter can render (its own, its bases', the shared partials):
    /// syntax, partials that do not exist, partials that include each other.
    /// - Throws: `Diagnostics` with the template file and line of each problem.
    public func checkTemplates() throws {
        _ = try templateLibrary()
    }

    /// The reporter's templates: its own first, then each base's, then the shared partials.
    func templateLibrary() throws -> TemplateLibrary {
        var folders = layers.reversed().map { ($0.folder, $0.displayFolder) }
        if let shared = Self.sharedPartials() { folders.append((shared, InstrumentLoader.displayPath(shared))) }
        return try TemplateLibrary(folders: folders)
    }

    /// `Plugins/reports/partials/`: templates every reporter can include (after its own and its
    /// bases', which win by name), such as `style.html`, the bundled reports' stylesheet.
    public static func sharedPartials(home: URL? = AssessKitHome.locate()) -> URL? {
        guard let folder = home?.appendingPathComponent("Plugins/reports/partials"),
              FileManager.default.fileExists(atPath: folder.path) else { return nil }
        return folder
    }

    /// Ids of the bundled reporters.
    public static func bundled(home: URL? = AssessKitHome.locate()) -> [String] {
        guard let home else { return [] }
        let folder = home.appendingPathComponent("Plugins/reports")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name -> String? in
            if name.hasSuffix(".lua") { return String(name.dropLast(4)) }
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + "/init.lua").path) ? name : nil
        }.sorted()
    }

    /// Loads and validates a reporter and every reporter it extends.
    /// - Parameter reference: a bundled id, a `.lua` path or a folder with `init.lua`.
    /// - Throws: `Diagnostics` naming the script (and line) of every problem.
    public static func load(_ reference: String, relativeTo base: URL? = nil) throws -> ReporterPlugin {
        var chain: [(Layer, LuaTable)] = []
        var next: (reference: String, base: URL?)? = (reference, base)
        var seen: Set<String> = []
        while let (ref, from) = next {
            guard let file = locate(ref, relativeTo: from) else {
                let bundled = bundled().joined(separator: ", ")
                throw Diagnostics([Diagnostic(file: chain.last?.0.displayName ?? ref,
                                              message: "no such reporter '\(ref)'" + (bundled.isEmpty ? "" : " (bundled reporters: \(bundled))"))])
            }
            guard seen.insert(file.path).inserted else {
                throw Diagnostics([Diagnostic(file: chain.last!.0.displayName, message: "reporters extend each other in a circle ('\(ref)' again)")])
            }
            guard chain.count < maximumChain else {
                throw Diagnostics([Diagnostic(file: chain.last!.0.displayName, message: "extends goes more than \(maximumChain) reporters deep")])
            }
            let (layer, declaration) = try readDeclaration(file, baseFolders: likelyBaseFolders(of: file))
            chain.append((layer, declaration))
            if let extends = declaration["extends"].stringValue {
                next = (extends, file.deletingLastPathComponent())
            } else if declaration["extends"] != .nil {
                throw Diagnostics([Diagnostic(file: layer.displayName, message: "extends must be the id or path of a reporter")])
            } else {
                next = nil
            }
        }
        chain.reverse()  // base first
        return try merge(chain)
    }

    private static func merge(_ chain: [(Layer, LuaTable)]) throws -> ReporterPlugin {
        var problems: [Diagnostic] = []
        var merged: [String: LuaValue] = [:]
        var options = JSONValue.object([:])
        var hasRender = false
        for (layer, declaration) in chain {
            for field in declaration.fields {
                guard let name = field.key.stringValue, !name.hasPrefix("__") else { continue }
                if !fields.contains(name), field.value.functionValue == nil {
                    let suggestion = fields.min { editDistance($0, name) < editDistance($1, name) }
                        .flatMap { editDistance($0, name) <= 2 ? " (did you mean '\($0)'?)" : nil } ?? ""
                    problems.append(Diagnostic(file: layer.displayName, message: "unknown field '\(name)' in the reporter declaration\(suggestion); "
                                               + "only functions (hooks) may be added"))
                }
                merged[name] = field.value
            }
            if declaration["render"].functionValue != nil { hasRender = true }
            if declaration["options"] != .nil {
                guard declaration["options"].tableValue != nil else {
                    problems.append(Diagnostic(file: layer.displayName, message: "options must be a table of defaults"))
                    continue
                }
                options = deepMerge(options, JSONValue(lua: declaration["options"]))
            }
        }
        let top = chain.last!.0
        if (merged["api"]?.integerValue ?? 0) != 1 {
            problems.append(Diagnostic(file: top.displayName, message: "the reporter must declare api = 1"))
        }
        let id = chain.last!.1["id"].stringValue ?? ""
        if id.isEmpty { problems.append(Diagnostic(file: top.displayName, message: "the reporter is missing id = \"...\"")) }
        let version = chain.last!.1["version"].stringValue ?? ""
        if version.split(separator: ".").count != 3 || !version.split(separator: ".").allSatisfy({ Int($0) != nil }) {
            problems.append(Diagnostic(file: top.displayName, message: "the reporter needs version = \"MAJOR.MINOR.PATCH\""))
        }
        if !hasRender { problems.append(Diagnostic(file: top.displayName, message: "no reporter in the chain has render = function(result, instrument, ctx) ... end")) }
        let scopeText = merged["scope"]?.stringValue ?? "subject"
        let scope = ReportScope(rawValue: scopeText)
        if scope == nil { problems.append(Diagnostic(file: top.displayName, message: "scope must be \"subject\" or \"cohort\", not '\(scopeText)'")) }
        func strings(_ name: String) -> [String] {
            guard let value = merged[name], value != .nil else { return [] }
            guard let table = value.tableValue, table.fields.isEmpty, let list = Optional(table.array.compactMap(\.stringValue)),
                  list.count == table.array.count else {
                problems.append(Diagnostic(file: top.displayName, message: "\(name) must be a list of strings"))
                return []
            }
            return list
        }
        let formats = strings("formats").map { $0.lowercased() }
        if formats.isEmpty { problems.append(Diagnostic(file: top.displayName, message: "the reporter needs formats = { \"html\" } (the file extensions it writes)")) }
        for format in formats where format.isEmpty || !format.allSatisfy({ $0.isLetter || $0.isNumber }) {
            problems.append(Diagnostic(file: top.displayName, message: "format '\(format)' is not a file extension"))
        }
        let kinds = strings("kinds")
        if !problems.isEmpty { throw Diagnostics(problems) }
        return ReporterPlugin(id: id, version: version, title: merged["title"]?.stringValue, description: merged["description"]?.stringValue,
                              scope: scope!, formats: formats, kinds: kinds, defaults: options, layers: chain.map(\.0))
    }

    /// The folders of the reporters a script extends, read from a literal `extends = "..."` in its
    /// text, so that modules of a base can be required at the top of the script while its
    /// declaration is read (the declaration itself is what counts afterwards).
    static func likelyBaseFolders(of file: URL) -> [URL] {
        var folders: [URL] = []
        var current = file
        for _ in 0..<maximumChain {
            guard let text = try? String(contentsOf: current, encoding: .utf8),
                  let match = text.range(of: #"extends\s*=\s*["']([^"'\n]+)["']"#, options: .regularExpression) else { break }
            let literal = text[match].split(whereSeparator: { $0 == "\"" || $0 == "'" }).dropFirst().first.map(String.init) ?? ""
            guard let base = locate(literal, relativeTo: current.deletingLastPathComponent()),
                  !folders.contains(base.deletingLastPathComponent()), base != file else { break }
            folders.append(base.deletingLastPathComponent())
            current = base
        }
        return folders
    }

    /// Runs one script in a fresh report sandbox and returns what its `assess.reporter` declared.
    private static func readDeclaration(_ file: URL, baseFolders: [URL]) throws -> (Layer, LuaTable) {
        let display = InstrumentLoader.displayPath(file)
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw Diagnostics([Diagnostic(file: display, message: "cannot read the file")])
        }
        let source = ScriptSource.prepare(Array(data))
        let layer = Layer(file: file, displayName: display, source: source)
        let declaration: LuaTable = try LuaThread.shared.run {
            let bases = baseFolders.reversed().map { folder in
                Layer(file: folder.appendingPathComponent("init.lua"), displayName: InstrumentLoader.displayPath(folder.appendingPathComponent("init.lua")), source: [])
            }
            let session = try ReportSandbox(layers: bases + [layer], templates: TemplateLibrary(), formatting: ReportFormatting(),
                                            limits: .default, outputs: ReportOutputCollector(limits: .default))
            defer { session.sandbox.close() }
            do {
                let values = try session.sandbox.run(source, chunkName: display)
                guard let table = values.first?.tableValue, table["__type"] == .string(LuaString("reporter")) else {
                    throw Diagnostics([Diagnostic(file: display, message: "a reporter script must end with: return assess.reporter { ... }")])
                }
                return table
            } catch let error as ScriptError {
                if error.chunkName == "assess.reporter" || error.chunkName == nil {
                    let text = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                    let line = text.firstIndex { $0.contains("assess.reporter") }.map { $0 + 1 }
                    throw Diagnostics([Diagnostic(file: display, line: line, message: error.message)])
                }
                throw Diagnostics([Diagnostic(file: error.chunkName ?? display, line: error.line, message: error.message)])
            }
        }
        return (layer, declaration)
    }

    /// Objects merge key by key (the later wins); anything else is replaced.
    public static func deepMerge(_ base: JSONValue, _ top: JSONValue) -> JSONValue {
        guard case .object(var b) = base, case .object(let t) = top else { return top }
        for (key, value) in t { b[key] = b[key].map { deepMerge($0, value) } ?? value }
        return .object(b)
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
