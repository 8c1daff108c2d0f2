import AssessModel
import Foundation
import LuaRuntime
import Mustache

/// The Mustache templates a reporter can render: every `*.mustache` file in the reporter's folder
/// (and in the folders of the reporters it extends, which its own files override by name).
///
/// A template is named by its file name without `.mustache` (`cover.html.mustache` is
/// `cover.html`, used as a partial with `{{> cover.html}}`). Output is HTML-escaped by default;
/// a template whose name ends in `.md` escapes for Markdown instead, and `.txt` or `.csv` do not
/// escape. Templates are checked when the reporter loads: syntax errors, partials that do not
/// exist, partials that include themselves (directly or through others) and dynamic partials
/// (`{{>*name}}`, which could recurse without end) are refused with the file and line.
///
/// Output is bounded however a template is written: a template's text with every partial it
/// includes written out (its *expanded size*) may be at most 8 MiB; a render may repeat sections
/// only so often that expanded text times repeats stays within 256 MiB (200,000 repeats at most);
/// and values may put at most 64 MiB into one render. Past any of these, the render fails with
/// "template limit exceeded".
struct TemplateLibrary: Sendable {
    /// Largest template file accepted.
    static let maximumTemplateBytes = 512 << 10
    /// Largest expanded size (a template with its partials written out).
    static let maximumExpandedBytes = 8 << 20
    /// Bound on literal text one render can produce: expanded size times section repeats.
    static let maximumLiteralBytes = 256 << 20
    /// Section repeats one render may make, whatever the template's size.
    static let maximumIterations = 200_000
    /// Bytes values may put into one render.
    static let maximumValueBytes = 64 << 20

    private(set) var library = MustacheLibrary()
    /// Names, in the order found, with the file each came from (for messages).
    private(set) var files: [String: String] = [:]
    /// Each template's text with its partials written out, in bytes.
    private(set) var expandedSizes: [String: Int] = [:]

    init() { Self.registerContentTypes() }

    /// Loads the templates of `folders`, the first folder winning over later ones for a name.
    init(folders: [(url: URL, display: String)]) throws {
        Self.registerContentTypes()
        var problems: [Diagnostic] = []
        var sources: [String: (text: String, display: String)] = [:]
        for folder in folders.reversed() {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.url.path)) ?? []).sorted()
            for name in names where name.hasSuffix(".mustache") && !name.hasPrefix(".") {
                let display = (folder.display.isEmpty ? "" : folder.display + "/") + name
                let url = folder.url.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    problems.append(Diagnostic(file: display, message: "cannot read the template"))
                    continue
                }
                guard data.count <= Self.maximumTemplateBytes else {
                    problems.append(Diagnostic(file: display, message: "the template is \(data.count) bytes; at most \(Self.maximumTemplateBytes) are accepted"))
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    problems.append(Diagnostic(file: display, message: "the template is not UTF-8 text"))
                    continue
                }
                sources[String(name.dropLast(".mustache".count))] = (text, display)
            }
        }
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                try register(source.text, named: name, display: source.display)
            } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
            }
        }
        let partialProblems = checkPartials(sources)
        problems += partialProblems
        if partialProblems.isEmpty {
            for name in sources.keys.sorted() {
                let size = expandedSize(of: name, sources: sources)
                expandedSizes[name] = size
                if size > Self.maximumExpandedBytes {
                    problems.append(Diagnostic(file: sources[name]!.display,
                                               message: "with its partials written out the template is \(size) bytes; at most \(Self.maximumExpandedBytes) are accepted"))
                }
            }
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
    }

    /// The template's bytes plus, for every partial reference, that partial's expanded size
    /// (partials are known to form no cycle here). Saturates rather than overflowing.
    private func expandedSize(of name: String, sources: [String: (text: String, display: String)]) -> Int {
        var memo: [String: Int] = [:]
        func size(_ name: String) -> Int {
            if let known = memo[name] { return known }
            guard let text = sources[name]?.text else { return 0 }
            var total = text.utf8.count
            for reference in Self.partialReferences(in: text) {
                total = min(Int.max / 2, total + size(reference.name))
            }
            memo[name] = total
            return total
        }
        return size(name)
    }

    /// Parses and registers one template.
    mutating func register(_ text: String, named name: String, display: String) throws {
        let template = try Self.parse(text, escaping: Self.escaping(forName: name), display: display)
        library.register(template, named: name)
        files[name] = display
    }

    /// Renders the named template with a view made from Lua values.
    func render(named name: String, view: LuaValue) throws -> String {
        guard let template = library.getTemplate(named: name) else {
            let known = files.keys.sorted().joined(separator: ", ")
            throw HostFunctionError.misuse("no template named '\(name)'" + (known.isEmpty ? " (this reporter has no .mustache files)" : " (there are: \(known))"))
        }
        return try render(template, view: view, expandedSize: expandedSizes[name] ?? 0)
    }

    /// Renders a template given as text (partials come from this library).
    func render(source: String, escaping: Escaping, view: LuaValue) throws -> String {
        guard source.utf8.count <= Self.maximumTemplateBytes else {
            throw HostFunctionError.misuse("the template is \(source.utf8.count) bytes; at most \(Self.maximumTemplateBytes) are accepted")
        }
        if source.contains("{{>*") || source.contains("{{> *") {
            throw HostFunctionError.misuse("dynamic partials ({{>*name}}) are not supported: name the partial")
        }
        var expanded = source.utf8.count
        for name in Self.partialReferences(in: source).map(\.name) {
            guard library.getTemplate(named: name) != nil else {
                throw HostFunctionError.misuse("the template includes '\(name)', which is not a template of this reporter")
            }
            expanded = min(Int.max / 2, expanded + (expandedSizes[name] ?? 0))
        }
        if expanded > Self.maximumExpandedBytes {
            throw HostFunctionError.misuse("with its partials written out the template is \(expanded) bytes; at most \(Self.maximumExpandedBytes) are accepted")
        }
        let template: MustacheTemplate
        do {
            template = try Self.parse(source, escaping: escaping, display: "template")
        } catch let diagnostic as Diagnostic {
            throw HostFunctionError.misuse(diagnostic.description)
        }
        return try render(template, view: view, expandedSize: expanded)
    }

    private func render(_ template: MustacheTemplate, view: LuaValue, expandedSize: Int) throws -> String {
        let iterations = min(Self.maximumIterations, Self.maximumLiteralBytes / max(1, expandedSize))
        let budget = RenderBudget(iterations: iterations, valueBytes: Self.maximumValueBytes)
        let object = MustacheView.make(view, budget: budget)
        let text = template.render(object, library: library)
        if let exceeded = budget.exceeded {
            throw HostFunctionError.runtime("template limit exceeded: \(exceeded) in one render")
        }
        return text
    }

    // MARK: - Escaping

    /// How a template escapes `{{value}}`.
    enum Escaping: String, Sendable {
        case html, markdown, none

        var pragma: String {
            switch self {
            case .html: ""
            case .markdown: "{{%CONTENT_TYPE:ASSESS_MARKDOWN}}"
            case .none: "{{%CONTENT_TYPE:TEXT}}"
            }
        }
    }

    static func escaping(forName name: String) -> Escaping {
        switch (name as NSString).pathExtension.lowercased() {
        case "md", "markdown": .markdown
        case "txt", "csv", "tsv": .none
        default: .html
        }
    }

    private static let registration: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: "ASSESS_MARKDOWN")
    }()

    static func registerContentTypes() { _ = registration }

    struct MarkdownContentType: MustacheContentType {
        func escapeText(_ text: String) -> String { MarkdownText.escape(text) }
    }

    // MARK: - Parsing and checking

    private static func parse(_ text: String, escaping: Escaping, display: String) throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: escaping.pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let column = error.context.columnNumber + 1 - (error.context.lineNumber == 1 ? escaping.pragma.count : 0)
            throw Diagnostic(file: display, line: error.context.lineNumber, column: max(1, column),
                             message: "template syntax: \(describe(error.error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is not closed ({{/name}} is missing)"
        case .invalidSetDelimiter: return "invalid delimiter change"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "unknown {{% ... }} setting"
        case .transformAppliedToInheritanceSection: return "transforms cannot be applied to an inherited section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection: return "only {{$block}} overrides may stand inside {{<parent}}"
        }
    }

    struct PartialReference {
        var name: String
        var line: Int
        var dynamic: Bool
    }

    /// `{{> name}}` and `{{< name}}` references, with their line numbers.
    static func partialReferences(in text: String) -> [PartialReference] {
        var references: [PartialReference] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                let trimmed = rest.drop { $0 == " " }
                guard let first = trimmed.first, first == ">" || first == "<" else { continue }
                var name = trimmed.dropFirst().drop { $0 == " " }
                let dynamic = name.first == "*"
                if dynamic { name = name.dropFirst() }
                let end = name.firstIndex { $0 == " " || $0 == "}" } ?? name.endIndex
                references.append(PartialReference(name: String(name[..<end]), line: index + 1, dynamic: dynamic))
            }
        }
        return references
    }

    private func checkPartials(_ sources: [String: (text: String, display: String)]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var graph: [String: [String]] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            for reference in Self.partialReferences(in: source.text) {
                if reference.dynamic {
                    problems.append(Diagnostic(file: source.display, line: reference.line,
                                               message: "dynamic partials ({{>*\(reference.name)}}) are not supported: name the partial"))
                } else if sources[reference.name] == nil {
                    problems.append(Diagnostic(file: source.display, line: reference.line,
                                               message: "includes '\(reference.name)', but there is no \(reference.name).mustache"))
                } else {
                    graph[name, default: []].append(reference.name)
                }
            }
        }
        // A cycle of partials would recurse until the stack ran out.
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ name: String, _ path: [String]) -> [String]? {
            if state[name] == 2 { return nil }
            if state[name] == 1 { return path + [name] }
            state[name] = 1
            for next in graph[name] ?? [] {
                if let cycle = visit(next, path + [name]) { return cycle }
            }
            state[name] = 2
            return nil
        }
        for name in graph.keys.sorted() {
            if let cycle = visit(name, []) {
                let start = cycle.firstIndex(of: cycle.last!)!
                let loop = Array(cycle[start...])
                problems.append(Diagnostic(file: sources[loop[0]]!.display,
                                           message: "partials include each other without end: " + loop.joined(separator: " -> ")))
                break
            }
        }
        return problems
    }
}

/// What one render may still produce: section repeats, and bytes of values.
final class RenderBudget: @unchecked Sendable {
    let iterationLimit: Int
    let valueByteLimit: Int
    private var iterations = 0
    private var valueBytes = 0
    /// What ran out, once something has.
    private(set) var exceeded: String?

    init(iterations: Int, valueBytes: Int) {
        iterationLimit = iterations
        valueByteLimit = valueBytes
    }

    /// Takes one section repeat; false once they are spent.
    func takeIteration() -> Bool {
        guard exceeded == nil else { return false }
        if iterations >= iterationLimit {
            exceeded = "more than \(iterationLimit) section repeats for a template of this size"
            return false
        }
        iterations += 1
        return true
    }

    /// Takes the bytes of one value written out; false once they are spent.
    func takeValue(_ bytes: Int) -> Bool {
        guard exceeded == nil else { return false }
        if valueBytes + bytes > valueByteLimit {
            exceeded = "values would write more than \(valueByteLimit) bytes"
            return false
        }
        valueBytes += bytes
        return true
    }
}

/// Text from a view, counted as it is written out.
struct CountedText: MustacheCustomRenderable, CustomStringConvertible {
    let text: String
    let budget: RenderBudget
    var renderText: String { budget.takeValue(text.utf8.count) ? text : "" }
    var isNull: Bool { false }
    var description: String { text }
}

/// Lua values as Mustache sees them: tables with a sequence are lists, other tables are
/// dictionaries, numbers print as Lua prints them, `nil` and `false` are falsy.
enum MustacheView {
    static func make(_ value: LuaValue, budget: RenderBudget) -> Any {
        switch value {
        case .nil: return NSNull()
        case .boolean(let b): return b
        case .integer(let i): return CountedText(text: String(i), budget: budget)
        case .number(let d): return CountedText(text: LuaNumberText.format(d), budget: budget)
        case .string(let s): return CountedText(text: s.lossyString, budget: budget)
        case .function: return NSNull()
        case .table(let t):
            if t.fields.isEmpty {  // an empty table is an empty list: falsy, as people expect
                return BudgetedList(elements: t.array.map { make($0, budget: budget) }, budget: budget)
            }
            var dictionary: [String: Any] = [:]
            for (index, element) in t.array.enumerated() { dictionary[String(index + 1)] = make(element, budget: budget) }
            for field in t.fields {
                let key: String
                switch field.key {
                case .string(let s): key = s.lossyString
                case .integer(let i): key = String(i)
                case .number(let d): key = LuaNumberText.format(d)
                default: continue
                }
                dictionary[key] = make(field.value, budget: budget)
            }
            return dictionary
        }
    }
}

/// A list whose repeats draw on the render's budget, so nested sections cannot multiply without end.
struct BudgetedList: MustacheSequence {
    let elements: [Any]
    let budget: RenderBudget

    func makeIterator() -> Iterator { Iterator(base: elements.makeIterator(), budget: budget) }

    struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Any]>
        let budget: RenderBudget
        mutating func next() -> Any? {
            guard let element = base.next() else { return nil }
            return budget.takeIteration() ? element : nil
        }
    }
}

/// Numbers as Lua's `tostring` prints them (`%.14g`, integers without a point).
enum LuaNumberText {
    static func format(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e15 { return String(format: "%.1f", d) }
        return String(format: "%.14g", d)
    }
}
