import AssessExercises
import AssessModel
import Foundation
import LuaRuntime

/// Exercise golden cases: a folder beside `exercise.lua` holding `transcript.jsonl` (and, for
/// assessor-marked prompts, `marks.json`: `{"PROMPT": MARK}`); `expected/` holds `result.json`
/// and `transcript.txt` (the prompts as a participant saw them, with the answers), or
/// `diagnostics.txt` when the run must fail.
enum ExerciseCase {
    static func isExerciseCase(_ testCase: GoldenCase) -> Bool {
        FileManager.default.fileExists(atPath: testCase.folder.appendingPathComponent("transcript.jsonl").path)
            && FileManager.default.fileExists(atPath: testCase.owner.appendingPathComponent("exercise.lua").path)
    }

    static func produce(_ testCase: GoldenCase, thread: LuaThread) throws -> [String: Data] {
        let file = testCase.owner.appendingPathComponent("exercise.lua")
        do {
            let script = try ExerciseScript.load(file.path, displayName: "exercise.lua", thread: thread)
            let transcript = try Transcript.load(testCase.folder.appendingPathComponent("transcript.jsonl").path, displayName: "transcript.jsonl")
            var marks: [String: Double] = [:]
            let marksURL = testCase.folder.appendingPathComponent("marks.json")
            if let data = FileManager.default.contents(atPath: marksURL.path) {
                guard case .object(let fields) = try JSONText.parse(String(decoding: data, as: UTF8.self)) else {
                    throw CaseError("marks.json must be an object {\"PROMPT\": MARK}")
                }
                for (id, value) in fields {
                    guard case .number(let mark) = value else { throw CaseError("marks.json: the mark for '\(id)' must be a number") }
                    marks[id] = mark
                }
            }
            let (outcome, printed) = try thread.run { try Replay.run(script, transcript: transcript, marks: marks) }
            return ["result.json": Data(JSONText.pretty(outcome.json).utf8), "transcript.txt": Data(printed.utf8)]
        } catch let diagnostics as Diagnostics {
            return ["diagnostics.txt": Data((diagnostics.items.map(\.description).joined(separator: "\n") + "\n").utf8)]
        } catch let error as TranscriptError {
            return ["diagnostics.txt": Data((error.description + "\n").utf8)]
        } catch let error as ScriptError {
            return ["diagnostics.txt": Data((error.description + "\n").utf8)]
        } catch let error as AnswerError {
            return ["diagnostics.txt": Data((error.description + "\n").utf8)]
        }
    }
}
