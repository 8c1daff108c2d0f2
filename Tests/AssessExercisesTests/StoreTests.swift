import AssessExercises
import AssessModel
import Foundation
import GRDB
import LuaRuntime
import Testing

func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("assess-store-\(UUID().uuidString).sqlite").path
}

@Suite("Exercise store")
struct StoreTests {
    @Test("a new store is migrated to v1, in WAL mode, and reopening it changes nothing")
    func migrations() throws {
        let path = temporaryStorePath()
        let store = try ExerciseStore(path: path)
        #expect(try store.appliedMigrations() == ["v1"])
        let again = try ExerciseStore(path: path)
        #expect(try again.appliedMigrations() == ["v1"])
        let mode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' AND name NOT LIKE 'sqlite%' ORDER BY name")
        }
        #expect(tables == ["answer", "attempt", "mark", "participant", "prompt", "record", "result"])
    }

    @Test("a store from a newer release (an unknown migration) is refused, not changed")
    func newerStore() throws {
        let path = temporaryStorePath()
        _ = try ExerciseStore(path: path)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2')") }
        let error = try #require(throws: StoreError.self) { try ExerciseStore(path: path) }
        #expect(error.description == "\(path) was written by a newer AssessKit (schema v2): use that release, or another --store")
    }

    @Test("a file that is not a store is refused with its path")
    func notAStore() throws {
        let path = temporaryStorePath()
        try Data("this is not sqlite, just text that is long enough to fill a header page".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try ExerciseStore(path: path) }
        #expect(error.description.hasPrefix("\(path): cannot open the store"))
    }

    @Test("a live run's answers are in the store before the next prompt, and replaying them gives the same outcome")
    func liveEqualsReplay() throws {
        let script = try makeScript(everyKind)
        let store = try ExerciseStore(path: temporaryStorePath())
        var attempts = Attempts(store: store)
        attempts.clock = { fixedStart }
        final class Checking: FrontEnd {
            let store: ExerciseStore
            var attempt = ""
            var replies = everyKindReplies
            var answeredBeforeAsk: [Int] = []
            init(store: ExerciseStore) { self.store = store }
            func show(_ prompt: Prompt) throws {}
            func ask(_ prompt: Prompt) throws -> Reply {
                answeredBeforeAsk.append(try store.answers(attempt: attempt).count)
                return replies.removeFirst()
            }
            func refuse(_ prompt: Prompt, _ error: AnswerError) throws { throw error }
        }
        let frontEnd = Checking(store: store)
        let (id, ending) = try attempts.start(script, participant: "p01", seed: 9, frontEnd: frontEnd) { frontEnd.attempt = $0 }
        #expect(id == "a0001")
        #expect(frontEnd.answeredBeforeAsk == [0, 1, 2, 3, 4, 5, 6])
        let live = try #require(ending.outcome)
        #expect(try store.attempt(id)?.status == .awaitingMarks)
        #expect(try store.result(attempt: id) == live.json)

        // The store's answers as a transcript.
        var lines = [#"{"transcript":1,"seed":9,"participant":"p01","started":"2026-03-02T09:00:00Z"}"#]
        for shown in try store.prompts(attempt: id) {
            guard let recorded = try store.answers(attempt: id)[shown.id] else { continue }
            lines.append(recorded.timedOut ? #"{"id":"\#(shown.id)","timeout":true}"#
                         : JSONText.encode(.object(["id": .string(shown.id), "answer": recorded.value ?? .null])))
        }
        let transcript = try Transcript.parse(lines.joined(separator: "\n"), file: "t.jsonl")
        let replayed = try LuaThread.shared.run { try Replay.run(script, transcript: transcript) }
        #expect(JSONText.encode(replayed.outcome.json) == JSONText.encode(live.json))
    }

    @Test("an assessor's mark is checked against the rubric and recomputes the result")
    func marking() throws {
        let script = try makeScript(everyKind)
        let store = try ExerciseStore(path: temporaryStorePath())
        var attempts = Attempts(store: store)
        attempts.clock = { fixedStart }
        let (id, _) = try attempts.start(script, participant: "p", seed: 1, frontEnd: ScriptedFrontEnd(everyKindReplies))
        let wrong = try #require(throws: AnswerError.self) { try attempts.mark(id, prompt: "judge", mark: 1, assessor: nil) }
        #expect(wrong.description == "prompt 'judge': 1 is not a mark of the rubric (marks: 0, 2)")
        let notAssessor = try #require(throws: StoreError.self) { try attempts.mark(id, prompt: "words", mark: 2, assessor: nil) }
        #expect(notAssessor.description == "prompt 'words' is a text prompt: only assessor prompts take a mark")
        let outcome = try attempts.mark(id, prompt: "judge", mark: 2, assessor: "A. Assessor")
        #expect(outcome.status == .complete)
        guard case .object(let result) = outcome.result else { Issue.record("no result"); return }
        #expect(result["mark"] == .number(2))
        #expect(try store.attempt(id)?.status == .complete)
        #expect(try store.marks(attempt: id) == ["judge": 2])
    }

    @Test("resuming a finished attempt, or one whose script changed, is refused with the reason")
    func resumeRefusals() throws {
        let script = try makeScript(everyKind)
        let store = try ExerciseStore(path: temporaryStorePath())
        let attempts = Attempts(store: store)
        let (done, _) = try attempts.start(script, participant: "p", seed: 1, frontEnd: ScriptedFrontEnd(everyKindReplies))
        let finished = try #require(throws: StoreError.self) { try attempts.resume(done, frontEnd: ScriptedFrontEnd([])) }
        #expect(finished.description == "attempt \(done) is awaiting marks: only an attempt in progress can be resumed")
        let (open, _) = try attempts.start(script, participant: "p", seed: 1, frontEnd: ScriptedFrontEnd([]))
        try Data((everyKind + "\n-- edited\n").utf8).write(to: script.file)
        let changed = try #require(throws: StoreError.self) { try attempts.resume(open, frontEnd: ScriptedFrontEnd([])) }
        #expect(changed.description.contains("has changed since attempt \(open) began"))
        let ending = try attempts.resume(open, frontEnd: ScriptedFrontEnd(everyKindReplies), allowChanged: true)
        #expect(ending.outcome != nil)
    }

    @Test("export writes one response per finished attempt, in the shape assess score reads")
    func export() throws {
        let script = try makeScript(everyKind)
        let store = try ExerciseStore(path: temporaryStorePath())
        let attempts = Attempts(store: store)
        _ = try attempts.start(script, participant: "p1", seed: 1, frontEnd: ScriptedFrontEnd(everyKindReplies))
        _ = try attempts.start(script, participant: "p2", seed: 1, frontEnd: ScriptedFrontEnd([]))  // in progress: left out
        let csv = try AttemptExport(store: store).render(exercise: nil, format: .csv)
        #expect(csv == "respondent,subject,rater,one,many,order,rating,words\na0001,p1,self,y,a;c,r;p;q,4,\n")
        let jsonl = try AttemptExport(store: store).render(exercise: "every-kind", format: .jsonl)
        #expect(jsonl == #"{"answers":{"many":["a","c"],"one":"y","order":["r","p","q"],"rating":4},"rater":"self","respondent":"a0001","subject":"p1"}"# + "\n")
    }
}
