import AssessModel
import Foundation
import GRDB

/// The SQLite store of attempts (`--store PATH`, default `./assess.sqlite`): participants,
/// attempts, every prompt shown and answer given with its time, records, results and assessors'
/// marks. WAL mode; every write is its own transaction, committed before the call returns, so an
/// answer is on disk before the next prompt is shown.
public final class ExerciseStore: @unchecked Sendable {
    let queue: DatabaseQueue
    /// The file, as given.
    public let path: String

    /// Opens (creating when missing) the store and brings its schema up to date.
    /// - Throws: ``StoreError`` when the file cannot be opened or is not an AssessKit store.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            let unknown = try queue.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else { return [] }
                let known = Set(Self.migrator.migrations)
                return try Self.migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
            }
            guard unknown.isEmpty else {
                throw StoreError("\(path) was written by a newer AssessKit (schema \(unknown.joined(separator: ", "))): use that release, or another --store")
            }
            try Self.migrator.migrate(queue)
        } catch let error as DatabaseError {
            throw StoreError("\(path): cannot open the store: \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// The schema's versions, oldest first. Released migrations never change; new ones are added.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "participant") { t in
                t.primaryKey("id", .text)
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "attempt") { t in
                t.primaryKey("id", .text)
                t.column("participant_id", .text).notNull().references("participant")
                t.column("exercise_id", .text).notNull()
                t.column("exercise_version", .text).notNull()
                t.column("exercise_title", .text).notNull()
                t.column("file", .text).notNull()
                t.column("file_hash", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("started_at", .text).notNull()
                t.column("ended_at", .text)
                t.column("error", .text)
            }
            try db.create(table: "prompt") { t in
                t.column("attempt_id", .text).notNull().references("attempt", onDelete: .cascade)
                t.column("sequence", .integer).notNull()
                t.column("prompt_id", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("body", .text).notNull()
                t.column("shown_at", .text).notNull()
                t.primaryKey(["attempt_id", "prompt_id"])
            }
            try db.create(table: "answer") { t in
                t.column("attempt_id", .text).notNull().references("attempt", onDelete: .cascade)
                t.column("prompt_id", .text).notNull()
                t.column("value", .text)
                t.column("timed_out", .boolean).notNull().defaults(to: false)
                t.column("answered_at", .text).notNull()
                t.primaryKey(["attempt_id", "prompt_id"])
            }
            try db.create(table: "record") { t in
                t.column("attempt_id", .text).notNull().references("attempt", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["attempt_id", "name"])
            }
            try db.create(table: "result") { t in
                t.primaryKey("attempt_id", .text).references("attempt", onDelete: .cascade)
                t.column("value", .text).notNull()
                t.column("computed_at", .text).notNull()
            }
            try db.create(table: "mark") { t in
                t.column("attempt_id", .text).notNull().references("attempt", onDelete: .cascade)
                t.column("prompt_id", .text).notNull()
                t.column("mark", .double).notNull()
                t.column("assessor", .text)
                t.column("marked_at", .text).notNull()
                t.primaryKey(["attempt_id", "prompt_id"])
            }
        }
        return migrator
    }

    /// The migrations applied to this store, in order.
    public func appliedMigrations() throws -> [String] {
        try queue.read { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: - Attempts

    /// Creates an attempt (and its participant when new) and returns its id (`a0001`, `a0002`, ...).
    public func createAttempt(script: ExerciseScript, participant: String, seed: Int64, started: Date) throws -> String {
        try write { db in
            let now = Timestamp.format(started)
            try db.execute(sql: "INSERT OR IGNORE INTO participant (id, created_at) VALUES (?, ?)", arguments: [participant, now])
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempt") ?? 0
            var number = count + 1
            var id = String(format: "a%04d", number)
            while try Bool.fetchOne(db, sql: "SELECT 1 FROM attempt WHERE id = ?", arguments: [id]) == true {
                number += 1
                id = String(format: "a%04d", number)
            }
            try db.execute(sql: """
                INSERT INTO attempt (id, participant_id, exercise_id, exercise_version, exercise_title, file, file_hash, seed, status, started_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, participant, script.id, script.version, script.title, script.file.path, script.hash, seed,
                                 AttemptStatus.inProgress.rawValue, now])
            return id
        }
    }

    /// One attempt's summary, or `nil` when there is none with that id.
    public func attempt(_ id: String) throws -> AttemptSummary? {
        try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM attempt WHERE id = ?", arguments: [id]).map(AttemptSummary.init)
        }
    }

    /// Every attempt, oldest first; optionally one exercise's only.
    public func attempts(exercise: String? = nil) throws -> [AttemptSummary] {
        try queue.read { db in
            if let exercise {
                return try Row.fetchAll(db, sql: "SELECT * FROM attempt WHERE exercise_id = ? ORDER BY id", arguments: [exercise]).map(AttemptSummary.init)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM attempt ORDER BY id").map(AttemptSummary.init)
        }
    }

    /// Records a prompt as shown (once: showing it again on resume keeps the first time).
    public func promptShown(attempt: String, sequence: Int, prompt: Prompt, at: Date) throws {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO prompt (attempt_id, sequence, prompt_id, kind, body, shown_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [attempt, sequence, prompt.id, prompt.kind.rawValue, JSONText.encode(prompt.json), Timestamp.format(at)])
        }
    }

    /// Records an answer, committed before this returns.
    /// - Throws: ``StoreError`` when the prompt was already answered (an answer is never replaced).
    public func answered(attempt: String, promptID: String, value: JSONValue?, timedOut: Bool, at: Date) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM answer WHERE attempt_id = ? AND prompt_id = ?", arguments: [attempt, promptID]) == true {
                throw StoreError("attempt \(attempt): prompt '\(promptID)' is already answered")
            }
            try db.execute(sql: "INSERT INTO answer (attempt_id, prompt_id, value, timed_out, answered_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [attempt, promptID, value.map(JSONText.encode), timedOut, Timestamp.format(at)])
        }
    }

    /// The answers given so far, by prompt id.
    public func answers(attempt: String) throws -> [String: RecordedAnswer] {
        try queue.read { db in
            var result: [String: RecordedAnswer] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM answer WHERE attempt_id = ?", arguments: [attempt]) {
                let id: String = row["prompt_id"]
                let text: String? = row["value"]
                let value = try text.map { text -> JSONValue in
                    do { return try JSONText.parse(text) } catch { throw StoreError("attempt \(attempt): the stored answer to '\(id)' is not valid JSON (\(error))") }
                }
                result[id] = RecordedAnswer(value: value, timedOut: row["timed_out"], at: Timestamp.parse(row["answered_at"]) ?? Date(timeIntervalSince1970: 0))
            }
            return result
        }
    }

    /// The prompts shown so far, in order, as stored JSON.
    public func prompts(attempt: String) throws -> [(sequence: Int, id: String, kind: String, body: JSONValue, shownAt: String)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM prompt WHERE attempt_id = ? ORDER BY sequence", arguments: [attempt]).map { row in
                let body: String = row["body"]
                return (row["sequence"], row["prompt_id"], row["kind"], (try? JSONText.parse(body)) ?? .null, row["shown_at"])
            }
        }
    }

    /// Assessors' marks, by prompt id.
    public func marks(attempt: String) throws -> [String: Double] {
        try queue.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT prompt_id, mark FROM mark WHERE attempt_id = ?", arguments: [attempt]) {
                result[row["prompt_id"]] = row["mark"]
            }
            return result
        }
    }

    /// Stores an assessor's mark (replacing an earlier one for the same prompt).
    public func setMark(attempt: String, promptID: String, mark: Double, assessor: String?, at: Date) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO mark (attempt_id, prompt_id, mark, assessor, marked_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [attempt, promptID, mark, assessor, Timestamp.format(at)])
        }
    }

    /// Stores the result and records of a finished run and its status, in one transaction.
    public func finished(attempt: String, outcome: AttemptOutcome, at: Date) throws {
        try write { db in
            let now = Timestamp.format(at)
            try db.execute(sql: "INSERT OR REPLACE INTO result (attempt_id, value, computed_at) VALUES (?, ?, ?)",
                           arguments: [attempt, JSONText.encode(outcome.json), now])
            try db.execute(sql: "DELETE FROM record WHERE attempt_id = ?", arguments: [attempt])
            for (name, value) in outcome.records.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO record (attempt_id, name, value) VALUES (?, ?, ?)", arguments: [attempt, name, JSONText.encode(value)])
            }
            try db.execute(sql: "UPDATE attempt SET status = ?, ended_at = COALESCE(ended_at, ?), error = NULL WHERE id = ?",
                           arguments: [outcome.status.rawValue, now, attempt])
        }
    }

    /// Marks an attempt failed with the script's error.
    public func failed(attempt: String, error: String, at: Date) throws {
        try write { db in
            try db.execute(sql: "UPDATE attempt SET status = ?, ended_at = ?, error = ? WHERE id = ?",
                           arguments: [AttemptStatus.failed.rawValue, Timestamp.format(at), error, attempt])
        }
    }

    /// The stored outcome JSON of an attempt, when it has finished.
    public func result(attempt: String) throws -> JSONValue? {
        try queue.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM result WHERE attempt_id = ?", arguments: [attempt]) else { return nil }
            return try? JSONText.parse(text)
        }
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch let error as DatabaseError {
            throw StoreError("\(path): \(error.message ?? "\(error.resultCode)")")
        }
    }
}

/// The state of an attempt.
public enum AttemptStatus: String, Sendable, Codable {
    case inProgress = "in_progress"
    /// Finished, with assessor marks still to enter.
    case awaitingMarks = "awaiting_marks"
    case complete
    case failed
}

/// An attempt as listed.
public struct AttemptSummary: Sendable, Hashable {
    public var id: String
    public var participant: String
    public var exerciseID: String
    public var exerciseVersion: String
    public var exerciseTitle: String
    public var file: String
    public var fileHash: String
    public var seed: Int64
    public var status: AttemptStatus
    public var startedAt: String
    public var endedAt: String?
    public var error: String?

    init(_ row: Row) {
        id = row["id"]
        participant = row["participant_id"]
        exerciseID = row["exercise_id"]
        exerciseVersion = row["exercise_version"]
        exerciseTitle = row["exercise_title"]
        file = row["file"]
        fileHash = row["file_hash"]
        seed = row["seed"]
        status = AttemptStatus(rawValue: row["status"]) ?? .failed
        startedAt = row["started_at"]
        endedAt = row["ended_at"]
        error = row["error"]
    }

    /// When the attempt started.
    public var started: Date { Timestamp.parse(startedAt) ?? Date(timeIntervalSince1970: 0) }
}

/// An answer already given.
public struct RecordedAnswer: Sendable, Hashable {
    /// The canonical answer; `nil` when the prompt timed out.
    public var value: JSONValue?
    public var timedOut: Bool
    /// When it was given.
    public var at: Date
    public init(value: JSONValue?, timedOut: Bool, at: Date) {
        self.value = value
        self.timedOut = timedOut
        self.at = at
    }
}

/// A store problem (the file, and what went wrong).
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Times as ISO 8601 in UTC, to the second: `2026-03-02T09:15:00Z`.
public enum Timestamp {
    /// `2026-03-02T09:15:00Z` (fractions of a second are dropped).
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// The time in `2026-03-02T09:15:00Z`, or `nil` when the text is not exactly that form.
    public static func parse(_ text: String) -> Date? {
        let digits = text.split(whereSeparator: { "-T:Z".contains($0) }).map { Int($0) }
        guard text.count == 20, text.hasSuffix("Z"), digits.count == 6, !digits.contains(nil) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(digits[0]! - 1900)
        parts.tm_mon = Int32(digits[1]! - 1)
        parts.tm_mday = Int32(digits[2]!)
        parts.tm_hour = Int32(digits[3]!)
        parts.tm_min = Int32(digits[4]!)
        parts.tm_sec = Int32(digits[5]!)
        guard (1...12).contains(digits[1]!), (1...31).contains(digits[2]!), digits[3]! < 24, digits[4]! < 60, digits[5]! < 61 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
