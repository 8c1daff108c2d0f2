import ArgumentParser
import AssessEngine
import AssessExercises
import AssessModel
import AssessScripting
import Foundation

/// `assess take INSTRUMENT [--rater self]`: answer a questionnaire at the terminal, then see the scores.
struct TakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "take",
        abstract: "Answer a questionnaire instrument at the terminal, then print its scores.",
        discussion: """
            The instrument is run as an exercise (one numbered prompt per item), so every answer is
            committed to the store as it is given and Ctrl-C or a lost connection loses nothing:
            continue with --resume ATTEMPT. The scores come from the instrument's own scorer.
            The generated script is kept in .assess-take/ beside the store.

            Examples:
              assess take hlm-self --participant p01
              assess take hlm-self --resume a0002
              assess take Examples/trust-values-360 --rater peer --participant p07 --format json
            """)

    @Argument(help: "A folder, an instrument.lua, or a bundled instrument id.")
    var instrument: String

    @Option(help: "The rater group answering.")
    var rater: String = "self"

    @Option(help: "Who is answering (the subject scored).")
    var participant: String = "anonymous"

    @Option(help: "Continue this attempt instead of starting a new one.")
    var resume: String?

    @Option(help: "How to print the scores: csv or json.")
    var format: String = "csv"

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
    }

    func run() throws {
        try ExerciseSupport.handle {
            let loaded = try InstrumentLoader().load(instrument)
            let questionnaire = try Questionnaire(instrument: loaded.instrument, rater: rater)
            let folder = URL(fileURLWithPath: storeOptions.store).deletingLastPathComponent().appendingPathComponent(".assess-take")
            let file = try questionnaire.writeScript(in: folder)
            let script = try ExerciseScript.load(file.path)
            let store = try storeOptions.open()
            let attempts = Attempts(store: store)
            let frontEnd = ExerciseSupport.frontEnd(nil)
            let id: String
            let ending: AttemptRunner.Ending
            if let resume {
                guard let attempt = try store.attempt(resume), attempt.exerciseID == questionnaire.exerciseID else {
                    throw StoreError("\(store.path): no attempt '\(resume)' of \(questionnaire.exerciseID)")
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
                try ExerciseSupport.report(ending, attempt: id, frontEnd: frontEnd, store: storeOptions.store)
                Terminal.error("continue with: assess take \(instrument) --resume \(id)" + (storeOptions.store == "assess.sqlite" ? "" : " --store \(storeOptions.store)"))
                return
            }
            guard let participantID = try store.attempt(id)?.participant else { throw StoreError("attempt \(id) vanished from the store") }
            let csv = questionnaire.responseCSV(attempt: id, participant: participantID, answers: try store.answers(attempt: id))
            let responses = FileManager.default.temporaryDirectory.appendingPathComponent("assess-take-\(UUID().uuidString).csv")
            try Data(csv.utf8).write(to: responses)
            defer { try? FileManager.default.removeItem(at: responses) }
            let plugin = try ScorerPlugin.load(loaded.instrument.scoring.plugin)
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
            writeAll("\nScores for \(participantID) (\(loaded.instrument.title), scored by \(plugin.id)):\n")
            FileHandle.standardOutput.write(try ScoreWriter(format: format == "csv" ? .csv : .json).render(output))
        }
    }
}
