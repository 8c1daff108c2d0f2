import ArgumentParser
import AssessEngine
import AssessExercises
import AssessModel
import AssessScripting
import Foundation

/// `assess take INSTRUMENT [--rater self]`: answer a questionnaire at the terminal, then see the report.
struct TakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Answer a questionnaire instrument at the terminal, then see its report.",
        discussion: """
            The instrument is run as an exercise (one numbered prompt per item), so every answer is committed \
            to the store as it is given and Ctrl-C or a lost connection loses nothing: continue with --resume \
            ATTEMPT. The scores come from the instrument's own scorer; the report printed is the first \
            Markdown reporter the instrument lists (--format csv or json prints the scores instead), and \
            --reports DIR also writes every individual report the instrument lists (HTML too). The generated \
            script is kept in .assess-take/ beside the store.

            Examples:
              assess take hlm-self --participant p01
              assess take hlm-self --resume a0002
              assess take Examples/trust-values-360 --rater peer --participant p07
              assess take board-competency-self --participant chair --reports my-reports/
            """)

    @Argument(help: "A folder, an instrument.lua, or a bundled instrument id.", completion: Completions.instrument)
    var instrument: String

    @Option(help: "The rater group answering.", completion: Completions.rater)
    var rater: String = "self"

    @Option(help: "Who is answering (the subject scored).")
    var participant: String = "anonymous"

    @Option(help: "Continue this attempt instead of starting a new one.", completion: Completions.attempt)
    var resume: String?

    @Option(help: "What to print at the end: report (Markdown), csv or json (the scores).", completion: .list(["report", "csv", "json"]))
    var format: String = "report"

    @Option(help: "Also write the individual reports the instrument lists into DIR.", completion: .directory)
    var reports: String?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard ["report", "csv", "json"].contains(format) else { throw ValidationError("--format must be report, csv or json") }
    }

    func run() throws {
        try ExerciseSupport.handle {
            let loaded = try InstrumentLoader().load(instrument)
            let questionnaire = try Questionnaire(instrument: loaded.instrument, rater: rater)
            let folder = URL(fileURLWithPath: storeOptions.store).deletingLastPathComponent().appendingPathComponent(".assess-take")
            let file = try questionnaire.writeScript(in: folder)
            let script = try ExerciseScript.load(file.path)
            let store = try storeOptions.open(existing: resume != nil)
            let attempts = Attempts(store: store)
            let frontEnd = ExerciseSupport.frontEnd(nil)
            let id: String
            let ending: AttemptRunner.Ending
            if let resume {
                guard let attempt = try store.attempt(resume), attempt.exerciseID == questionnaire.exerciseID else {
                    throw StoreError("\(store.path): no attempt '\(resume)' of \(questionnaire.exerciseID) (see assess attempts list --exercise \(questionnaire.exerciseID))")
                }
                writeAll("Resuming attempt \(resume) (Ctrl-C saves and stops)\n\n")
                id = resume
                ending = try attempts.resume(resume, frontEnd: frontEnd)
            } else {
                (id, ending) = try attempts.start(script, participant: participant, seed: 0, frontEnd: frontEnd) { id in
                    writeAll("\(loaded.instrument.title) (attempt \(id); Ctrl-C saves and stops)\n\n")
                }
            }
            guard case .finished = ending else {
                // Continued by take itself, which then scores the answers and shows the report.
                try ExerciseSupport.report(ending, attempt: id, frontEnd: frontEnd, store: storeOptions.store,
                                           continueWith: "assess take \(instrument) --resume \(id)")
                return
            }
            guard let participantID = try store.attempt(id)?.participant else { throw StoreError("\(store.path): attempt \(id) vanished from the store while it ran (is another assess using the same store?)") }
            let csv = questionnaire.responseCSV(attempt: id, participant: participantID, answers: try store.answers(attempt: id))
            let responses = FileManager.default.temporaryDirectory.appendingPathComponent("assess-take-\(UUID().uuidString).csv")
            try Data(csv.utf8).write(to: responses)
            defer { try? FileManager.default.removeItem(at: responses) }
            let plugin = try ScorerPlugin.load(for: loaded)
            let output: ScoreOutput
            do {
                output = try ScoreJob(instrument: loaded, plugin: plugin).run(files: [(responses, "answers of \(id)")])
            } catch let issues as ImportIssues {
                Terminal.error(issues.description)
                throw ExitCode(65)
            } catch let error as ScoringError {
                Terminal.error("\(error)")
                throw ExitCode(65)
            }
            try show(output, instrument: loaded, participant: participantID, scorer: plugin.id)
        }
    }
}

extension TakeCommand {
    /// Prints the report (or the scores) and writes the reports asked for.
    func show(_ output: ScoreOutput, instrument loaded: LoadedInstrument, participant: String, scorer: String) throws {
        let input = ReportInput(provenance: output.provenance, subjects: output.subjects)
        let date = ReportCommand.today()
        var individual: [ReporterPlugin] = []
        for name in loaded.instrument.reports {
            guard let plugin = try? ReporterPlugin.load(name, relativeTo: loaded.folder), plugin.scope == .subject,
                  plugin.kinds.isEmpty || plugin.kinds.contains(loaded.instrument.kind.rawValue) else { continue }
            individual.append(plugin)
        }
        let markdown = individual.first { $0.formats.contains("md") }
        if format == "report", let markdown {
            let files = try ReportJob(instrument: loaded, reporter: markdown, date: date, subject: participant).render(input)
            writeAll("\n")
            for file in files { FileHandle.standardOutput.write(file.contents) }
        } else {
            writeAll("\nScores for \(participant) (\(loaded.instrument.title), scored by \(scorer)):\n")
            FileHandle.standardOutput.write(try ScoreWriter(format: format == "json" ? .json : .csv).render(output))
        }
        if let reports {
            var files: [ReportFile] = []
            for plugin in individual {
                files += try ReportJob(instrument: loaded, reporter: plugin, date: date, subject: participant).render(input)
            }
            for url in try ReportFolderWriter.write(files, to: URL(fileURLWithPath: reports)) {
                Terminal.note("wrote \(reports.hasSuffix("/") ? String(reports.dropLast()) : reports)/\(url.lastPathComponent)")
            }
        }
    }
}
