import ArgumentParser
import AssessModel
@testable import assess
import Foundation
import Testing

/// Runs `assess` with `environment` laid over this process's, without NO_COLOR unless given.
func assess(_ arguments: [String], in directory: URL = packageRoot, adding environment: [String: String]) throws -> CommandResult {
    var merged = ProcessInfo.processInfo.environment
    merged["NO_COLOR"] = nil
    for (key, value) in environment { merged[key] = value }
    return try assess(arguments, in: directory, environment: merged)
}

/// Runs `assess` on a pseudo-terminal (util-linux `script`), stdout and stderr together.
func assessOnTerminal(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> String {
    let quoted = ([assessExecutable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", quoted, "/dev/null"]
    process.currentDirectoryURL = directory
    var merged = ProcessInfo.processInfo.environment
    merged["NO_COLOR"] = nil
    for (key, value) in environment { merged[key] = value }
    process.environment = merged
    let scratch = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("out")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    process.standardOutput = out
    process.standardError = out
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    return String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
}

let hasScript = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
let escape = "\u{1B}["

/// A folder with an instrument whose golden case fails (its title changed after recording).
func failingCase() throws -> URL {
    let folder = try temporaryFolder()
    let created = try assess(["new", "instrument", "drift"], in: folder)
    precondition(created.status == 0, created.stderr)
    let script = folder.appendingPathComponent("drift/instrument.lua")
    let text = try String(contentsOf: script, encoding: .utf8).replacingOccurrences(of: #"title = "drift""#, with: #"title = "Drifted""#)
    try text.write(to: script, atomically: true, encoding: .utf8)
    return folder
}

@Suite("assess --help: an example for every command")
struct HelpTests {
    struct Command: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var subcommands: [Command]?
        var shouldDisplay: Bool?
    }

    struct Dump: Decodable { var command: Command }

    /// Every command path below the root, from the same definitions `--help` uses.
    static func commands() throws -> [(path: String, command: Command)] {
        let dump = try assess(["--experimental-dump-help"])
        let root = try JSONDecoder().decode(Dump.self, from: Data(dump.stdout.utf8)).command
        var found: [(String, Command)] = []
        func walk(_ command: Command, _ path: String) {
            for sub in command.subcommands ?? [] where sub.commandName != "help" && sub.shouldDisplay != false {
                let subPath = path.isEmpty ? sub.commandName : path + " " + sub.commandName
                found.append((subPath, sub))
                walk(sub, subPath)
            }
        }
        found.append(("", root))
        walk(root, "")
        return found
    }

    @Test("every command and subcommand's discussion has Examples: with at least one assess line of its own")
    func everyCommandHasAnExample() throws {
        let all = try Self.commands()
        #expect(all.count >= 22, "the tree: \(all.map(\.path))")
        for (path, command) in all {
            let discussion = command.discussion ?? ""
            guard let examples = discussion.range(of: "Examples:") else {
                Issue.record("assess \(path) --help has no Examples:")
                continue
            }
            let lines = discussion[examples.upperBound...].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let own = lines.filter { $0.hasPrefix(path.isEmpty ? "assess " : "assess \(path)") }
            #expect(!own.isEmpty, "assess \(path) --help has no example of itself")
            // Indented lines (examples) are not reflowed: keep them inside 80 columns, where help wraps.
            for line in discussion.split(separator: "\n") where line.hasPrefix("  ") {
                #expect(line.count < 80, "assess \(path) --help: an example line wraps at 80 columns: \(line)")
            }
        }
    }

    @Test("--help prints the examples", arguments: [["--help"], ["exercise", "replay", "--help"], ["attempts", "mark", "--help"],
                                                    ["take", "--help"], ["api-docs", "--help"], ["new", "--help"]])
    func helpShowsExamples(_ arguments: [String]) throws {
        let result = try assess(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Examples:"), "\(result.stdout)")
    }
}

@Suite("assess --generate-completion-script")
struct CompletionTests {
    static let subcommands = ["list", "show", "check", "new", "score", "report", "simulate", "test", "lua", "api-docs",
                              "exercise", "attempts", "take"]

    @Test("bash, zsh and fish scripts are produced and name every subcommand", arguments: ["bash", "zsh", "fish"])
    func scripts(_ shell: String) throws {
        let result = try assess(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.stderr)")
        for name in Self.subcommands { #expect(result.stdout.contains(name), "\(shell) script lacks \(name)") }
        #expect(result.stdout.contains("resume") && result.stdout.contains("transcript"), "sub-subcommands too")
        if shell == "zsh" { #expect(result.stdout.hasPrefix("#compdef assess")) }
    }

    /// Completes the words in bash, as the shell does on TAB, by sourcing the generated script.
    func bashComplete(_ words: [String]) throws -> [String] {
        let script = try assess(["--generate-completion-script", "bash"]).stdout
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("assess.bash")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let quoted = words.map { "'" + $0 + "'" }.joined(separator: " ")
        let driver = """
            source '\(file.path)'
            COMP_WORDS=(\(quoted))
            COMP_WORDS[0]='\(assessExecutable.path)'
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            _assess assess "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", driver]
        process.currentDirectoryURL = packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test("bash completes subcommands, bundled instrument ids, paths and option values")
    func bashCompletes() throws {
        #expect(try bashComplete(["assess", "sh"]) == ["show"])
        #expect(try bashComplete(["assess", "exercise", "re"]) == ["resume", "replay"])
        #expect(try bashComplete(["assess", "show", "hlm-"]) == ["hlm-360", "hlm-self"])
        // (board-competency-self: `make demo` writes other hlm-self files beside the example data)
        #expect(try bashComplete(["assess", "score", "board-competency-self", "Examples/data/board-c"]) == ["Examples/data/board-competency-self.csv"])
        #expect(try bashComplete(["assess", "score", "hlm-self", "x.csv", "--format", ""]) == ["json", "csv", "jsonl"])
        #expect(try bashComplete(["assess", "report", "hlm-360", "--reporter", "feedback-"]) == ["feedback-html", "feedback-markdown"])
        #expect(try bashComplete(["assess", "take", "hlm-360", "--rater", "p"]) == ["peer"])
        #expect(try bashComplete(["assess", "new", "instrument", "x", "--from", "hlm-s"]) == ["hlm-self"])
    }

    /// Whether `interpreter -n` accepts the script generated for `shell`.
    func parses(_ shell: String, with interpreter: String) throws -> Bool {
        let script = try assess(["--generate-completion-script", shell]).stdout
        let file = try temporaryFolder().appendingPathComponent("assess.\(shell)")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-n", file.path]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("the bash script parses in bash")
    func bashSyntax() throws { #expect(try parses("bash", with: "/bin/bash")) }

    @Test("the zsh script parses in zsh", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh"), "zsh is not installed"))
    func zshSyntax() throws { #expect(try parses("zsh", with: "/usr/bin/zsh")) }

    @Test("the fish script parses in fish", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/fish"), "fish is not installed"))
    func fishSyntax() throws { #expect(try parses("fish", with: "/usr/bin/fish")) }

    @Test("attempt ids complete from the store named by --store")
    func attemptIDs() throws {
        let folder = try temporaryFolder()
        let sjt = packageRoot.appendingPathComponent("Examples/exercises/sjt-leadership").path
        _ = try assess(["exercise", "run", sjt, "--store", folder.appendingPathComponent("c.sqlite").path, "--protocol", "jsonl"], stdin: "")
        let words = ["assess", "attempts", "show", "--store", folder.appendingPathComponent("c.sqlite").path, "a"]
        #expect(try bashComplete(words) == ["a0001"])
    }

    @Test("assessor prompts complete from the attempt named before them")
    func assessorPrompts() throws {
        let folder = try temporaryFolder()
        let store = folder.appendingPathComponent("m.sqlite").path
        let transcript = packageRoot.appendingPathComponent("Examples/exercises/in-tray/tests/on-time/transcript.jsonl")
        let answers = try String(contentsOf: transcript, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.replacingOccurrences(of: #",\"at\":\"[^\"]*\""#, with: "", options: .regularExpression) }
        let tray = packageRoot.appendingPathComponent("Examples/exercises/in-tray").path
        let run = try assess(["exercise", "run", tray, "--protocol", "jsonl", "--store", store], stdin: answers.joined(separator: "\n") + "\n")
        #expect(run.stdout.contains(#""status":"awaiting_marks""#), "\(run.stderr)")
        #expect(try bashComplete(["assess", "attempts", "mark", "--store", store, "a0001", "m"]) == ["m2_reply_mark", "m4_reply_mark"])
        #expect(try bashComplete(["assess", "attempts", "list", "--store", store, "--exercise", ""]) == ["in-tray"])
    }
}

@Suite("make man: the man page from the same definitions")
struct ManualTests {
    static let tool = assessExecutable.deletingLastPathComponent().appendingPathComponent("generate-manual-tool")

    @Test("generate-manual makes assess.1 with every command, its examples and options",
          .enabled(if: FileManager.default.isExecutableFile(atPath: tool.path), "run make man once to build swift-argument-parser's generate-manual tool"))
    func manPage() throws {
        let folder = try temporaryFolder()
        let process = Process()
        process.executableURL = Self.tool
        process.arguments = [assessExecutable.path, "--output-directory", folder.path, "--date", "2026-12-01"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let page = try String(contentsOf: folder.appendingPathComponent("assess.1"), encoding: .utf8)
        #expect(page.contains(".Dd December 1, 2026"))
        #expect(page.contains(".Sh NAME\n.Nm assess\n"))
        for name in CompletionTests.subcommands { #expect(page.contains(".It Em \(name)\n"), "no section for \(name)") }
        #expect(page.contains("assess attempts mark a0003 m2_reply_mark 2"))
        #expect(page.contains("Fl -on-invalid"))
        #expect(!page.contains("header-limits"), "hidden options stay hidden")
    }
}

@Suite("--json for tools")
struct JSONOutputTests {
    @Test("check --json: one object per file, problems listed, exit 1 when any")
    func check() throws {
        let good = try assess(["check", "Instruments/hlm-self", "--json"])
        #expect(good.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as! [[String: Any]]
        #expect(rows.count == 1 && rows[0]["id"] as? String == "hlm-self" && rows[0]["items"] as? Int == 45)
        let folder = try temporaryFolder()
        try #"return assess.instrument { api = 1, id = "bad", version = "1.0.0", title = "Bad" }"#
            .write(to: folder.appendingPathComponent("instrument.lua"), atomically: true, encoding: .utf8)
        let bad = try assess(["check", "instrument.lua", "--json"], in: folder)
        #expect(bad.status == 1)
        let problems = (try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as! [[String: Any]])[0]["problems"] as! [[String: Any]]
        #expect(problems.count == 1)
        #expect(problems.first?["file"] as? String == "instrument.lua" && problems.first?["line"] as? Int == 1)
        #expect(problems.first?["message"] as? String == "instrument has no dimensions (declare dimensions = { ... })")
        #expect(bad.stderr.isEmpty, "with --json the problems are on stdout only")
    }

    @Test("score --json: the summary as one JSON object on stderr; the scores stay on stdout")
    func score() throws {
        let ok = try assess(["score", "hlm-self", "Examples/data/hlm-self.csv", "--json", "--format", "csv"])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("subject,dimension,score,band"))
        #expect(ok.stderr == #"{"ok":true,"problems":[],"rejected":0,"responses":40,"subjects":40}"# + "\n")

        let folder = try temporaryFolder()
        try "respondent,subject,rater,isp_1\nr1,s1,self,9\n".write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let failed = try assess(["score", "hlm-self", "in.csv", "--json", "--out", "s.json"], in: folder)
        #expect(failed.status == 65)
        #expect(failed.stdout.isEmpty)
        let summary = try JSONSerialization.jsonObject(with: Data(failed.stderr.utf8)) as! [String: Any]
        #expect(summary["ok"] as? Bool == false)
        let problem = (summary["problems"] as! [[String: Any]])[0]
        #expect(problem["file"] as? String == "in.csv" && problem["row"] as? Int == 2 && problem["column"] as? Int == 4)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s.json").path))

        let skipped = try assess(["score", "hlm-self", "in.csv", "--json", "--out", "s.json", "--on-invalid", "skip"], in: folder)
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains(#""rejected":1,"rejects":"s.rejects.csv""#), "\(skipped.stderr)")
    }

    @Test("score --json: an error no catch explained still lands in the object, with its exit status")
    func scoreUnexplained() {
        let messages = ScoreMessages(json: true)
        let thrown = messages.unexplained(CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "out/s.json"]))
        #expect((thrown as? ExitCode)?.rawValue == 64)
        #expect(messages.report.ok == false)
        #expect(messages.report.problems.map(\.message) == ["out/s.json: permission denied: choose a place you may write to, or change its permissions"])
        #expect((messages.unexplained(ValidationError("cannot write x")) as? ExitCode)?.rawValue == 64)
        let text = ScoreMessages(json: false)
        #expect(text.unexplained(ValidationError("cannot write x")) is ValidationError, "without --json, assess reports it as usual")
    }

    @Test("test --json: every case and the counts, the same bytes each run")
    func test() throws {
        let folder = try failingCase()
        let first = try assess(["test", "drift", "--json"], in: folder)
        #expect(first.status == 1)
        struct Report: Decodable {
            struct Case: Decodable { var name: String; var status: String; var message: String }
            var cases: [Case]; var passed: Int; var failed: Int; var skipped: Int
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(first.stdout.utf8))
        #expect(report.passed == 0 && report.failed == 1 && report.skipped == 0)
        #expect(report.cases.map(\.name) == ["drift/tests/model"])
        #expect(report.cases[0].message.contains("+++"), "the diff is in the message")
        #expect(!first.stdout.contains(escape))
        #expect(try assess(["test", "drift", "--json"], in: folder).stdout == first.stdout)
    }

    @Test("attempts list --json")
    func attempts() throws {
        let folder = try temporaryFolder()
        let sjt = packageRoot.appendingPathComponent("Examples/exercises/sjt-leadership").path
        _ = try assess(["exercise", "run", sjt, "--protocol", "jsonl", "--participant", "p9"], stdin: "", in: folder)
        let result = try assess(["attempts", "list", "--json"], in: folder)
        #expect(result.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        #expect(rows.count == 1)
        #expect(rows[0]["attempt"] as? String == "a0001" && rows[0]["participant"] as? String == "p9" && rows[0]["exercise"] as? String == "sjt-leadership")
    }
}

@Suite("assess exercise replay -")
struct ReplayFromStandardInputTests {
    @Test("a transcript on standard input replays like the file")
    func standardInput() throws {
        let case_ = "Examples/exercises/sjt-leadership/tests/typical"
        let transcript = try String(contentsOf: packageRoot.appendingPathComponent("\(case_)/transcript.jsonl"), encoding: .utf8)
        let expected = try String(contentsOf: packageRoot.appendingPathComponent("\(case_)/expected/result.json"), encoding: .utf8)
        let result = try assess(["exercise", "replay", "Examples/exercises/sjt-leadership", "-"], stdin: transcript)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected)
    }
}

@Suite("colour: only on a terminal, never with NO_COLOR or TERM=dumb")
struct ColourTests {
    @Test("the rule", arguments: [
        (true, [:], true), (false, [:], false), (true, ["NO_COLOR": "1"], false), (true, ["NO_COLOR": ""], true),
        (true, ["TERM": "dumb"], false), (true, ["TERM": "xterm-256color"], true),
    ] as [(Bool, [String: String], Bool)])
    func rule(_ isTerminal: Bool, _ environment: [String: String], _ expected: Bool) {
        #expect(Terminal.usesColour(isTerminal: isTerminal, environment: environment) == expected)
    }

    @Test("output to files has no escape codes, with or without NO_COLOR")
    func filesArePlain() throws {
        let folder = try failingCase()
        for environment in [[:], ["NO_COLOR": "1"], ["TERM": "xterm-256color"]] {
            let tested = try assess(["test", "drift"], in: folder, adding: environment)
            #expect(tested.status == 1)
            #expect(tested.stdout.contains("FAIL drift/tests/model"))
            #expect(!tested.stdout.contains(escape) && !tested.stderr.contains(escape))
            let error = try assess(["show", "hlm-306"], in: folder, adding: environment)
            #expect(error.status == 65 && !error.stderr.contains(escape))
        }
    }

    @Test("on a terminal: colour, unless NO_COLOR or TERM=dumb", .enabled(if: hasScript, "needs util-linux script for a pseudo-terminal"))
    func terminal() throws {
        let folder = try failingCase()
        let coloured = try assessOnTerminal(["test", "drift"], in: folder, environment: ["TERM": "xterm"])
        #expect(coloured.contains("\u{1B}[31mFAIL\u{1B}[0m drift/tests/model"), "\(coloured)")
        let error = try assessOnTerminal(["show", "hlm-306"], in: folder, environment: ["TERM": "xterm"])
        #expect(error.contains("\u{1B}[31mhlm-306: no such instrument"), "\(error)")
        for environment in [["TERM": "xterm", "NO_COLOR": "1"], ["TERM": "dumb"]] {
            let plain = try assessOnTerminal(["test", "drift"], in: folder, environment: environment)
            #expect(plain.contains("FAIL drift/tests/model"))
            #expect(!plain.contains(escape), "\(environment): \(plain)")
            #expect(!(try assessOnTerminal(["show", "hlm-306"], in: folder, environment: environment)).contains(escape))
        }
    }
}

@Suite("exit statuses (DESIGN: 0, 1, 64, 65, 70)")
struct ExitStatusTests {
    @Test("0: success")
    func success() throws {
        #expect(try assess(["list"]).status == 0)
        #expect(try assess(["check", "Instruments/hlm-self"]).status == 0)
    }

    @Test("1: tests or checks ran and failed")
    func failed() throws {
        let folder = try failingCase()
        let tested = try assess(["test", "drift"], in: folder)
        #expect(tested.status == 1)
        #expect(tested.stdout.hasSuffix("0 passed, 1 failed\n"))
        let sjt = "Examples/exercises/sjt-leadership"
        let replay = try assess(["exercise", "replay", sjt, "\(sjt)/tests/typical/transcript.jsonl",
                                 "--expect", "Examples/exercises/in-tray/tests/on-time/expected/result.json"])
        #expect(replay.status == 1)
        #expect(replay.stderr.contains("if the change is intended, rewrite it with: assess exercise replay"))
    }

    @Test("64: usage errors, each with what to do next", arguments: [
        (["score", "hlm-self"], "See 'assess score --help'"),
        (["list", "--nonsense"], "See 'assess list --help'"),
        (["score", "hlm-self", "no-such.csv"], "no-such.csv: no such file"),
        (["score", "hlm-self", "Examples/data/hlm-self.csv", "--format", "xml"], "--format must be json, csv or jsonl"),
        (["score", "hlm-self", "Examples/data/hlm-self.csv", "--out", "no/such/folder/s.json"], "the folder no/such/folder does not exist (create it first"),
        (["simulate", "hlm-self", "--out", "Examples"], "that is a folder; give a file name"),
        (["check", "Examples/sandbox/no-such"], "no such file or folder"),
        (["check", "Examples/data"], "See 'assess check --help'"),
        (["new", "instrument", "x", "--from", "no-such"], "no bundled instrument 'no-such' (see assess list)"),
    ] as [([String], String)])
    func usage(_ arguments: [String], _ expected: String) throws {
        let result = try assess(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
    }

    @Test("65: bad data, a script error or a limit, each with what to do next")
    func data() throws {
        let folder = try temporaryFolder()
        try "respondent,subject,rater,isp_1\nr1,s1,self,9\n".write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let score = try assess(["score", "hlm-self", "in.csv"], in: folder)
        #expect(score.status == 65)
        #expect(score.stderr.hasSuffix("nothing was written: fix the rows above, or score the valid rows with --on-invalid skip\n"))
        let lua = try assess(["lua", "Examples/sandbox/runaway.lua", "--instructions", "100000"])
        #expect(lua.status == 65)
        #expect(lua.stderr.contains("instruction limit exceeded"))
        #expect(lua.stderr.hasSuffix("(if the script needs more, raise the limit with --instructions N)\n"))
        let show = try assess(["show", "hlm-306"])
        #expect(show.status == 65 && show.stderr.contains("did you mean 'hlm-360'?"))
        let store = try assess(["attempts", "list", "--store", folder.appendingPathComponent("none.sqlite").path])
        #expect(store.status == 65 && store.stderr.contains("no such store"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none.sqlite").path))
    }

    @Test("70: an error no command explained is an internal error, not 'checks failed'")
    func internalError() {
        struct Unexpected: Error {}
        let described = Failure.describe(Unexpected())
        #expect(described?.status == 70)
        #expect(described?.message.hasPrefix("internal error: ") == true)
        #expect(described?.message.hasSuffix("(please report it, with the command you ran)") == true)
    }

    @Test("library errors that escape a command keep their message and exit 65; file errors name the file")
    func mapping() {
        #expect(Failure.describe(ExitCode(1)) == nil)
        let located = Failure.describe(Diagnostics([Diagnostic(file: "a.lua", line: 3, message: "bad")]))
        #expect(located?.message == "a.lua:3: bad" && located?.status == 65)
        let file = Failure.describe(CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: "/x/out.csv"]))
        #expect(file?.status == 64)
        #expect(file?.message == "/x/out.csv: permission denied: choose a place you may write to, or change its permissions")
        let other = Failure.describe(CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "/dev/null/x", NSUnderlyingErrorKey: POSIXError(.ENOTDIR)]))
        #expect(other?.message == "/dev/null/x: cannot read or write it (Not a directory): check the path and its permissions")
    }
}
