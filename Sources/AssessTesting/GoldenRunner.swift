import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// One golden case: a folder `tests/<case>/` beside an instrument (and, as they arrive, plugins and
/// exercises) holding its inputs, an optional `case.json`, and `expected/` with every output.
public struct GoldenCase: Sendable, Hashable {
    /// The case folder.
    public var folder: URL
    /// The folder that holds `tests/` (the instrument, plugin or exercise under test).
    public var owner: URL
    /// How the case is named in reports: its path relative to where the search started.
    public var name: String
    public var spec: CaseSpec
}

/// What `case.json` may say. Every field is optional.
public struct CaseSpec: Codable, Sendable, Hashable {
    /// What the case runs; inferred from the owner when absent (`instrument`).
    public var kind: String?
    /// `ok` (the default) or `error`: whether the run is expected to fail (then `expected/`
    /// holds `diagnostics.txt`).
    public var expect: String?
    /// A reason to skip the case; a skipped case is counted but not run.
    public var skip: String?
    /// What the case checks, for people.
    public var description: String?
    /// Score cases: `fail` (the default) or `skip` for invalid rows.
    public var onInvalid: String?
    /// Score cases: a scorer plugin other than the instrument's: a bundled id, or a path to a
    /// `.lua` file relative to the case folder.
    public var scorer: String?
    /// Score cases: also run this cohort plugin (a bundled id such as "cohort") over the scores,
    /// recorded as `cohort.json`.
    public var cohort: String?
    /// Report cases: the reporter to render with (a bundled id, or a path relative to the case folder).
    public var reporter: String?
    /// Report cases: the instrument, when the case does not sit beside one (a bundled id or a
    /// path relative to the case folder).
    public var instrument: String?
    /// Report cases: only this subject.
    public var subject: String?
    /// Report cases: the report date (default 2026-01-01, so goldens never depend on the day).
    public var date: String?
    /// Report cases: the locale (default en-GB).
    public var locale: String?
    /// Report cases: reporter options.
    public var options: JSONValue?

    enum CodingKeys: String, CodingKey {
        case kind, expect, skip, description, scorer, cohort, reporter, instrument, subject, date, locale, options
        case onInvalid = "on_invalid"
    }

    public init(kind: String? = nil, expect: String? = nil, skip: String? = nil, description: String? = nil,
                onInvalid: String? = nil, scorer: String? = nil, cohort: String? = nil) {
        self.kind = kind
        self.expect = expect
        self.skip = skip
        self.description = description
        self.onInvalid = onInvalid
        self.scorer = scorer
        self.cohort = cohort
    }
}

/// The result of one case or one Lua unit test.
public struct CaseResult: Sendable {
    public enum Status: String, Sendable { case passed, failed, skipped }
    public var name: String
    public var status: Status
    /// Why it failed or was skipped, with unified diffs for mismatched files.
    public var message: String
    /// Files written by `--update` (relative to `expected/`), with what happened to each.
    public var updates: [String]
    public var seconds: Double
}

/// Finds and runs golden cases and Lua unit tests, hermetically: a fresh sandbox per case, seed 0,
/// no environment, outputs named relative to the case so they are the same on every machine.
public struct GoldenRunner: Sendable {
    public var update: Bool
    public var filter: String?
    public var jobs: Int
    /// ANSI colours in diffs.
    public var colour: Bool
    public var library: InstrumentLibrary
    /// Records which lines of every script ran, and which bands were produced (`--coverage`).
    public var coverage: CoverageRecorder?

    public init(update: Bool = false, filter: String? = nil, jobs: Int = 1, colour: Bool = false,
                library: InstrumentLibrary = .bundled, coverage: CoverageRecorder? = nil) {
        self.update = update
        self.filter = filter
        self.jobs = max(1, jobs)
        self.colour = colour
        self.library = library
        self.coverage = coverage
    }

    // MARK: - Discovery

    /// Every case folder and Lua unit test file below `paths`, sorted, after the filter.
    public func discover(_ paths: [String]) throws -> (cases: [GoldenCase], unitTests: [URL]) {
        var cases: [GoldenCase] = []
        var unitTests: [URL] = []
        let fm = FileManager.default
        for path in paths {
            let root = URL(fileURLWithPath: path).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root.path, isDirectory: &isDirectory) else {
                throw Diagnostics([Diagnostic(file: path, message: "no such file or folder")])
            }
            guard isDirectory.boolValue else { continue }
            let prefix = path == "." ? "" : (path.hasSuffix("/") ? path : path + "/")
            for relative in walk(root) {
                let url = root.appendingPathComponent(relative)
                let components = relative.split(separator: "/")
                let display = prefix + relative
                if url.lastPathComponent.hasSuffix(".test.lua"), components.count >= 2, components[components.count - 2] == "tests" {
                    if matches(display) { unitTests.append(url) }
                    continue
                }
                // A case: tests/<case>/ (a folder directly inside a folder named tests).
                guard components.count >= 2, components[components.count - 2] == "tests" else { continue }
                var caseIsDirectory: ObjCBool = false
                guard fm.fileExists(atPath: url.path, isDirectory: &caseIsDirectory), caseIsDirectory.boolValue,
                      matches(display) else { continue }
                var spec = CaseSpec()
                let specURL = url.appendingPathComponent("case.json")
                if let data = fm.contents(atPath: specURL.path) {
                    do {
                        spec = try JSONDecoder().decode(CaseSpec.self, from: data)
                    } catch {
                        throw Diagnostics([Diagnostic(file: display + "/case.json", message: "not a valid case.json: \(error)")])
                    }
                }
                cases.append(GoldenCase(folder: url, owner: url.deletingLastPathComponent().deletingLastPathComponent(),
                                        name: display, spec: spec))
            }
        }
        return (cases.sorted { $0.name < $1.name }, unitTests.sorted { $0.path < $1.path })
    }

    private func matches(_ name: String) -> Bool {
        guard let filter, !filter.isEmpty else { return true }
        if filter.contains("*") {
            return fnmatch(filter, name, 0) == 0 || fnmatch("*" + filter + "*", name, 0) == 0
        }
        return name.contains(filter)
    }

    /// Relative paths of folders and `.test.lua` files below `root`, skipping hidden folders,
    /// `expected/` folders and build output.
    private func walk(_ root: URL) -> [String] {
        var result: [String] = []
        func visit(_ relative: String) {
            let url = relative.isEmpty ? root : root.appendingPathComponent(relative)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") && name != "expected" {
                let child = relative.isEmpty ? name : relative + "/" + name
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
                if isDirectory.boolValue {
                    result.append(child)
                    visit(child)
                } else if name.hasSuffix(".test.lua") {
                    result.append(child)
                }
            }
        }
        visit("")
        return result
    }

    // MARK: - Running

    /// Runs everything found, `jobs` at a time, and returns results in a stable order.
    public func run(cases: [GoldenCase], unitTests: [URL]) -> [CaseResult] {
        let threads = (0..<jobs).map(LuaThread.worker)
        enum Work: Sendable {
            case golden(GoldenCase)
            case unit(URL)
        }
        let work = cases.map(Work.golden) + unitTests.map(Work.unit)
        let results = ResultSlots(count: work.count)
        let jobs = self.jobs
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            var index = worker
            while index < work.count {
                switch work[index] {
                case .golden(let c): results.set(index, [self.run(c, on: threads[worker])])
                case .unit(let url): results.set(index, LuaUnitTests.run(url, thread: threads[worker], coverage: self.coverage))
                }
                index += jobs
            }
        }
        return results.all.flatMap { $0 }
    }

    /// Runs one case: produces its outputs in a scratch folder and compares them with `expected/`.
    public func run(_ testCase: GoldenCase, on thread: LuaThread) -> CaseResult {
        let start = DispatchTime.now().uptimeNanoseconds
        func finish(_ status: CaseResult.Status, _ message: String = "", _ updates: [String] = []) -> CaseResult {
            CaseResult(name: testCase.name, status: status, message: message, updates: updates,
                       seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        if let reason = testCase.spec.skip { return finish(.skipped, reason) }
        let outputs: [String: Data]
        do {
            outputs = try produce(testCase, thread: thread)
        } catch {
            return finish(.failed, "the case could not run: \(error)")
        }
        if let expect = testCase.spec.expect {
            let failedToLoad = outputs["diagnostics.txt"] != nil
            if expect == "error", !failedToLoad { return finish(.failed, "case.json expects an error, but the run succeeded") }
            if expect == "ok", failedToLoad {
                return finish(.failed, "case.json expects success, but the run failed:\n" + String(decoding: outputs["diagnostics.txt"]!, as: UTF8.self))
            }
        }
        let expectedFolder = testCase.folder.appendingPathComponent("expected")
        let expected = readFolder(expectedFolder)
        if update || expected == nil {
            let changes = Self.describeChanges(old: expected ?? [:], new: outputs)
            do {
                try writeFolder(expectedFolder, outputs)
            } catch {
                return finish(.failed, "cannot write \(testCase.name)/expected: \(error)")
            }
            if expected == nil, !update {
                return finish(.failed, "no expected/ folder: recorded \(outputs.count) file(s); check them and run again", changes)
            }
            return finish(.passed, "", changes)
        }
        var problems: [String] = []
        for name in Set(expected!.keys).union(outputs.keys).sorted() {
            switch (expected![name], outputs[name]) {
            case (nil, _?): problems.append("\(name): produced but not in expected/")
            case (_?, nil): problems.append("\(name): expected but not produced")
            case (let e?, let a?) where e != a:
                let diff = UnifiedDiff.make(expected: String(decoding: e, as: UTF8.self), actual: String(decoding: a, as: UTF8.self),
                                            expectedName: "expected/\(name)", actualName: "actual/\(name)", colour: colour)
                problems.append(diff ?? "\(name): differs")
            default: break
            }
        }
        return problems.isEmpty ? finish(.passed) : finish(.failed, problems.joined(separator: "\n"))
    }

    /// The outputs of a case, by file name.
    func produce(_ testCase: GoldenCase, thread: LuaThread) throws -> [String: Data] {
        let kind = testCase.spec.kind ?? inferKind(testCase)
        switch kind {
        case "exercise":
            return try ExerciseCase.produce(testCase, thread: thread)
        case "score":
            return try produceScores(testCase, thread: thread)
        case "report":
            return try produceReport(testCase, thread: thread)
        case "instrument":
            let local = testCase.folder.appendingPathComponent("instrument.lua")
            let useLocal = FileManager.default.fileExists(atPath: local.path)

            let file = useLocal ? local : testCase.owner.appendingPathComponent("instrument.lua")
            var loader = InstrumentLoader(library: libraryFor(testCase), thread: thread)
            loader.coverage = coverage
            do {
                let loaded = try loader.load(file: file, displayName: "instrument.lua")
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                var json = try encoder.encode(loaded.instrument)
                json.append(0x0A)
                return ["instrument.json": json, "outline.txt": Data(InstrumentOutline(loaded.instrument).text.utf8)]
            } catch let diagnostics as Diagnostics {
                let text = diagnostics.items.map { relativise($0.description, to: testCase) }.joined(separator: "\n") + "\n"
                return ["diagnostics.txt": Data(text.utf8)]
            }
        default:
            throw CaseError("cannot tell what this case runs: put an instrument.lua in the case folder or beside tests/, or set \"kind\" in case.json (instrument, score, report)")
        }
    }

    /// An instrument (the owner's, or one in the case folder, as plugin cases have) with response
    /// files is a score case; without, an instrument case.
    private func inferKind(_ testCase: GoldenCase) -> String {
        if testCase.spec.reporter != nil { return "report" }
        if ExerciseCase.isExerciseCase(testCase) { return "exercise" }
        let fm = FileManager.default
        guard fm.fileExists(atPath: testCase.owner.appendingPathComponent("instrument.lua").path)
                || fm.fileExists(atPath: testCase.folder.appendingPathComponent("instrument.lua").path) else { return "unknown" }
        return responseFiles(testCase).isEmpty ? "instrument" : "score"
    }

    /// The response files of a score case: `*.csv`, `*.jsonl`, `*.ndjson` in the case folder, by name.
    private func responseFiles(_ testCase: GoldenCase) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: testCase.folder.path)) ?? []
        return names.filter { ["csv", "jsonl", "ndjson"].contains(($0 as NSString).pathExtension) }.sorted()
    }

    /// Scores the case's response files with the owner's instrument: `scores.json`, plus
    /// `rejects.csv` when rows were skipped, or `diagnostics.txt` when the input is refused.
    private func produceScores(_ testCase: GoldenCase, thread: LuaThread) throws -> [String: Data] {
        let local = testCase.folder.appendingPathComponent("instrument.lua")
        let file = FileManager.default.fileExists(atPath: local.path) ? local : testCase.owner.appendingPathComponent("instrument.lua")
        var loader = InstrumentLoader(library: libraryFor(testCase), thread: thread)
        loader.coverage = coverage
        do {
            let instrument = try loader.load(file: file, displayName: "instrument.lua")
            // A scorer named by path is found relative to the case folder (so cases run from anywhere).
            // A scorer named by the case is found from the case folder; the instrument's own, from its folder.
            let plugin = try testCase.spec.scorer.map { try ScorerPlugin.load($0, relativeTo: testCase.folder) }
                ?? ScorerPlugin.load(instrument.instrument.scoring.plugin, relativeTo: file.deletingLastPathComponent())
            guard let policy = InvalidRowPolicy(rawValue: testCase.spec.onInvalid ?? "fail") else {
                throw CaseError("on_invalid must be fail or skip")
            }
            var job = ScoreJob(instrument: instrument, plugin: plugin, onInvalid: policy)
            job.thread = thread
            job.coverage = coverage
            let files = responseFiles(testCase).map { (testCase.folder.appendingPathComponent($0), $0) }
            let output = try job.run(files: files)
            if let coverage, let setId = instrument.instrument.scoring.bands,
               let set = instrument.instrument.bands.first(where: { $0.id == setId }) {
                var produced = Set<String>()
                for subject in output.subjects {
                    for entry in subject.dimensions + subject.items + (subject.overall.map { [$0] } ?? []) {
                        if let band = entry.band { produced.insert(band) }
                    }
                }
                coverage.recordBands(instrument: instrument.instrument.id, declared: set.bands.map(\.label), produced: produced)
            }
            var outputs = ["scores.json": try ScoreWriter(format: .json).render(output)]
            if !output.rejected.isEmpty {
                outputs["rejects.csv"] = Data(RejectsFile.render(output.rejected, folder: testCase.folder).utf8)
            }
            if let cohort = testCase.spec.cohort {
                let summary = try CohortPlugin.load(cohort).summarise(output.subjects, instrument: instrument.instrument)
                outputs["cohort.json"] = try CohortWriter.render(summary)
            }
            return outputs
        } catch {
            return try failureOutput(error, testCase)
        }
    }

    /// Scores the case's responses (or reads its `scores.json` input) and renders them with the
    /// case's reporter; `expected/` holds every file the reporter wrote, or `diagnostics.txt`.
    private func produceReport(_ testCase: GoldenCase, thread: LuaThread) throws -> [String: Data] {
        let fm = FileManager.default
        var loader = InstrumentLoader(library: libraryFor(testCase), thread: thread)
        loader.coverage = coverage
        do {
            let instrument: LoadedInstrument
            var instrumentFolder: URL
            let local = testCase.folder.appendingPathComponent("instrument.lua")
            if let reference = testCase.spec.instrument {
                let path = testCase.folder.appendingPathComponent(reference)
                if fm.fileExists(atPath: path.path) {
                    instrument = try loader.load(file: path.standardizedFileURL, displayName: reference)
                    instrumentFolder = path.standardizedFileURL.deletingLastPathComponent()
                } else {
                    instrument = try loader.load(reference)
                    instrumentFolder = instrument.folder
                }
            } else if fm.fileExists(atPath: local.path) {
                instrument = try loader.load(file: local, displayName: "instrument.lua")
                instrumentFolder = testCase.folder
            } else {
                instrument = try loader.load(file: testCase.owner.appendingPathComponent("instrument.lua"), displayName: "instrument.lua")
                instrumentFolder = testCase.owner
            }
            guard let reference = testCase.spec.reporter else { throw CaseError("a report case needs \"reporter\" in case.json") }
            let reporter = try ReporterPlugin.load(reference, relativeTo: testCase.folder)
            let input: ReportInput
            let savedScores = testCase.folder.appendingPathComponent("scores.json")
            if fm.fileExists(atPath: savedScores.path) {
                input = try ReportInput.read(scoresFile: savedScores, displayName: "scores.json")
            } else {
                let plugin = try ScorerPlugin.load(instrument.instrument.scoring.plugin, relativeTo: instrumentFolder)
                var job = ScoreJob(instrument: instrument, plugin: plugin, onInvalid: .fail)
                job.thread = thread
                let files = responseFiles(testCase).map { (testCase.folder.appendingPathComponent($0), $0) }
                let output = try job.run(files: files)
                var scored = ReportInput(provenance: output.provenance, subjects: output.subjects)
                if reporter.scope == .cohort {
                    scored.cohort = try CohortPlugin.load("cohort").summarise(output.subjects, instrument: instrument.instrument)
                }
                input = scored
            }
            var job = ReportJob(instrument: instrument, reporter: reporter, options: testCase.spec.options ?? .object([:]),
                                date: testCase.spec.date ?? "2026-01-01", formatting: ReportFormatting(locale: testCase.spec.locale ?? "en-GB"),
                                subject: testCase.spec.subject)
            job.thread = thread
            job.coverage = coverage
            var outputs: [String: Data] = [:]
            for file in try job.render(input) { outputs[file.name] = file.contents }
            return outputs
        } catch {
            return try failureOutput(error, testCase)
        }
    }

    /// What a case that is refused records: `diagnostics.txt` with every problem, paths relative
    /// to the case. Errors that are not the input's fault are thrown on.
    private func failureOutput(_ error: any Error, _ testCase: GoldenCase) throws -> [String: Data] {
        let text: String
        switch error {
        case let diagnostics as Diagnostics: text = diagnostics.items.map { relativise($0.description, to: testCase) }.joined(separator: "\n")
        case let issues as ImportIssues: text = issues.issues.map(\.description).joined(separator: "\n")
        case let error as ScriptError: text = relativise(error.description, to: testCase)
        case let error as ScoringError: text = relativise(error.description, to: testCase)
        default: throw error
        }
        return ["diagnostics.txt": Data((text + "\n").utf8)]
    }

    /// Instruments beside the owner come first, so a case can extend a sibling; then the bundled ones.
    private func libraryFor(_ testCase: GoldenCase) -> InstrumentLibrary {
        InstrumentLibrary(roots: [testCase.owner.deletingLastPathComponent()] + library.roots)
    }

    /// Makes paths in messages independent of the machine: the case folder and the owner become relative.
    private func relativise(_ text: String, to testCase: GoldenCase) -> String {
        var result = text
        for (folder, replacement) in [(testCase.folder, ""), (testCase.owner, "../../")] {
            let path = folder.standardizedFileURL.path + "/"
            result = result.replacingOccurrences(of: path, with: replacement)
            let cwd = FileManager.default.currentDirectoryPath + "/"
            if path.hasPrefix(cwd) { result = result.replacingOccurrences(of: String(path.dropFirst(cwd.count)), with: replacement) }
        }
        return result
    }

    private func readFolder(_ url: URL) -> [String: Data]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return nil }
        var files: [String: Data] = [:]
        for name in names where !name.hasPrefix(".") {
            if let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) { files[name] = data }
        }
        return files
    }

    /// Replaces the folder's files with `files`, each written atomically.
    private func writeFolder(_ url: URL, _ files: [String: Data]) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] where files[name] == nil && !name.hasPrefix(".") {
            try FileManager.default.removeItem(at: url.appendingPathComponent(name))
        }
        for (name, data) in files {
            let target = url.appendingPathComponent(name)
            let temporary = url.appendingPathComponent(".\(name).tmp")
            try data.write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw CaseError("cannot replace \(target.path)") }
        }
    }

    static func describeChanges(old: [String: Data], new: [String: Data]) -> [String] {
        var changes: [String] = []
        for name in Set(old.keys).union(new.keys).sorted() {
            switch (old[name], new[name]) {
            case (nil, _?): changes.append("\(name): created")
            case (_?, nil): changes.append("\(name): removed")
            case (let a?, let b?) where a != b: changes.append("\(name): updated")
            default: break
            }
        }
        return changes
    }

    /// `N passed, N failed` with `, N skipped` when any were skipped.
    public static func summary(_ results: [CaseResult]) -> String {
        let passed = results.filter { $0.status == .passed }.count
        let failed = results.filter { $0.status == .failed }.count
        let skipped = results.filter { $0.status == .skipped }.count
        return "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}

struct CaseError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Result slots filled by concurrent workers, each index by exactly one worker.
final class ResultSlots: @unchecked Sendable {
    private var slots: [[CaseResult]]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ index: Int, _ value: [CaseResult]) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }
    var all: [[CaseResult]] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
