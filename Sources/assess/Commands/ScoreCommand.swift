import ArgumentParser
import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// `assess score INSTRUMENT RESPONSES...`: imports, validates and scores responses.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score responses with the instrument's scorer plugin.",
        discussion: """
            RESPONSES are wide CSV, long CSV (respondent,subject,rater,item,value) or JSON Lines files. Every \
            invalid row is reported as file:row:column: message. With --on-invalid fail (the default) nothing \
            is written and the exit status is 65; with skip, valid rows are scored and rejected rows are \
            written verbatim, with their reasons, to the rejects file.

            The scores go to stdout or --out; messages go to stderr. With --json the messages are one JSON \
            object on stderr instead: {ok, subjects, responses, rejected, out, rejects, cohort, problems: \
            [{file, row, column, message}]} (usage errors stay text, exit 64).

            Examples:
              assess score hlm-self Examples/data/hlm-self.csv
              assess score hlm-self responses.csv --format csv --out scores.csv
              assess score my-360/ export.csv --on-invalid skip --rejects rejected.csv
              assess score hlm-360 responses.csv --out scores.json --cohort cohort.json
              assess score hlm-self export.csv --out scores.json --json 2> summary.json
            """
    )

    @Argument(help: "A folder, an instrument.lua, or a bundled instrument id.", completion: Completions.instrument)
    var instrument: String

    @Argument(help: "Response files (wide CSV, long CSV or JSON Lines).", completion: .file(extensions: ["csv", "jsonl"]))
    var responses: [String]

    @Option(help: "Write the scores to FILE (atomically) instead of standard output.", completion: .file())
    var out: String?

    @Option(help: "json, csv or jsonl.", completion: .list(["json", "csv", "jsonl"]))
    var format: String = "json"

    @Option(name: .customLong("on-invalid"), help: "fail or skip.", completion: .list(["fail", "skip"]))
    var onInvalid: String = "fail"

    @Option(help: "Where rejected rows go with --on-invalid skip (default: <out>.rejects.csv, or rejects.csv).", completion: .file(extensions: ["csv"]))
    var rejects: String?

    @Option(help: "Use this scorer plugin instead of the instrument's.", completion: Completions.scorer)
    var scorer: String?

    @Option(help: "Decimal places in the output (rounded half away from zero).")
    var decimals: Int = 4

    @Option(help: "Also write a cohort summary (distributions, band counts, percentiles) to FILE.", completion: .file(extensions: ["json"]))
    var cohort: String?

    @Option(name: .customLong("cohort-plugin"), help: "The cohort plugin to summarise with.", completion: Completions.cohortPlugin)
    var cohortPlugin: String = "cohort"

    @Option(help: "Score subjects on N threads (default: one more than the number of cores, so the cores stay busy while the reading thread waits). The output does not depend on it.")
    var jobs: Int = min(64, ProcessInfo.processInfo.activeProcessorCount + 1)

    @Flag(help: "Tell the outcome as one JSON object on stderr (counts, files written, every problem) instead of text.")
    var json = false

    func validate() throws {
        guard ScoreFormat(rawValue: format) != nil else { throw ValidationError("--format must be json, csv or jsonl") }
        guard InvalidRowPolicy(rawValue: onInvalid) != nil else { throw ValidationError("--on-invalid must be fail or skip") }
        guard (0...12).contains(decimals) else { throw ValidationError("--decimals must be between 0 and 12") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
        for file in responses where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("\(file): no such file")
        }
        try OutputPath.check(out, option: "--out")
        try OutputPath.check(rejects, option: "--rejects")
        try OutputPath.check(cohort, option: "--cohort")
    }

    func run() throws {
        let messages = ScoreMessages(json: json)
        defer { messages.finish() }
        do {
            try score(messages)
        } catch {
            // With --json, an error nothing above explained still ends up in the object, not after it.
            throw messages.unexplained(error)
        }
    }

    private func score(_ messages: ScoreMessages) throws {
        let loaded: LoadedInstrument
        let plugin: ScorerPlugin
        do {
            loaded = try InstrumentLoader().load(instrument)
            plugin = try scorer.map { try ScorerPlugin.load($0) } ?? ScorerPlugin.load(for: loaded)
        } catch let diagnostics as Diagnostics {
            messages.failed(diagnostics)
            throw ExitCode(65)
        }
        var job = ScoreJob(instrument: loaded, plugin: plugin, onInvalid: InvalidRowPolicy(rawValue: onInvalid)!)
        job.jobs = jobs
        let bar = Terminal.progressBar()
        let progress: ((ScoreProgress) -> Void)? = bar.map { draw in { draw($0.phase.rawValue, $0.done, $0.total) } }
        // Scores stream into a temporary file beside the destination, renamed into place only when
        // everything succeeded: no half-written output, and memory does not hold the results.
        let destination = out.map { URL(fileURLWithPath: $0) }
        let folder = destination?.deletingLastPathComponent() ?? FileManager.default.temporaryDirectory
        let temporary = folder.appendingPathComponent(".assess-scores-\(getpid())-\(UUID().uuidString).tmp")
        FileManager.default.createFile(atPath: temporary.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let handle = try FileHandle(forWritingTo: temporary)
        let buffer = OutputBuffer(handle: handle)
        var sink = TeeSink(writer: ScoreWriter(format: ScoreFormat(rawValue: format)!, decimals: decimals).stream { try buffer.append($0) },
                           keep: cohort != nil)
        let summary: ScoreSummary
        do {
            summary = try job.run(files: responses.map { (URL(fileURLWithPath: $0), $0) }, progress: progress, into: &sink)
            try sink.writer.finish()
            try buffer.flush()
            try handle.close()
            Terminal.finishProgress()
        } catch let issues as ImportIssues {
            Terminal.finishProgress()
            messages.failed(issues, hint: "nothing was written: fix the rows above, or score the valid rows with --on-invalid skip")
            throw ExitCode(65)
        } catch let error as ScriptError {
            Terminal.finishProgress()
            messages.failed(error, hint: "nothing was written: fix the scorer, then check it with assess check and its golden cases with assess test")
            throw ExitCode(65)
        } catch let error as ScoringError {
            Terminal.finishProgress()
            messages.failed(error, hint: "nothing was written: fix the scorer's result, then check it with assess test")
            throw ExitCode(65)
        }
        if let destination {
            guard rename(temporary.path, destination.path) == 0 else {
                throw ValidationError("cannot write \(destination.path): \(String(cString: strerror(errno)))")
            }
        } else {
            let reader = try FileHandle(forReadingFrom: temporary)
            while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty { FileHandle.standardOutput.write(chunk) }
        }
        if !summary.rejected.isEmpty {
            let path = rejects ?? ((out.map { ($0 as NSString).deletingPathExtension } ?? "rejects") + (out == nil ? ".csv" : ".rejects.csv"))
            try AtomicFile.write(Data(RejectsFile.render(summary.rejected).utf8), to: URL(fileURLWithPath: path))
            messages.rejected(summary.rejected, writtenTo: path)
        }
        if let cohort {
            do {
                let summaryJSON = try CohortPlugin.load(cohortPlugin).summarise(sink.kept, instrument: loaded.instrument)
                try AtomicFile.write(try CohortWriter.render(summaryJSON, decimals: decimals), to: URL(fileURLWithPath: cohort))
                messages.cohortWritten(cohort)
            } catch let diagnostics as Diagnostics {
                messages.failed(diagnostics, hint: "the scores were written; the cohort summary was not")
                throw ExitCode(65)
            } catch let error as ScriptError {
                messages.failed(error, hint: "the scores were written; the cohort summary was not")
                throw ExitCode(65)
            }
        }
        messages.scored(summary, out: out)
    }
}

/// Passes scores to a writer and, for a cohort summary, keeps them.
struct TeeSink: RenderingScoreSink {
    var writer: ScoreWriter.Stream
    let keep: Bool
    var kept: [SubjectScores] = []

    init(writer: ScoreWriter.Stream, keep: Bool) {
        self.writer = writer
        self.keep = keep
    }

    mutating func begin(_ provenance: Provenance) throws { try writer.begin(provenance) }

    mutating func subject(_ scores: SubjectScores) throws {
        try writer.subject(scores)
        if keep { kept.append(scores) }
    }

    /// The writer's renderer, unless the scores themselves are kept (for the cohort summary).
    func renderer(for provenance: Provenance) -> SubjectRenderer? {
        keep ? nil : writer.renderer(for: provenance)
    }

    mutating func subject(rendered bytes: [UInt8]) throws { try writer.subject(rendered: bytes) }

    func csvRows(for provenance: Provenance) -> CSVRows? { keep ? nil : writer.csvRows(for: provenance) }
}

/// Collects output and writes it to a file a megabyte at a time.
final class OutputBuffer {
    let handle: FileHandle
    private var pending = Data()

    init(handle: FileHandle) { self.handle = handle }

    func append(_ data: Data) throws {
        pending.append(data)
        if pending.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }
}

/// `assess simulate INSTRUMENT --subjects N --seed S`: synthetic responses.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate realistic synthetic responses (wide CSV) for an instrument, reproducibly.",
        discussion: """
            Examples:
              assess simulate hlm-360 --subjects 40 --seed 1 --out hlm-360.csv
              assess simulate hlm-self --subjects 1000 --seed 7 > responses.csv
            """
    )

    @Argument(help: "A folder, an instrument.lua, or a bundled instrument id.", completion: Completions.instrument)
    var instrument: String

    @Option(help: "How many subjects.")
    var subjects: Int = 40

    @Option(help: "The seed: the same seed gives the same file.")
    var seed: UInt64 = 1

    @Option(help: "Write to FILE (atomically) instead of standard output.", completion: .file(extensions: ["csv"]))
    var out: String?

    func validate() throws {
        guard subjects >= 1, subjects <= 100_000_000 else { throw ValidationError("--subjects must be between 1 and 100000000") }
        try OutputPath.check(out, option: "--out")
    }

    func run() throws {
        let loaded: LoadedInstrument
        do {
            loaded = try InstrumentLoader().load(instrument)
        } catch let diagnostics as Diagnostics {
            Terminal.error(diagnostics.description)
            throw ExitCode(65)
        }
        let simulator = Simulator(instrument: loaded.instrument, subjects: subjects, seed: seed)
        if let out {
            let url = URL(fileURLWithPath: out)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
            FileManager.default.createFile(atPath: temporary.path, contents: nil)
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try simulator.writeWideCSV { try handle.write(contentsOf: Data($0.utf8)) }
                try handle.close()
                guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
        } else {
            try simulator.writeWideCSV { FileHandle.standardOutput.write(Data($0.utf8)) }
        }
    }
}
