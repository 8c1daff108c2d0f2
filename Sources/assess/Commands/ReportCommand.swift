import ArgumentParser
import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// `assess report INSTRUMENT RESPONSES... [--reporter ID] [--out DIR]`: scores and renders.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Score responses and render reports with reporter plugins.",
        discussion: """
            Renders every reporter the instrument lists (its `reports`), or those named with --reporter, into \
            the output folder, all files or none, and prints each path written. Individual reporters write one \
            file per subject; cohort reporters one for the cohort. --scores renders a scores file saved by \
            `assess score --format json` instead of scoring. The report date is today (UTC) unless --date or \
            SOURCE_DATE_EPOCH says otherwise: the same inputs and date give the same bytes.

            Examples:
              assess report hlm-360 Examples/data/hlm-360.csv --out reports/
              assess report hlm-360 in.csv --reporter feedback-markdown --subject S00003
              assess report hlm-self --scores scores.json --reporter self-assessment-html
              assess report hlm-360 in.csv --reporter my-report/ --date 2026-12-01
            """
    )

    @Argument(help: "A folder, an instrument.lua, or a bundled instrument id.", completion: Completions.instrument)
    var instrument: String

    @Argument(help: "Response files (wide CSV, long CSV or JSON Lines).", completion: .file(extensions: ["csv", "jsonl"]))
    var responses: [String] = []

    @Option(help: "Render saved scores (from `assess score --format json`) instead of scoring responses.", completion: .file(extensions: ["json"]))
    var scores: String?

    @Option(name: .customLong("reporter"), help: "A reporter: a bundled id, a .lua file, or a folder with init.lua (repeatable).", completion: Completions.reporter)
    var reporters: [String] = []

    @Option(help: "The folder to write into (created when missing).", completion: .directory)
    var out: String = "reports"

    @Option(help: "Only this subject (individual reports).")
    var subject: String?

    @Option(help: "The report date, YYYY-MM-DD (default: today in UTC, or SOURCE_DATE_EPOCH).")
    var date: String?

    @Option(help: "Locale for numbers and dates: \(ReportFormatting.supportedLocales.joined(separator: ", ")).",
            completion: .list(ReportFormatting.supportedLocales))
    var locale: String = "en-GB"

    @Option(name: .customLong("option"), help: "A reporter option, KEY=VALUE (VALUE is JSON when it parses as JSON; dots nest: logo.text=NHS).")
    var options: [String] = []

    @Option(help: "Memory a reporter may use, in MiB (default: 256 for individual reports, 1024 for cohort reports).")
    var memory: Int?

    @Option(help: "Seconds one render may take (default: 30 for individual reports, 120 for cohort reports).")
    var timeout: Double?

    @Option(name: .customLong("on-invalid"), help: "fail or skip invalid rows.", completion: .list(["fail", "skip"]))
    var onInvalid: String = "fail"

    @Option(help: "Score on N threads (default: one more than the number of cores).")
    var jobs: Int = min(64, ProcessInfo.processInfo.activeProcessorCount + 1)

    func validate() throws {
        if scores == nil, responses.isEmpty { throw ValidationError("give response files to score, or --scores FILE") }
        if scores != nil, !responses.isEmpty { throw ValidationError("give either response files or --scores, not both") }
        guard InvalidRowPolicy(rawValue: onInvalid) != nil else { throw ValidationError("--on-invalid must be fail or skip") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
        for file in responses + (scores.map { [$0] } ?? []) where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("\(file): no such file")
        }
        if let date, ReportFormatting.parseDate(date) == nil || date.utf8.count != 10 {
            throw ValidationError("--date must be YYYY-MM-DD, not '\(date)'")
        }
        guard ReportFormatting.supportedLocales.contains(locale) else {
            throw ValidationError("--locale must be one of \(ReportFormatting.supportedLocales.joined(separator: ", "))")
        }
        if let memory, !(1...65536).contains(memory) { throw ValidationError("--memory must be between 1 and 65536 (MiB)") }
        if let timeout, !(timeout > 0 && timeout <= 86400) { throw ValidationError("--timeout must be between 0 and 86400 seconds") }
        _ = try parsedOptions()
    }

    func run() throws {
        do {
            let loaded = try InstrumentLoader().load(instrument)
            let names = reporters.isEmpty ? loaded.instrument.reports : reporters
            guard !names.isEmpty else {
                throw Diagnostics([Diagnostic(file: loaded.file, message: "the instrument lists no reports: name one with --reporter (bundled: \(ReporterPlugin.bundled().joined(separator: ", ")))")])
            }
            let plugins = try reporters.isEmpty ? names.map { try ReporterPlugin.load($0, relativeTo: loaded.folder) } : names.map { try ReporterPlugin.load($0) }
            var input = try scores.map { try ReportInput.read(scoresFile: URL(fileURLWithPath: $0), displayName: $0) } ?? score(loaded)
            if input.provenance.instrument != loaded.instrument.id {
                throw Diagnostics([Diagnostic(file: scores ?? instrument, message: "the scores are of '\(input.provenance.instrument)', not '\(loaded.instrument.id)'")])
            }
            if let scores, input.provenance.instrumentHash != ScoreJob.instrumentHash(loaded) {
                Terminal.warning("\(scores): warning: these scores were made with another version of \(loaded.instrument.id) "
                               + "(\(input.provenance.instrumentVersion), \(input.provenance.instrumentHash.prefix(19))…); the report describes the instrument as it is now")
            }
            if plugins.contains(where: { $0.scope == .cohort }) {
                input.cohort = try CohortPlugin.load("cohort").summarise(input.subjects, instrument: loaded.instrument)
            }
            let reportDate = date ?? Self.today()
            let options = try parsedOptions()
            // Each file is staged on disk as it is written (memory holds one report at a time) and
            // all are moved into place only when every reporter has finished.
            let staging = try ReportStaging(folder: URL(fileURLWithPath: out))
            for plugin in plugins {
                var job = ReportJob(instrument: loaded, reporter: plugin, options: options, date: reportDate,
                                    formatting: ReportFormatting(locale: locale), subject: plugin.scope == .subject ? subject : nil)
                job.thread = .shared
                if let memory { job.limits.memoryBytes = memory << 20 }
                if let timeout { job.limits.time = .milliseconds(Int64(timeout * 1000)) }
                try job.render(input) { try staging.add($0) }
            }
            let written = try staging.commit()
            let base = out.hasSuffix("/") ? String(out.dropLast()) : out
            for url in written { print(base + "/" + url.lastPathComponent) }
            let subjects = subject.map { _ in 1 } ?? input.subjects.count
            Terminal.note("wrote \(written.count) file(s) with \(plugins.map(\.id).joined(separator: ", ")) for \(subjects) subject(s)")
        } catch let diagnostics as Diagnostics {
            Terminal.error(diagnostics.description)
            throw ExitCode(65)
        } catch let issues as ImportIssues {
            Terminal.error(issues.description)
            Terminal.note("nothing was written: fix the rows above, or report on the valid rows with --on-invalid skip")
            throw ExitCode(65)
        } catch let error as ScriptError {
            Terminal.error("\(error)")
            Terminal.note("nothing was written: fix the script named above (assess check checks a reporter and its templates; assess test runs its golden cases)")
            throw ExitCode(65)
        } catch let error as ScoringError {
            Terminal.error("\(error)")
            Terminal.note("nothing was written: fix the scorer's result, then check it with assess test")
            throw ExitCode(65)
        }
    }

    private func score(_ loaded: LoadedInstrument) throws -> ReportInput {
        let plugin = try ScorerPlugin.load(for: loaded)
        var job = ScoreJob(instrument: loaded, plugin: plugin, onInvalid: InvalidRowPolicy(rawValue: onInvalid)!)
        job.jobs = jobs
        let bar = Terminal.progressBar()
        let output = try job.run(files: responses.map { (URL(fileURLWithPath: $0), $0) },
                                 progress: bar.map { draw in { draw($0.phase.rawValue, $0.done, $0.total) } })
        Terminal.finishProgress()
        if !output.rejected.isEmpty {
            for row in output.rejected.prefix(20) { Terminal.warning(row.issue.description) }
            if output.rejected.count > 20 { Terminal.warning("... and \(output.rejected.count - 20) more") }
            Terminal.note("\(output.rejected.count) row(s) rejected and left out of the reports (assess score --on-invalid skip --rejects FILE writes them out)")
        }
        return ReportInput(provenance: output.provenance, subjects: output.subjects)
    }

    /// `key=value` pairs as a JSON object; dotted keys nest.
    func parsedOptions() throws -> JSONValue {
        var result = JSONValue.object([:])
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw ValidationError("--option takes KEY=VALUE, not '\(option)'")
            }
            let keys = option[..<equals].split(separator: ".").map(String.init)
            let text = String(option[option.index(after: equals)...])
            let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .string(text)
            var nested = value
            for key in keys.reversed() { nested = .object([key: nested]) }
            result = ReporterPlugin.deepMerge(result, nested)
        }
        return result
    }

    /// Today in UTC, or the day of SOURCE_DATE_EPOCH when set (reproducible builds' convention).
    static func today() -> String {
        var seconds = Date().timeIntervalSince1970
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let value = Double(epoch) { seconds = value }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
