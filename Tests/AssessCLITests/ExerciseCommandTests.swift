import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs `assess` with `input` on stdin (a file, so the child sees a plain non-terminal stdin).
func assess(_ arguments: [String], stdin input: String, in directory: URL = packageRoot,
            environment: [String: String]? = nil) throws -> CommandResult {
    let scratch = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let inURL = scratch.appendingPathComponent("stdin"), outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    try Data(input.utf8).write(to: inURL)
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = assessExecutable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    let inHandle = try FileHandle(forReadingFrom: inURL), out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardInput = inHandle
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return CommandResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// `assess` running under a pseudo-terminal: we hold the master side, the child has the slave as
/// stdin, stdout and stderr, so it sees a real terminal.
final class PseudoTerminalProcess {
    let process = Process()
    let master: Int32
    private(set) var output = ""

    init(_ arguments: [String], in directory: URL, environment: [String: String]) throws {
        master = PseudoTerminalProcess.libc.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PseudoTerminalProcess.libc.grant(master) == 0, PseudoTerminalProcess.libc.unlock(master) == 0,
              let name = PseudoTerminalProcess.libc.name(master) else {
            throw POSIXError(.ENODEV)
        }
        let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENODEV) }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = assessExecutable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
    }

    deinit { close(master) }

    /// The C library's pseudo-terminal functions, looked up at run time: Swift's Glibc module
    /// leaves them out (they need _XOPEN_SOURCE).
    struct PTYFunctions {
        let openpt: @convention(c) (Int32) -> Int32
        let grant: @convention(c) (Int32) -> Int32
        let unlock: @convention(c) (Int32) -> Int32
        let name: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    }

    static let libc: PTYFunctions = {
        let handle = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as: T.Type) -> T { unsafeBitCast(dlsym(handle, name)!, to: T.self) }
        return PTYFunctions(openpt: symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self),
                            grant: symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self),
                            unlock: symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self),
                            name: symbol("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self))
    }()

    /// Reads until `text` has appeared after `from` (an offset into ``output``); returns the
    /// offset just after it. Gives up after a generous safety deadline (the test then fails).
    @discardableResult
    func waitFor(_ text: String, after from: String.Index? = nil) -> String.Index? {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let start = from ?? output.startIndex
            if let range = output.range(of: text, range: start..<output.endIndex) { return range.upperBound }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { if !process.isRunning { return nil }; continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { return nil }
            output += String(decoding: buffer.prefix(n), as: UTF8.self)
        }
        return nil
    }

    /// Waits for the child to exit; a child still running after a generous safety deadline is
    /// killed, so a broken build fails the test instead of hanging it.
    func waitForExit() {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }
}

let sjtExercise = packageRoot.appendingPathComponent("Examples/exercises/sjt-leadership").path

@Suite("assess exercise and assess attempts")
struct ExerciseCommandTests {
    @Test("killed with SIGKILL under a terminal after two answers, resumed, nothing lost; the export scores with sjt")
    func killAndResume() throws {
        let folder = try temporaryFolder()
        let store = folder.appendingPathComponent("assess.sqlite").path
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "NO_COLOR")
        let child = try PseudoTerminalProcess(["exercise", "run", sjtExercise, "--store", store, "--participant", "p01", "--seed", "7"],
                                              in: folder, environment: environment)
        var mark = child.waitFor("Rank all 4")
        #expect(mark != nil, "no first prompt: \(child.output)")
        #expect(child.output.contains("\u{1B}[1m"), "a terminal gets colour")
        child.type("1 2 3 4\n")
        mark = child.waitFor("Choose 3", after: mark)
        #expect(mark != nil, "no second prompt: \(child.output)")
        child.type("2 4 6\n")
        mark = child.waitFor("Scenario 3 of 8", after: mark)
        #expect(mark != nil, "no third prompt: \(child.output)")
        kill(child.process.processIdentifier, SIGKILL)
        child.waitForExit()
        #expect(child.process.terminationReason == .uncaughtSignal)

        let shown = try assess(["attempts", "show", "a0001", "--store", store], in: folder)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("status       in_progress"))
        #expect(shown.stdout.contains("s1_rank  = ["), "\(shown.stdout)")
        #expect(shown.stdout.contains("s2_choose  = ["), "\(shown.stdout)")
        #expect(shown.stdout.contains("s3_rank  (not answered)"), "\(shown.stdout)")
        let before = shown.stdout.split(separator: "\n").filter { $0.contains("s1_rank") || $0.contains("s2_choose") }

        // Resume with stdin that is not a terminal: the remaining six scenarios and the last question.
        let resumed = try assess(["exercise", "resume", "a0001", "--store", store, "--print-result"],
                                 stdin: "1 2 3 4\n1 2 3 4\n1 2 3\n1 2 3 4\n1 2 3\n1 2 3 4\ny\n", in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("answered earlier: A tired team after a hard night"))
        #expect(!resumed.stdout.contains("Scenario 1 of 8"), "answered prompts are not asked again")
        #expect(resumed.stdout.contains("\"status\": \"complete\""))
        #expect(!resumed.stdout.contains("\u{1B}["), "no colour when stdin and stdout are files")

        let after = try assess(["attempts", "show", "a0001", "--store", store], in: folder)
        #expect(after.stdout.contains("status       complete"))
        for line in before { #expect(after.stdout.contains(line), "answer kept: \(line)") }
        #expect(after.stdout.split(separator: "\n").filter { $0.contains("  = ") }.count == 9)

        // Replaying the attempt's transcript gives the stored result, byte for byte.
        let transcript = try assess(["attempts", "transcript", "a0001", "--store", store], in: folder)
        #expect(transcript.status == 0, "\(transcript.stderr)")
        try Data(transcript.stdout.utf8).write(to: folder.appendingPathComponent("t.jsonl"))
        let replayed = try assess(["exercise", "replay", sjtExercise, "t.jsonl"], in: folder)
        #expect(replayed.status == 0, "\(replayed.stderr)")
        let resultText = resumed.stdout.range(of: "{\n  \"exercise\"").map { String(resumed.stdout[$0.lowerBound...]) }
        #expect(resultText == replayed.stdout)

        let exported = try assess(["attempts", "export", "--store", store, "--out", "sjt.csv"], in: folder)
        #expect(exported.status == 0, "\(exported.stderr)")
        let scored = try assess(["score", sjtExercise, "sjt.csv", "--format", "csv"], in: folder)
        #expect(scored.status == 0, "\(scored.stderr)")
        #expect(scored.stdout.contains("p01,leading_with_care,"))
        #expect(scored.stderr.contains("scored 1 subject(s) from 1 response(s)"))
    }

    @Test("Ctrl-C (SIGINT) during a timed prompt saves the attempt and exits 130; the countdown is shown")
    func interruptSaves() throws {
        let folder = try temporaryFolder()
        let store = folder.appendingPathComponent("assess.sqlite").path
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["NO_COLOR"] = "1"
        let tray = packageRoot.appendingPathComponent("Examples/exercises/in-tray").path
        let child = try PseudoTerminalProcess(["exercise", "run", tray, "--store", store, "--seed", "1"], in: folder, environment: environment)
        var mark = child.waitFor("How urgent is it?")
        #expect(mark != nil, "no first prompt: \(child.output)")
        mark = child.waitFor("Time left: ", after: mark)
        #expect(mark != nil, "no countdown: \(child.output)")
        #expect(!child.output.contains("\u{1B}[1m"), "NO_COLOR turns colour off")
        child.type("1\n")
        mark = child.waitFor("What will you do about it?", after: mark)
        #expect(mark != nil, "no second prompt: \(child.output)")
        kill(child.process.processIdentifier, SIGINT)
        child.waitFor("continue with: assess exercise resume a0001", after: mark)
        child.waitForExit()
        #expect(child.process.terminationStatus == 130)
        let shown = try assess(["attempts", "show", "a0001", "--store", store], in: folder)
        #expect(shown.stdout.contains("status       in_progress"))
        #expect(shown.stdout.contains("m1_priority  = \"now\""), "\(shown.stdout)")
    }

    @Test("TERM=dumb on a terminal gets plain numbered prompts, no escape codes; a wrong entry is explained and asked again")
    func dumbTerminal() throws {
        let folder = try temporaryFolder()
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "dumb"
        environment.removeValue(forKey: "NO_COLOR")
        let speaking = packageRoot.appendingPathComponent("Examples/exercises/speaking-up").path
        let child = try PseudoTerminalProcess(["exercise", "run", speaking, "--store", "s.sqlite", "--seed", "1"], in: folder, environment: environment)
        var mark = child.waitFor("Type the number of your choice.")
        #expect(mark != nil, "no first prompt: \(child.output)")
        #expect(child.output.contains("  1) Ask Sam to wait a moment"))
        child.type("7\n")
        mark = child.waitFor("! 7 is not one of the numbers 1 to 3", after: mark)
        #expect(mark != nil, "no refusal: \(child.output)")
        child.type("1\n")
        mark = child.waitFor("Sam's reply", after: mark)
        #expect(mark != nil, "no second prompt: \(child.output)")
        #expect(!child.output.contains("\u{1B}"), "no escape codes with TERM=dumb")
        kill(child.process.processIdentifier, SIGKILL)
        child.waitForExit()
    }

    @Test("the protocol refuses malformed lines with an error line and keeps the attempt; it resumes over the protocol too")
    func protocolRun() throws {
        let folder = try temporaryFolder()
        let store = folder.appendingPathComponent("s.sqlite").path
        let first = try assess(["exercise", "run", sjtExercise, "--store", store, "--seed", "1", "--protocol", "jsonl"],
                               stdin: "not json\n{\"id\":\"s1_rank\",\"answer\":[\"a\",\"b\"]}\n{\"id\":\"s1_rank\",\"answer\":[\"a\",\"b\",\"c\",\"d\"]}\n", in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix(#"{"attempt":"a0001","exercise":"sjt-leadership""#) == true)
        #expect(lines.contains(#"{"id":"s1_rank","line":1,"message":"not valid JSON at column 1: not a JSON value","type":"error"}"#))
        #expect(lines.contains(#"{"id":"s1_rank","line":2,"message":"a ranking lists every option once (missing: c, d)","type":"error"}"#))
        #expect(lines.last?.hasPrefix(#"{"attempt":"a0001","message":"attempt a0001 saved (next: prompt 's2_choose')"#) == true)
        let answers = "{\"id\":\"s2_choose\",\"answer\":[\"a\",\"c\",\"d\"]}\n" + ["s3_rank", "s4_rank", "s6_rank", "s8_rank"].map { "{\"id\":\"\($0)\",\"answer\":[\"a\",\"b\",\"c\",\"d\"]}\n" }.joined()
            + "{\"id\":\"s5_choose\",\"answer\":[\"a\",\"c\",\"e\"]}\n{\"id\":\"s7_choose\",\"answer\":[\"a\",\"c\",\"e\"]}\n{\"id\":\"conditions\",\"answer\":false}\n"
        // Answers in the order the exercise asks them.
        let ordered = answers.split(separator: "\n").sorted { a, b in
            let order = ["s2_choose", "s3_rank", "s4_rank", "s5_choose", "s6_rank", "s7_choose", "s8_rank", "conditions"]
            return order.firstIndex { a.contains("\"\($0)\"") }! < order.firstIndex { b.contains("\"\($0)\"") }!
        }.joined(separator: "\n") + "\n"
        let resumed = try assess(["exercise", "resume", "a0001", "--store", store, "--protocol", "jsonl"], stdin: ordered, in: folder)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let out = resumed.stdout.split(separator: "\n").map(String.init)
        #expect(out.contains { $0.hasPrefix(#"{"answer":["a","b","c","d"],"prompt":{"id":"s1_rank""#) && $0.hasSuffix(#""type":"recall"}"#) })
        #expect(out.last?.hasPrefix(#"{"attempt":"a0001","outcome":{"#) == true)
        #expect(out.last?.contains(#""status":"complete""#) == true)
    }

    @Test("replay compares with an expected result, and a malformed transcript fails with exit 65 and its location")
    func replay() throws {
        let typical = "\(sjtExercise)/tests/typical"
        let ok = try assess(["exercise", "replay", sjtExercise, "\(typical)/transcript.jsonl", "--expect", "\(typical)/expected/result.json"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("ok  "))
        let differs = try assess(["exercise", "replay", sjtExercise, "\(typical)/transcript.jsonl",
                                  "--expect", "\(sjtExercise)/tests/export-scores/expected/scores.json"])
        #expect(differs.status == 1)
        #expect(differs.stdout.contains("+++ replayed"))
        let bad = try assess(["exercise", "replay", sjtExercise, "\(sjtExercise)/tests/bad-json/transcript.jsonl"])
        #expect(bad.status == 65)
        #expect(bad.stderr.hasSuffix("transcript.jsonl:4:43: not valid JSON: expected ',' or '}', found the end of the line\n"))
    }

    @Test("assess take administers a questionnaire through the exercise engine, resumes, and shows the report (or the scores)")
    func take() throws {
        let folder = try temporaryFolder()
        let partial = try assess(["take", "hlm-self", "--participant", "p09"], stdin: String(repeating: "4\n", count: 45), in: folder)
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stderr.contains("continue with: assess take hlm-self --resume a0001"))
        let finished = try assess(["take", "hlm-self", "--resume", "a0001", "--reports", "reports"],
                                  stdin: "Leading the ward through the winter surge.\nMore delegation.\n", in: folder)
        #expect(finished.status == 0, "\(finished.stderr)")
        #expect(finished.stdout.contains("Self-assessment for **p09**"), "\(finished.stdout)")
        #expect(finished.stdout.contains("Overall: **3.40** (Exemplary)"), "\(finished.stdout)")
        #expect(finished.stderr.contains("wrote reports/p09-self-assessment.html"), "\(finished.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/p09-self-assessment.md").path))
        let scores = try assess(["take", "hlm-self", "--participant", "p10", "--format", "csv"],
                                stdin: String(repeating: "4\n", count: 45) + "Steady in a crisis.\nMore delegation.\n", in: folder)
        #expect(scores.stdout.contains("subject,dimension,score,band"), "\(scores.stderr)")
        #expect(scores.stdout.contains("p10,overall,3.4000,Exemplary,9,"), "\(scores.stdout)")
        let unknown = try assess(["take", "hlm-self", "--rater", "peer"], stdin: "", in: folder)
        #expect(unknown.status == 65)
        #expect(unknown.stderr.hasPrefix("hlm-self has no rater group 'peer'"))
    }

    @Test("an in-tray attempt over the protocol awaits marks; marking both replies completes it with a total")
    func marking() throws {
        let folder = try temporaryFolder()
        let transcript = packageRoot.appendingPathComponent("Examples/exercises/in-tray/tests/on-time/transcript.jsonl")
        let lines = try String(contentsOf: transcript, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.replacingOccurrences(of: #",\"at\":\"[^\"]*\""#, with: "", options: .regularExpression) }
        let tray = packageRoot.appendingPathComponent("Examples/exercises/in-tray").path
        let run = try assess(["exercise", "run", tray, "--protocol", "jsonl", "--participant", "p01"], stdin: lines.joined(separator: "\n") + "\n", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""status":"awaiting_marks""#))
        let list = try assess(["attempts", "list"], in: folder)
        #expect(list.stdout.contains("a0001    p01          in-tray   awaiting_marks"), "\(list.stdout)")
        let wrong = try assess(["attempts", "mark", "a0001", "m2_reply_mark", "7"], in: folder)
        #expect(wrong.status == 65)
        #expect(wrong.stderr == "prompt 'm2_reply_mark': 7 is not a mark of the rubric (marks: 0, 1, 2, 3)\n")
        let first = try assess(["attempts", "mark", "a0001", "m2_reply_mark", "2", "--assessor", "Ward sister"], in: folder)
        #expect(first.stdout == "marked a0001 m2_reply_mark = 2; status awaiting_marks (still to mark: m4_reply_mark)\n")
        let second = try assess(["attempts", "mark", "a0001", "m4_reply_mark", "3"], in: folder)
        #expect(second.stdout == "marked a0001 m4_reply_mark = 3; status complete\n")
        let shown = try assess(["attempts", "show", "a0001"], in: folder)
        #expect(shown.stdout.contains("m4_reply_mark  mark 3"))
        #expect(shown.stdout.contains(#""total": {"#))
    }

    @Test("a missing exercise or attempt is a clear error")
    func missing() throws {
        let folder = try temporaryFolder()
        let run = try assess(["exercise", "run", "nowhere.lua", "--store", "s.sqlite"], stdin: "", in: folder)
        #expect(run.status == 65)
        #expect(run.stderr == "nowhere.lua: no such exercise file (give an exercise folder holding exercise.lua, or the .lua file itself)\n")
        let noStore = try assess(["exercise", "resume", "a0042", "--store", "s.sqlite"], stdin: "", in: folder)
        #expect(noStore.status == 65)
        #expect(noStore.stderr.hasPrefix("s.sqlite: no such store (attempts are recorded by assess exercise run"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s.sqlite").path), "resume never creates a store")
        let sjt = packageRoot.appendingPathComponent("Examples/exercises/sjt-leadership").path
        _ = try assess(["exercise", "run", sjt, "--store", "s.sqlite", "--protocol", "jsonl"], stdin: "", in: folder)
        let resume = try assess(["exercise", "resume", "a0042", "--store", "s.sqlite"], stdin: "", in: folder)
        #expect(resume.status == 65)
        #expect(resume.stderr == "s.sqlite: no attempt 'a0042' (see assess attempts list)\n")
    }
}
