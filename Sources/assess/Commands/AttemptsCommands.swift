import ArgumentParser
import AssessExercises
import AssessModel
import Foundation

/// `assess attempts list|show|export|mark`: what trainers do with recorded attempts.
struct AttemptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attempts",
        abstract: "List, show, export and mark recorded exercise attempts.",
        discussion: """
            Examples:
              assess attempts list
              assess attempts show a0001
              assess attempts export --exercise sjt-leadership --format csv --out sjt.csv
              assess score Examples/exercises/sjt-leadership sjt.csv   score the export
              assess attempts mark a0003 m2_reply_mark 2 --assessor "J. Okafor"
              assess attempts transcript a0001 > tests/run/transcript.jsonl   a golden case
            """,
        subcommands: [AttemptsListCommand.self, AttemptsShowCommand.self, AttemptsExportCommand.self, AttemptsMarkCommand.self,
                      AttemptsTranscriptCommand.self]
    )
}

struct AttemptsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "One line per attempt, oldest first.",
        discussion: """
            Examples:
              assess attempts list
              assess attempts list --exercise sjt-leadership --store course.sqlite
              assess attempts list --json
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only this exercise's attempts.", completion: Completions.exercise)
    var exercise: String?
    @Flag(help: "Print the attempts as JSON (an array of {attempt, participant, exercise, version, status, started, ended, answers}).")
    var json = false

    struct Row: Encodable {
        var attempt: String
        var participant: String
        var exercise: String
        var version: String
        var status: String
        var started: String
        var ended: String?
        var answers: Int
    }

    func run() throws {
        try ExerciseSupport.handle {
            let store = try storeOptions.open(existing: true)
            let attempts = try store.attempts(exercise: exercise)
            if json {
                let rows = try attempts.map {
                    Row(attempt: $0.id, participant: $0.participant, exercise: $0.exerciseID, version: $0.exerciseVersion,
                        status: $0.status.rawValue, started: $0.startedAt, ended: $0.endedAt, answers: try store.answers(attempt: $0.id).count)
                }
                writeAll(try JSONOutput.string(rows) + "\n")
                return
            }
            var rows = [["ATTEMPT", "PARTICIPANT", "EXERCISE", "STATUS", "STARTED", "ANSWERS"]]
            for a in attempts {
                rows.append([a.id, a.participant, a.exerciseID, a.status.rawValue, a.startedAt, String(try store.answers(attempt: a.id).count)])
            }
            let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
            for row in rows {
                writeAll(row.enumerated().map { c, cell in c + 1 == row.count ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ") + "\n")
            }
        }
    }
}

struct AttemptsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "An attempt's prompts, answers and result.",
        discussion: """
            Examples:
              assess attempts show a0001
              assess attempts show a0003 --store course.sqlite
            """)
    @Argument(help: "The attempt id (see assess attempts list).", completion: Completions.attempt)
    var attempt: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try ExerciseSupport.handle {
            let store = try storeOptions.open(existing: true)
            guard let a = try store.attempt(attempt) else { throw StoreError("\(store.path): no attempt '\(attempt)' (see assess attempts list)") }
            var text = """
                attempt      \(a.id)
                participant  \(a.participant)
                exercise     \(a.exerciseID) \(a.exerciseVersion) (\(a.exerciseTitle))
                file         \(a.file) (\(a.fileHash))
                seed         \(a.seed)
                status       \(a.status.rawValue)
                started      \(a.startedAt)
                ended        \(a.endedAt ?? "-")

                """
            if let error = a.error { text += "error        \(error)\n" }
            let answers = try store.answers(attempt: attempt)
            let marks = try store.marks(attempt: attempt)
            text += "\nprompts:\n"
            for shown in try store.prompts(attempt: attempt) {
                var line = "  \(String(shown.sequence).padding(toLength: 4, withPad: " ", startingAt: 0)) \(shown.kind.padding(toLength: 9, withPad: " ", startingAt: 0)) \(shown.id)"
                if let answer = answers[shown.id] {
                    line += answer.timedOut ? "  (timed out)" : "  = \(answer.value.map(JSONText.encode) ?? "null")"
                    line += "  at \(Timestamp.format(answer.at))"
                } else if shown.kind == "assessor" {
                    line += marks[shown.id].map { "  mark \(JSONText.number($0))" } ?? "  (not marked yet)"
                } else if shown.kind != "say" {
                    line += "  (not answered)"
                }
                text += line + "\n"
            }
            if let result = try store.result(attempt: attempt) { text += "\nresult:\n" + JSONText.pretty(result) }
            writeAll(text)
        }
    }
}

struct AttemptsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Finished attempts as responses that assess score reads.",
        discussion: """
            One response per attempt: respondent = the attempt id, subject = the participant, rater = self, \
            then the answer to every choose, rank, rate and text prompt (rankings and multiple choices as \
            option ids joined by ';' in CSV, lists in JSON Lines). Attempts still in progress are left out.

            Examples:
              assess attempts export --exercise sjt-leadership --out sjt.csv
              assess attempts export --exercise in-tray --format jsonl > in-tray.jsonl
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The exercise whose attempts to export (needed when the store holds several).", completion: Completions.exercise)
    var exercise: String?
    @Option(help: "csv or jsonl.", completion: .list(["csv", "jsonl"]))
    var format: String = "csv"
    @Option(help: "Write to FILE (atomically) instead of standard output.", completion: .file())
    var out: String?

    func validate() throws {
        guard ["csv", "jsonl"].contains(format) else { throw ValidationError("--format must be csv or jsonl") }
        try OutputPath.check(out, option: "--out")
    }

    func run() throws {
        try ExerciseSupport.handle {
            let store = try storeOptions.open(existing: true)
            let text = try AttemptExport(store: store).render(exercise: exercise, format: format == "csv" ? .csv : .jsonl)
            if let out {
                try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: out))
            } else {
                writeAll(text)
            }
        }
    }
}

struct AttemptsMarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Enter an assessor's mark for an assessor prompt; the attempt's result is recomputed.",
        discussion: """
            assess attempts show ID lists the assessor prompts still to mark. Marking again replaces the \
            earlier mark.

            Examples:
              assess attempts mark a0003 m2_reply_mark 2 --assessor "J. Okafor"
              assess attempts mark a0003 m4_reply_mark 3 --store course.sqlite
            """)
    @Argument(help: "The attempt id (see assess attempts list).", completion: Completions.attempt)
    var attempt: String
    @Argument(help: "The assessor prompt's id.", completion: Completions.assessorPrompt)
    var prompt: String
    @Argument(help: "The mark (one of the rubric's marks).")
    var mark: Double
    @Option(help: "Who marked it.")
    var assessor: String?
    @OptionGroup var storeOptions: StoreOptions
    @Flag(name: .customLong("allow-changed"), help: "Recompute even though the exercise file changed since the attempt.")
    var allowChanged = false

    func run() throws {
        try ExerciseSupport.handle {
            let store = try storeOptions.open(existing: true)
            let outcome = try Attempts(store: store).mark(attempt, prompt: prompt, mark: mark, assessor: assessor, allowChanged: allowChanged)
            let pending = outcome.marks.filter { $0.mark == nil }.map(\.prompt.id)
            writeAll("marked \(attempt) \(prompt) = \(JSONText.number(mark)); status \(outcome.status.rawValue)"
                     + (pending.isEmpty ? "" : " (still to mark: \(pending.joined(separator: ", ")))") + "\n")
        }
    }
}

struct AttemptsTranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript",
        abstract: "An attempt's answers as a transcript (JSON Lines) for assess exercise replay and golden cases.",
        discussion: """
            Examples:
              assess attempts transcript a0001 > my-drill/tests/real-run/transcript.jsonl
              assess attempts transcript a0002 --store course.sqlite
            """)
    @Argument(help: "The attempt id (see assess attempts list).", completion: Completions.attempt)
    var attempt: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try ExerciseSupport.handle {
            writeAll(try Transcript.text(of: attempt, in: try storeOptions.open(existing: true)))
        }
    }
}
