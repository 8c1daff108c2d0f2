import AssessExercises
import AssessModel
import Foundation
import LuaRuntime
import Testing

@Suite("JSON Lines protocol and transcripts")
struct ProtocolTests {
    /// Runs the every-kind exercise over the protocol with `input` lines; returns the output lines.
    func converse(_ input: [String]) throws -> (AttemptRunner.Ending, [String]) {
        let script = try makeScript(everyKind)
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data((input.joined(separator: "\n") + "\n").utf8))
        try pipe.fileHandleForWriting.close()
        var lines: [String] = []
        let frontEnd = ProtocolFrontEnd(input: LineInput(fd: pipe.fileHandleForReading.fileDescriptor), clock: { fixedStart }) { lines.append($0) }
        let runner = AttemptRunner(script: script, context: AttemptContext(attemptID: "t", participant: "p", seed: 1, started: fixedStart))
        runner.clock = { fixedStart }
        let ending = try LuaThread.shared.run { try runner.run(frontEnd) }
        return (ending, lines)
    }

    @Test("malformed lines get an error line naming the input line and the attempt goes on")
    func malformedLines() throws {
        let (ending, lines) = try converse([
            #"{"id":"ready","answer":true"#,
            #"[1,2]"#,
            #"{"id":"other","answer":true}"#,
            #"{"id":"ready","answer":true,"extra":1}"#,
            #"{"id":"ready","answer":"yes"}"#,
            #"{"id":"ready","answer":true}"#,
            #"{"id":"one","answer":"y"}"#,
        ])
        guard case .stopped(let next) = ending else { Issue.record("expected a stop at the end of input"); return }
        #expect(next == "many")
        let errors = lines.filter { $0.contains(#""type":"error""#) }
        #expect(errors == [
            #"{"id":"ready","line":1,"message":"not valid JSON at column 28: expected ',' or '}', found the end of the line","type":"error"}"#,
            #"{"id":"ready","line":2,"message":"expected a JSON object {\"id\": ..., \"answer\": ...}","type":"error"}"#,
            #"{"id":"ready","line":3,"message":"the waiting prompt is 'ready', not 'other'","type":"error"}"#,
            #"{"id":"ready","line":4,"message":"unknown field 'extra' (an answer has id and answer, or id and timeout)","type":"error"}"#,
            #"{"id":"ready","line":5,"message":"expected true or false","type":"error"}"#,
        ])
        #expect(lines.first == #"{"prompt":{"id":"say-1","kind":"say","text":"Welcome"},"type":"show"}"#)
    }

    @Test("a whole conversation finishes with the same outcome as scripted answers")
    func wholeConversation() throws {
        let (ending, _) = try converse([
            #"{"id":"ready","answer":true}"#, #"{"id":"one","answer":"y"}"#, #"{"id":"many","answer":["a","c"]}"#,
            #"{"id":"order","answer":["r","p","q"]}"#, #"{"id":"rating","answer":4}"#, #"{"id":"words","timeout":true}"#,
            #"{"id":"pause-1","answer":null}"#,
        ])
        let viaProtocol = try #require(ending.outcome)
        let scripted = try #require(try runScripted(try makeScript(everyKind), everyKindReplies).0.outcome)
        #expect(viaProtocol.json == scripted.json)
    }

    @Test("transcript problems are located by line and column", arguments: [
        ("{\"id\":\"a\",\"answer\":1}\n{\"id\":\"a\",\"answer\":2}", "t.jsonl:2: prompt 'a' is answered twice (also line 1)"),
        ("{\"id\":\"a\"}", "t.jsonl:1: missing \"answer\" (or \"timeout\": true) for prompt 'a'"),
        ("{\"id\":\"a\",\"answer\":1,\"timeout\":true}", "t.jsonl:1: give either \"answer\" or \"timeout\", not both"),
        ("{\"id\":\"a\",\"answer\":1}\n{\"transcript\":1}", "t.jsonl:2: the header line ({\"transcript\": 1, ...}) must come first"),
        ("{\"id\":\"a\",\"answer\":[1,}", "t.jsonl:1:23: not valid JSON: not a JSON value"),
        ("{\"id\":\"a\",\"answr\":1}", "t.jsonl:1: unknown field 'answr' (an answer line has id, answer or timeout, and optionally at)"),
        ("{\"id\":\"a\",\"answer\":1,\"at\":\"yesterday\"}", "t.jsonl:1: \"at\" must be a time like 2026-03-02T09:00:00Z"),
    ])
    func transcriptErrors(text: String, message: String) throws {
        let error = try #require(throws: TranscriptError.self) { try Transcript.parse(text, file: "t.jsonl") }
        #expect(error.description == message)
    }

    @Test("a transcript answering a prompt the run never asked is refused")
    func staleTranscript() throws {
        let script = try makeScript("""
            return assess.exercise { api = 1, id = "s", version = "1.0.0", title = "S",
              run = function(ui, ctx) return ui.confirm { id = "a", text = "?" } end }
            """)
        let transcript = try Transcript.parse("{\"id\":\"a\",\"answer\":true}\n{\"id\":\"gone\",\"answer\":1}", file: "t.jsonl")
        let error = try #require(throws: TranscriptError.self) { try LuaThread.shared.run { try Replay.run(script, transcript: transcript) } }
        #expect(error.description == "t.jsonl:2: answers prompt 'gone', which this run of the exercise never asked")
    }

    @Test("JSON text round-trips with sorted keys and fixed numbers")
    func jsonText() throws {
        let value = try JSONText.parse(#"{"b":[1,2.5,-0.125,1e3],"a":"x\u00e9\n","c":null,"d":true}"#)
        #expect(JSONText.encode(value) == #"{"a":"xé\n","b":[1,2.5,-0.125,1000],"c":null,"d":true}"#)
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse(#"{"a":1,"a":2}"#) }
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse("01") }
    }
}
