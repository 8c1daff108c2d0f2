import ArgumentParser
import AssessEngine
import AssessExercises
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// `assess check PATH...`: loads and validates instruments without data.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate instrument scripts, scorer and reporter plugins, and exercises without any data.",
        discussion: """
            Each PATH is an instrument.lua, a plugin (.lua), an exercise.lua, a folder holding an \
            instrument.lua or exercise.lua, or a folder searched for instruments, scorer and reporter plugins \
            and exercises (tests/ folders are skipped). A reporter's templates are checked too (syntax, \
            missing and circular partials). Every problem is listed as path:line: message.

            Examples:
              assess check Instruments/ Plugins/
              assess check my-trust-360/instrument.lua
              assess check Plugins/scoring/scale-scores.lua
              assess check my-report/init.lua
            """
    )

    @Argument(help: "Instrument scripts, plugins, exercises or folders.", completion: .file(extensions: ["lua"]))
    var paths: [String]

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or folder")
            }
            files += isDirectory.boolValue ? instrumentScripts(in: path) : [path]
        }
        if files.isEmpty { throw ValidationError("nothing to check in \(paths.joined(separator: ", ")): no instrument.lua, exercise.lua or plugin (.lua declaring assess.scorer, assess.reporter or assess.cohort) found") }
        let loader = InstrumentLoader()
        var results: [CheckResult] = []
        for file in files {
            do {
                if (file as NSString).lastPathComponent == "exercise.lua" || Self.declares(file, "assess.exercise") {
                    let script = try ExerciseScript.load(file)
                    results.append(CheckResult(file: file, id: script.id, version: script.version, items: nil, problems: [], kind: "exercise"))
                } else if Self.declares(file, "assess.reporter") {
                    let plugin = try ReporterPlugin.load(file)
                    try plugin.checkTemplates()
                    results.append(CheckResult(file: file, id: plugin.id, version: plugin.version, items: nil, problems: [], kind: "reporter"))
                } else if Self.declares(file, "assess.cohort") {
                    let plugin = try CohortPlugin.load(file)
                    results.append(CheckResult(file: file, id: plugin.id, version: plugin.version, items: nil, problems: [], kind: "cohort"))
                } else if Self.isScorer(file) {
                    let plugin = try ScorerPlugin.load(file)
                    results.append(CheckResult(file: file, id: plugin.id, version: plugin.version, items: nil, problems: [], kind: "scorer"))
                } else {
                    let loaded = try loader.load(file)
                    results.append(CheckResult(file: file, id: loaded.instrument.id, version: loaded.instrument.version,
                                               items: loaded.instrument.allItems.count, problems: [], kind: "instrument"))
                }
            } catch let diagnostics as Diagnostics {
                results.append(CheckResult(file: file, id: nil, version: nil, items: nil, problems: diagnostics.items.map(Problem.init)))
            } catch let error as ScriptError {
                // A script that fails while being declared is a problem of that file; the others are still checked.
                results.append(CheckResult(file: file, id: nil, version: nil, items: nil, problems: [Problem(file: error.chunkName ?? file, line: error.line, column: nil, message: error.message)]))
            }
        }
        if json {
            print(try JSONOutput.string(results))
        } else {
            for result in results {
                if result.problems.isEmpty {
                    print("ok  \(result.file)  \(result.id!) \(result.version!)" + (result.items.map { ", \($0) items" } ?? (result.kind == "exercise" ? ", exercise" : ", plugin")))
                } else {
                    for problem in result.problems { Terminal.error(problem.description) }
                }
            }
            let failed = results.filter { !$0.problems.isEmpty }.count
            if failed > 0 {
                let count = results.reduce(0) { $0 + $1.problems.count }
                Terminal.note("\(count) problem(s) in \(failed) of \(results.count) file(s)")
            }
        }
        if results.contains(where: { !$0.problems.isEmpty }) { throw ExitCode(1) }
    }

    /// A plugin: a .lua file other than instrument.lua that declares assess.scorer or assess.cohort.
    static func isScorer(_ file: String) -> Bool { declares(file, "assess.scorer") || declares(file, "assess.cohort") }

    /// A plugin of any kind.
    static func isPlugin(_ file: String) -> Bool { isScorer(file) || declares(file, "assess.reporter") }

    static func declares(_ file: String, _ constructor: String) -> Bool {
        guard (file as NSString).lastPathComponent != "instrument.lua",
              let data = FileManager.default.contents(atPath: file) else { return false }
        return String(decoding: data, as: UTF8.self).contains(constructor)
    }

    private func instrumentScripts(in folder: String) -> [String] {
        let direct = (folder as NSString).appendingPathComponent("instrument.lua")
        let exercise = (folder as NSString).appendingPathComponent("exercise.lua")
        let exercises = FileManager.default.fileExists(atPath: exercise) ? [exercise] : []
        if FileManager.default.fileExists(atPath: direct) { return [direct] + exercises }
        if !exercises.isEmpty { return exercises }
        var found: [String] = []
        // Scorer plugins: .lua files that declare assess.scorer (Plugins/scoring/, or a scorer's own folder).
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        for name in names where name.hasSuffix(".lua") {
            let path = (folder as NSString).appendingPathComponent(name)
            if Self.isPlugin(path) { found.append(path) }
        }
        for name in names where !name.hasPrefix(".") && name != "tests" && name != "expected" {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                found += instrumentScripts(in: path)
            }
        }
        return found
    }

    /// One file checked; `--json` prints an array of these (absent keys left out).
    /// A problem located in a file: `{file, line, column, message}` in JSON (absent keys left out),
    /// `file:line:column: message` as text.
    struct Problem: Encodable, CustomStringConvertible {
        var file: String
        var line: Int?
        var column: Int?
        var message: String

        init(file: String, line: Int?, column: Int?, message: String) {
            (self.file, self.line, self.column, self.message) = (file, line, column, message)
        }

        init(_ diagnostic: Diagnostic) {
            self.init(file: diagnostic.file, line: diagnostic.line, column: diagnostic.column, message: diagnostic.message)
        }

        var description: String { Diagnostic(file: file, line: line, column: column, message: message).description }
    }

    struct CheckResult: Encodable {
        var file: String
        var id: String?
        var version: String?
        var items: Int?
        /// Every problem found; empty when the file is fine.
        var problems: [Problem]
        /// instrument, scorer, cohort, reporter or exercise (absent when the file could not be loaded).
        var kind: String? = nil
    }
}

/// `assess list`: the bundled instruments.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the bundled instruments (or, with --plugins, the bundled scorer and reporter plugins).",
        discussion: """
            Examples:
              assess list
              assess list --plugins
              assess list --json
            """
    )

    @Flag(help: "Print the list as JSON.")
    var json = false

    @Flag(help: "List the bundled scorer, cohort and reporter plugins instead.")
    var plugins = false

    func run() throws {
        if plugins { return try listPlugins() }
        let library = InstrumentLibrary.bundled
        guard !library.roots.isEmpty else {
            throw ValidationError("cannot find the bundled Instruments/ folder: set ASSESSKIT_HOME to the AssessKit folder")
        }
        let loader = InstrumentLoader(library: library)
        var rows: [Row] = []
        var failed = false
        for (id, file) in library.all() {
            do {
                let instrument = try loader.load(file.path).instrument
                rows.append(Row(id: instrument.id, version: instrument.version, kind: instrument.kind.rawValue,
                                items: instrument.allItems.count, title: instrument.title))
            } catch {
                failed = true
                Terminal.error("\(id): \(error)")
            }
        }
        try show(rows, failed: failed, header: ["ID", "VERSION", "KIND", "ITEMS", "TITLE"]) {
            [$0.id, $0.version, $0.kind, String($0.items), $0.title]
        }
    }

    /// Prints rows as JSON or as a table, then fails with 65 when any entry could not be read.
    private func show<R: Encodable>(_ rows: [R], failed: Bool, header: [String], cells: (R) -> [String]) throws {
        if json {
            print(try JSONOutput.string(rows))
        } else {
            print(TextTable(header: header, rows: rows.map(cells)).rendered)
        }
        if failed { throw ExitCode(65) }
    }

    struct Row: Encodable {
        var id: String
        var version: String
        var kind: String
        var items: Int
        var title: String
    }

    struct PluginRow: Encodable {
        var id: String
        var version: String
        var kind: String
        var formats: String
        var description: String
    }

    /// A description up to its first colon, or its first 60 characters (at a word), for a table.
    static func firstClause(_ text: String) -> String {
        let head = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
        guard head.count > 60 else { return head }
        let cut = head.prefix(60)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }

    /// The bundled plugins: scorers and cohort plugins in Plugins/scoring, reporters in Plugins/reports.
    private func listPlugins() throws {
        guard let home = AssessKitHome.locate() else {
            throw ValidationError("cannot find the bundled Plugins/ folder: set ASSESSKIT_HOME to the AssessKit folder")
        }
        var rows: [PluginRow] = []
        var failed = false
        let scoring = home.appendingPathComponent("Plugins/scoring")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: scoring.path)) ?? []).sorted() where name.hasSuffix(".lua") {
            let path = scoring.appendingPathComponent(name).path
            do {
                if CheckCommand.declares(path, "assess.cohort") {
                    let plugin = try CohortPlugin.load(path)
                    rows.append(PluginRow(id: plugin.id, version: plugin.version, kind: "cohort", formats: "json",
                                          description: "Summaries across subjects (assess score --cohort)"))
                } else {
                    let plugin = try ScorerPlugin.load(path)
                    rows.append(PluginRow(id: plugin.id, version: plugin.version, kind: "scorer", formats: "",
                                          description: Self.firstClause(plugin.description ?? "")))
                }
            } catch {
                failed = true
                Terminal.error("\(name): \(error)")
            }
        }
        for id in ReporterPlugin.bundled() {
            do {
                let plugin = try ReporterPlugin.load(id)
                let scope = plugin.scope == .subject ? "reporter" : "reporter (cohort)"
                rows.append(PluginRow(id: plugin.id, version: plugin.version, kind: scope, formats: plugin.formats.joined(separator: ", "),
                                      description: plugin.title ?? plugin.description ?? ""))
            } catch {
                failed = true
                Terminal.error("\(id): \(error)")
            }
        }
        try show(rows, failed: failed, header: ["ID", "VERSION", "KIND", "WRITES", "WHAT"]) {
            [$0.id, $0.version, $0.kind, $0.formats, $0.description]
        }
    }
}

/// `assess show INSTRUMENT`: an outline of an instrument.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an instrument's outline: dimensions, items, scales, raters, bands.",
        discussion: """
            INSTRUMENT is a folder, an instrument.lua, or the id of a bundled instrument.

            Examples:
              assess show hlm-360
              assess show Instruments/hlm-self --json
            """
    )

    @Argument(help: "A folder, an instrument.lua, or a bundled instrument id.", completion: Completions.instrument)
    var instrument: String

    @Flag(help: "Print the instrument model as JSON.")
    var json = false

    func run() throws {
        let loaded: LoadedInstrument
        do {
            loaded = try InstrumentLoader().load(instrument)
        } catch let diagnostics as Diagnostics {
            Terminal.error(diagnostics.description)
            throw ExitCode(65)
        }
        if json {
            print(try JSONOutput.string(loaded.instrument))
        } else {
            print(InstrumentOutline(loaded.instrument).text, terminator: "")
        }
    }
}

/// Deterministic JSON: sorted keys, pretty-printed, no escaped slashes.
enum JSONOutput {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The same on one line (for a summary on stderr that tools read line by line).
    static func compact(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A plain text table with columns padded to their widest cell.
struct TextTable {
    var header: [String]
    var rows: [[String]]

    var rendered: String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).enumerated().map { index, pair in
                index == cells.count - 1 ? pair.0 : pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

