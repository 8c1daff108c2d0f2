import AssessModel
import Foundation

/// The machine protocol (`--protocol jsonl`): one JSON object per line each way, so a web page or
/// another program can drive any exercise.
///
/// Out (stdout): `{"type":"attempt",...}` first; `{"type":"show","prompt":{...}}` for prompts
/// that take no answer; `{"type":"ask","prompt":{...}}` when an answer is wanted;
/// `{"type":"recall","prompt":{...},"answer":...}` for answers given before a resume;
/// `{"type":"error","line":N,"message":"..."}` when an input line is refused (the same prompt is
/// still waiting); finally `{"type":"result","outcome":{...}}` or `{"type":"stopped",...}`.
///
/// In (stdin): `{"id":"PROMPT","answer":VALUE}` or `{"id":"PROMPT","timeout":true}`. A timed
/// prompt not answered within its time is recorded as timed out.
public final class ProtocolFrontEnd: FrontEnd {
    let input: LineInput
    let output: (String) -> Void
    var lineNumber = 0
    let clock: () -> Date
    private var pending: (prompt: String, at: Date)?

    public init(input: LineInput, clock: @escaping () -> Date = { Date() }, output: @escaping (String) -> Void = { writeAll($0 + "\n") }) {
        self.input = input
        self.output = output
        self.clock = clock
    }

    /// Sends one message.
    public func send(_ fields: [String: JSONValue]) {
        output(JSONText.encode(.object(fields)))
    }

    public func show(_ prompt: Prompt) throws {
        send(["type": .string("show"), "prompt": prompt.json])
    }

    public func recall(_ prompt: Prompt, answer: RecordedAnswer) throws {
        var fields: [String: JSONValue] = ["type": .string("recall"), "prompt": prompt.json, "answer": answer.value ?? .null]
        if answer.timedOut { fields["timeout"] = .bool(true) }
        send(fields)
    }

    public func ask(_ prompt: Prompt) throws -> Reply {
        send(["type": .string("ask"), "prompt": prompt.json])
        // Asked again after a refused line, a timed prompt keeps its first deadline.
        if let timeout = prompt.timeout, pending?.prompt != prompt.id { pending = (prompt.id, clock().addingTimeInterval(timeout)) }
        let deadline = prompt.timeout == nil ? nil : pending?.at
        while true {
            switch input.readLine(deadline: deadline) {
            case .end, .interrupted:
                return .stopped
            case .timedOut:
                send(["type": .string("timeout"), "id": .string(prompt.id), "message": .string("time ran out for prompt '\(prompt.id)'")])
                return .timedOut(at: nil)
            case .line(let line):
                lineNumber += 1
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                do {
                    return try reply(to: prompt, line: line)
                } catch {
                    send(["type": .string("error"), "line": .number(Double(lineNumber)), "id": .string(prompt.id),
                          "message": .string("\(error)")])
                }
            }
        }
    }

    struct LineProblem: Error, CustomStringConvertible {
        var description: String
    }

    func reply(to prompt: Prompt, line: String) throws -> Reply {
        let value: JSONValue
        do { value = try JSONText.parse(line) } catch { throw LineProblem(description: "not valid JSON at column \(error.column): \(error.message)") }
        guard case .object(let fields) = value else { throw LineProblem(description: "expected a JSON object {\"id\": ..., \"answer\": ...}") }
        for key in fields.keys.sorted() where !["id", "answer", "timeout"].contains(key) {
            throw LineProblem(description: "unknown field '\(key)' (an answer has id and answer, or id and timeout)")
        }
        guard case .string(let id)? = fields["id"] else { throw LineProblem(description: "missing \"id\": the prompt being answered ('\(prompt.id)')") }
        guard id == prompt.id else { throw LineProblem(description: "the waiting prompt is '\(prompt.id)', not '\(id)'") }
        switch (fields["answer"], fields["timeout"]) {
        case (let answer?, nil): return .answer(answer, at: nil)
        case (nil, .bool(true)?): return .timedOut(at: nil)
        case (_?, _?): throw LineProblem(description: "give either \"answer\" or \"timeout\": true, not both")
        default: throw LineProblem(description: "missing \"answer\"")
        }
    }

    public func refuse(_ prompt: Prompt, _ error: AnswerError) throws {
        send(["type": .string("error"), "line": .number(Double(lineNumber)), "id": .string(prompt.id), "message": .string(error.message)])
    }
}
