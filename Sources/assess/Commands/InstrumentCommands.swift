import ArgumentParser
import AssessModel
import AssessScripting
import Foundation

/// `assess check PATH...`: loads and validates instruments without data.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate instrument scripts without any data.",
        discussion: """
            Each PATH is an instrument.lua, a folder holding one, or a folder searched for them
            (tests/ folders are skipped). Every problem is listed as path:line: message.

            Examples:
              assess check Instruments/
              assess check my-trust-360/instrument.lua
            """
    )

    @Argument(help: "Instrument scripts or folders.", completion: .file())
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
        if files.isEmpty { throw ValidationError("no instrument.lua found in \(paths.joined(separator: ", "))") }
        let loader = InstrumentLoader()
        var results: [CheckResult] = []
        for file in files {
            do {
                let loaded = try loader.load(file)
                results.append(CheckResult(file: file, id: loaded.instrument.id, version: loaded.instrument.version,
                                           items: loaded.instrument.allItems.count, problems: []))
            } catch let diagnostics as Diagnostics {
                results.append(CheckResult(file: file, id: nil, version: nil, items: nil, problems: diagnostics.items.map(\.description)))
            }
        }
        if json {
            print(try JSONOutput.string(results))
        } else {
            for result in results {
                if result.problems.isEmpty {
                    print("ok  \(result.file)  \(result.id!) \(result.version!), \(result.items!) items")
                } else {
                    for problem in result.problems { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
                }
            }
            let failed = results.filter { !$0.problems.isEmpty }.count
            if failed > 0 {
                let count = results.reduce(0) { $0 + $1.problems.count }
                FileHandle.standardError.write(Data("\(count) problem(s) in \(failed) of \(results.count) file(s)\n".utf8))
            }
        }
        if results.contains(where: { !$0.problems.isEmpty }) { throw ExitCode(1) }
    }

    private func instrumentScripts(in folder: String) -> [String] {
        let direct = (folder as NSString).appendingPathComponent("instrument.lua")
        if FileManager.default.fileExists(atPath: direct) { return [direct] }
        var found: [String] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        for name in names where !name.hasPrefix(".") && name != "tests" && name != "expected" {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                found += instrumentScripts(in: path)
            }
        }
        return found
    }

    struct CheckResult: Encodable {
        var file: String
        var id: String?
        var version: String?
        var items: Int?
        var problems: [String]
    }
}

/// `assess list`: the bundled instruments.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the bundled instruments.",
        discussion: """
            Examples:
              assess list
              assess list --json
            """
    )

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
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
                FileHandle.standardError.write(Data("\(id): \(error)\n".utf8))
            }
        }
        if json {
            print(try JSONOutput.string(rows))
        } else {
            print(TextTable(header: ["ID", "VERSION", "KIND", "ITEMS", "TITLE"],
                            rows: rows.map { [$0.id, $0.version, $0.kind, String($0.items), $0.title] }).rendered)
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

    @Argument(help: "A folder, an instrument.lua, or a bundled instrument id.")
    var instrument: String

    @Flag(help: "Print the instrument model as JSON.")
    var json = false

    func run() throws {
        let loaded: LoadedInstrument
        do {
            loaded = try InstrumentLoader().load(instrument)
        } catch let diagnostics as Diagnostics {
            FileHandle.standardError.write(Data((diagnostics.description + "\n").utf8))
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

/// The readable outline `assess show` prints.
struct InstrumentOutline {
    let instrument: Instrument
    init(_ instrument: Instrument) { self.instrument = instrument }

    var text: String {
        var out = ""
        let i = instrument
        out += "\(i.title)\n"
        out += "\(i.id) \(i.version) · \(kindName(i.kind)) · API \(i.apiVersion)"
        if let base = i.extends { out += " · extends \(base)" }
        out += "\n"
        if let f = i.framework {
            out += "Framework: \(f.name)" + (f.publisher.map { ", \($0)" } ?? "") + (f.year.map { " (\($0))" } ?? "") + "\n"
        }
        if let d = i.description { out += "\n\(d)\n" }
        out += "\nScales\n"
        for scale in i.scales {
            let options = scale.options.map { o in o.value.map { "\(format($0)) \(o.label)" } ?? "\(o.label) (not applicable)" }
            out += "  \(scale.id)\(scale.id == i.defaultScale ? " (default)" : ""): \(options.joined(separator: " · "))\n"
        }
        out += "\nRaters (anonymity: at least \(i.anonymity.minimum) per group, \(i.anonymity.policy.rawValue)"
        out += (i.anonymity.mergeInto.map { " into \($0)" } ?? "") + ")\n"
        for r in i.raters {
            var notes: [String] = []
            if r.isSelf { notes.append("self") }
            if let min = r.minimum { notes.append("min \(min)") }
            if let max = r.maximum { notes.append("max \(max)") }
            if r.alwaysShow, !r.isSelf { notes.append("always shown") }
            out += "  \(r.id): \(r.label)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))") + "\n"
        }
        out += "\nDimensions (\(i.dimensions.count), \(i.allItems.count) items)\n"
        for d in i.dimensions { outline(d, depth: 1, into: &out) }
        if !i.comments.isEmpty {
            out += "\nComments\n"
            for c in i.comments { out += "  \(c.id): \(c.text)\n" }
        }
        if !i.bands.isEmpty {
            out += "\nBands\n"
            for set in i.bands {
                out += "  \(set.id): " + set.bands.map { "\($0.label) from \(format($0.from))" }.joined(separator: " · ") + "\n"
            }
        }
        out += "\nScoring: \(i.scoring.plugin)" + (i.scoring.bands.map { ", banded by \($0)" } ?? "") + "\n"
        if !i.reports.isEmpty { out += "Reports: \(i.reports.joined(separator: ", "))\n" }
        return out
    }

    private func outline(_ d: Dimension, depth: Int, into out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        out += "\(indent)\(d.title) [\(d.id)]\(d.core ? " core" : "")\(d.weight != 1 ? " weight \(format(d.weight))" : "")\n"
        for item in d.items {
            var flags: [String] = []
            if item.type != .rating { flags.append(item.type.rawValue) }
            if item.reverse { flags.append("reverse") }
            if let scale = item.scale { flags.append("scale \(scale)") }
            out += "\(indent)  \(item.id)  \(item.text)" + (flags.isEmpty ? "" : "  (\(flags.joined(separator: ", ")))") + "\n"
        }
        if let importance = d.importance { out += "\(indent)  \(importance.id)  \(importance.text)  (importance)\n" }
        for element in d.elements { outline(element, depth: depth + 1, into: &out) }
    }

    private func kindName(_ kind: Instrument.Kind) -> String {
        switch kind {
        case .selfAssessment: "self-assessment"
        case .multiRater: "360° feedback"
        case .team: "team survey"
        case .organisation: "organisation self-check"
        }
    }

    private func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
