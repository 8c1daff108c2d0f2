import ArgumentParser
import AssessExercises
import AssessModel
import AssessTesting
import Foundation
import LuaRuntime

/// `assess exercise run|resume|replay`: scripted exercises at a terminal or over JSON Lines.
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Run, resume and replay scripted exercises.",
        discussion: """
            Every answer is committed to the store (--store, default ./assess.sqlite) before the next prompt \
            is shown, so a killed terminal loses nothing: resume the attempt by its id.

            Examples:
              assess exercise run Examples/exercises/sjt-leadership --participant p01
              assess exercise resume a0001
              assess exercise run my-drill/ --protocol jsonl < answers.jsonl
              assess exercise replay my-drill/ transcript.jsonl --expect result.json
            """,
        subcommands: [ExerciseRunCommand.self, ExerciseResumeCommand.self, ExerciseReplayCommand.self]
    )
}

/// Options shared by the commands that use the store.
struct StoreOptions: ParsableArguments {
    @Option(help: "The SQLite store of attempts.", completion: .file(extensions: ["sqlite"]))
    var store: String = "assess.sqlite"

    /// Opens the store; with `existing`, a store that is not there is an error rather than created
    /// (commands that only read or continue attempts).
    func open(existing: Bool = false) throws -> ExerciseStore {
        if existing, !FileManager.default.fileExists(atPath: store) {
            Terminal.error("\(store): no such store (attempts are recorded by assess exercise run and assess take; "
                           + "name the store they used with --store)")
            throw ExitCode(65)
        }
        do {
            return try ExerciseStore(path: store)
        } catch let error as StoreError {
            Terminal.error(error.description)
            throw ExitCode(65)
        }
    }
}

enum ProtocolName: String, ExpressibleByArgument {
    case jsonl
}

/// Runs a front end over an attempt and reports how it ended; shared by run and resume.
enum ExerciseSupport {
    static func frontEnd(_ protocolName: ProtocolName?) -> FrontEnd {
        LineInput.catchInterrupts()
        if protocolName == .jsonl { return ProtocolFrontEnd(input: LineInput()) }
        return TerminalFrontEnd(colour: Terminal.colour(.output))
    }

    /// - Parameter continueWith: the command that continues a stopped attempt (default: `assess exercise resume ID`).
    static func report(_ ending: AttemptRunner.Ending, attempt: String, frontEnd: FrontEnd, store: String, printResult: Bool = false,
                       continueWith: String? = nil) throws {
        let storeArgument = store == "assess.sqlite" ? "" : " --store \(store)"
        switch ending {
        case .finished(let outcome):
            if let protocolFrontEnd = frontEnd as? ProtocolFrontEnd {
                protocolFrontEnd.send(["type": .string("result"), "attempt": .string(attempt), "outcome": outcome.json])
            } else if let terminal = frontEnd as? TerminalFrontEnd {
                terminal.finished(outcome, attempt: attempt)
                if printResult { writeAll(JSONText.pretty(outcome.json)) }
            }
        case .stopped(let next):
            let message = "attempt \(attempt) saved (next: prompt '\(next)'); continue with: "
                + (continueWith ?? "assess exercise resume \(attempt)") + storeArgument
            if let protocolFrontEnd = frontEnd as? ProtocolFrontEnd {
                protocolFrontEnd.send(["type": .string("stopped"), "attempt": .string(attempt), "next": .string(next), "message": .string(message)])
            } else {
                Terminal.note(message)
            }
            if let terminal = frontEnd as? TerminalFrontEnd, terminal.interrupted { throw ExitCode(130) }
        }
    }

    /// Maps the errors of a run to messages and exit codes.
    static func handle(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let diagnostics as Diagnostics {
            for item in diagnostics.items { Terminal.error(item.description) }
            throw ExitCode(65)
        } catch let error as ScriptError {
            Terminal.error(error.description)
            throw ExitCode(65)
        } catch let error as TranscriptError {
            Terminal.error(error.description)
            throw ExitCode(65)
        } catch let error as AnswerError {
            Terminal.error(error.description)
            throw ExitCode(65)
        } catch let error as StoreError {
            Terminal.error(error.description)
            throw ExitCode(65)
        }
    }
}

struct ExerciseRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start an attempt of an exercise at the terminal (or over JSON Lines with --protocol jsonl).",
        discussion: """
            The attempt's id (a0001, a0002, ...) is printed first; every answer is saved as it is given. \
            Ctrl-C saves and stops: continue with assess exercise resume ID. With --protocol jsonl each prompt \
            is one JSON line on stdout and each answer one JSON line on stdin, for a web front end or a test.

            Examples:
              assess exercise run Examples/exercises/sjt-leadership --participant p01
              assess exercise run Examples/exercises/in-tray --store course.sqlite --seed 7
              assess exercise run my-drill/ --protocol jsonl < answers.jsonl
            """)

    @Argument(help: "An exercise folder (holding exercise.lua) or a .lua file.", completion: .file(extensions: ["lua"]))
    var file: String

    @Option(help: "Who is taking the exercise.")
    var participant: String = "anonymous"

    @OptionGroup var storeOptions: StoreOptions

    @Option(help: "The seed of the script's random numbers (default: a random one, recorded with the attempt).")
    var seed: Int64?

    @Option(name: .customLong("protocol"), help: "jsonl: one prompt per line out, one answer per line in.")
    var protocolName: ProtocolName?

    @Flag(name: .customLong("print-result"), help: "At the terminal, print the attempt's outcome (JSON) when it finishes (for trainers; see also assess attempts show).")
    var printResult = false

    func run() throws {
        try ExerciseSupport.handle {
            let script = try ExerciseScript.load(file)
            let store = try storeOptions.open()
            let frontEnd = ExerciseSupport.frontEnd(protocolName)
            let seed = self.seed ?? Int64(UInt32.random(in: 0...UInt32.max))
            let (id, ending) = try Attempts(store: store).start(script, participant: participant, seed: seed, frontEnd: frontEnd) { id in
                if let p = frontEnd as? ProtocolFrontEnd {
                    p.send(["type": .string("attempt"), "attempt": .string(id), "exercise": .string(script.id), "title": .string(script.title),
                            "seed": .number(Double(seed)), "participant": .string(participant)])
                } else {
                    writeAll("\(script.title) (attempt \(id); Ctrl-C saves and stops)\n\n")
                }
            }
            try ExerciseSupport.report(ending, attempt: id, frontEnd: frontEnd, store: storeOptions.store, printResult: printResult)
        }
    }
}

struct ExerciseResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an attempt at its next unanswered prompt, with every earlier answer intact.",
        discussion: """
            The exercise file is checked against the one the attempt began with; when it changed, resuming is \
            refused unless --allow-changed.

            Examples:
              assess exercise resume a0001
              assess exercise resume a0003 --store course.sqlite
              assess exercise resume a0002 --allow-changed --print-result
            """)

    @Argument(help: "The attempt id (see assess attempts list).", completion: Completions.attempt)
    var attempt: String

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .customLong("protocol"), help: "jsonl: one prompt per line out, one answer per line in.")
    var protocolName: ProtocolName?

    @Flag(name: .customLong("allow-changed"), help: "Continue even though the exercise file changed since the attempt began.")
    var allowChanged = false

    @Flag(name: .customLong("print-result"), help: "At the terminal, print the attempt's outcome (JSON) when it finishes.")
    var printResult = false

    func run() throws {
        try ExerciseSupport.handle {
            let store = try storeOptions.open(existing: true)
            let frontEnd = ExerciseSupport.frontEnd(protocolName)
            if let p = frontEnd as? ProtocolFrontEnd {
                p.send(["type": .string("attempt"), "attempt": .string(attempt), "resumed": .bool(true)])
            } else {
                writeAll("Resuming attempt \(attempt) (Ctrl-C saves and stops)\n\n")
            }
            let ending = try Attempts(store: store).resume(attempt, frontEnd: frontEnd, allowChanged: allowChanged)
            try ExerciseSupport.report(ending, attempt: attempt, frontEnd: frontEnd, store: storeOptions.store, printResult: printResult)
        }
    }
}

struct ExerciseReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Feed a transcript's answers to an exercise and print (or compare) the result.",
        discussion: """
            A transcript is JSON Lines: an optional header {"transcript":1,"seed":N,"participant":"..."}, then \
            {"id":"PROMPT","answer":VALUE} or {"id":"PROMPT","timeout":true} per answer. The clock is frozen \
            (2026-03-02T09:00:00Z unless the header says "started"). With --expect, a result that differs is \
            shown as a diff and the exit status is 1.

            Examples:
              assess exercise replay Examples/exercises/sjt-leadership transcript.jsonl
              assess exercise replay my-drill/ run.jsonl --expect expected/result.json
              assess attempts transcript a0001 | assess exercise replay my-drill/ - --show
            """)

    @Argument(help: "An exercise folder (holding exercise.lua) or a .lua file.", completion: .file(extensions: ["lua"]))
    var file: String

    @Argument(help: "The transcript (JSON Lines), or - for standard input.", completion: .file(extensions: ["jsonl"]))
    var transcript: String

    @Option(help: "Compare the result with this file; exit 1 with a diff when they differ.", completion: .file(extensions: ["json"]))
    var expect: String?

    @Option(help: "The seed (default: the transcript's, else 0).")
    var seed: Int64?

    @Flag(help: "Also print the prompts and answers as a participant saw them (to stderr).")
    var show = false

    func run() throws {
        try ExerciseSupport.handle {
            let script = try ExerciseScript.load(file)
            let parsed = transcript == "-"
                ? try Transcript.parse(String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self), file: "<stdin>")
                : try Transcript.load(transcript)
            let (outcome, printed) = try LuaThread.shared.run { try Replay.run(script, transcript: parsed, seed: seed) }
            if show { Terminal.write(printed, to: .error) }
            let text = JSONText.pretty(outcome.json)
            if let expect {
                guard let data = FileManager.default.contents(atPath: expect) else {
                    Terminal.error("\(expect): no such file (give the expected result, e.g. tests/CASE/expected/result.json)")
                    throw ExitCode(64)
                }
                let expected = String(decoding: data, as: UTF8.self)
                if expected != text {
                    Terminal.error("\(expect): the replayed result differs (below); if the change is intended, rewrite it "
                                   + "with: assess exercise replay \(file) \(transcript) > \(expect)")
                    writeAll(UnifiedDiff.make(expected: expected, actual: text, expectedName: expect, actualName: "replayed", colour: Terminal.colour(.output)) ?? "")
                    throw ExitCode(1)
                }
                writeAll("ok  \(transcript) gives \(expect)\n")
            } else {
                writeAll(text)
            }
        }
    }
}
