import AssessModel
import Foundation
import LuaRuntime

/// Turns records into scores: takes one subject's records at a time (they arrive together),
/// merges each response's rows, rejects duplicates and responses that leave a required item
/// unanswered, and scores the subjects a batch at a time on the workers, each with its own
/// sandbox, while the caller reads the next batch. Scores come out in the order the subjects went
/// in: into ``ready`` for the caller to take, or straight into a ``ScoreSpool``.
///
/// Call ``waitForWorkers()`` before the sessions close on every path out (the caller's `defer`).
final class SubjectPipeline {
    private let layout: ResponseLayout
    private let onInvalid: InvalidRowPolicy
    private let requiredPositions: [Int]
    private let precedes: (ResponseRecord, ResponseRecord) -> Bool
    /// Records of one subject may arrive in any order (grouped input): sort them first.
    private let sortWithin: Bool
    private let threads: [LuaThread]
    private let sessions: [ScoringSession]
    private let times: StageTimes?
    private let spool: ScoreSpool?
    private var lastSpooled: String?

    /// Rows rejected while responses were merged (duplicates, required items unanswered).
    private(set) var rejected: [RejectedRow] = []
    /// Whether subjects are still scored (false once a row is rejected under `fail`: then only
    /// problems are collected).
    var scoring: Bool
    private(set) var responses = 0
    private(set) var subjects = 0
    /// CPU seconds the caller's thread spent in ``flush()`` called from ``closeSubject()`` (handing
    /// batches to the workers and spooling the scores of the batch before), when timing stages.
    private(set) var flushSeconds = 0.0
    /// Scores ready to hand on, in subject order (when there is no spool).
    private(set) var ready: [SubjectScores] = []

    private var group: [ResponseRecord] = []
    private var batch: [SubjectGroup] = []
    private var inFlight: (slots: ScoreSlots, done: DispatchGroup)?
    /// Subjects scored in one call into Lua.
    static let callBatch = 64
    /// Makes a subject's finished output on the workers, for the spool (see ``RenderingScoreSink``).
    var renderer: SubjectRenderer?
    /// For `--format csv`: the workers make each subject's rows straight from the result tape.
    var csvRows: CSVRows?

    init(layout: ResponseLayout, onInvalid: InvalidRowPolicy, scoring: Bool, sortWithin: Bool, spool: ScoreSpool?,
         precedes: @escaping (ResponseRecord, ResponseRecord) -> Bool, threads: [LuaThread], sessions: [ScoringSession],
         times: StageTimes?) {
        self.layout = layout
        self.onInvalid = onInvalid
        self.scoring = scoring
        self.sortWithin = sortWithin
        self.spool = spool
        self.precedes = precedes
        self.threads = threads
        self.sessions = sessions
        self.times = times
        requiredPositions = layout.entries.indices.filter { layout.entries[$0].item.required }
    }

    /// The next record; a new subject id closes the one before.
    /// - Throws: what scoring the subjects before it threw (the record is kept all the same, so
    ///   its checks are still made).
    func add(_ record: ResponseRecord) throws {
        var failure: (any Error)?
        if !group.isEmpty, group[0].subject != record.subject {
            do { try closeSubject() } catch { failure = error }
        }
        if group.isEmpty { group.reserveCapacity(8) }
        group.append(record)
        if let failure { throw failure }
    }

    /// Consecutive records of one subject; a new subject id closes the one before. The array is
    /// taken as it is (no record is copied) when no record of the subject is held yet.
    /// - Throws: as ``add(_:)``.
    func add(run records: [ResponseRecord]) throws {
        guard !records.isEmpty else { return }
        var failure: (any Error)?
        if !group.isEmpty, group[0].subject != records[0].subject {
            do { try closeSubject() } catch { failure = error }
        }
        if group.isEmpty {
            group = records
        } else {
            group.append(contentsOf: records)
        }
        if let failure { throw failure }
    }

    /// Scores everything still held and waits for it.
    func finish() throws {
        try closeSubject()
        try flush()
        guard let flight = inFlight else { return }
        flight.done.wait()
        inFlight = nil
        try emit(flight.slots)
    }

    /// Takes the scores that are ready.
    func takeReady() -> [SubjectScores] {
        defer { ready.removeAll(keepingCapacity: true) }
        return ready
    }

    func waitForWorkers() { inFlight?.done.wait() }

    private func closeSubject() throws {
        guard !group.isEmpty else { return }
        var records: [ResponseRecord] = []
        swap(&records, &group)
        // The usual case, checked in place without copying a record: the rows (all of one
        // subject) are of one rater group with respondents in order, so they are sorted and each
        // is a whole response of its own.
        let plain = records.withUnsafeBufferPointer { all in
            let p = all.baseAddress!
            for k in 1..<all.count where !(p[k - 1].rater == p[k].rater && SubjectGrouper.utf8Precedes(p[k - 1].respondent, p[k].respondent)) {
                return false
            }
            return true
        }
        var responses: [ResponseRecord]
        if plain {
            responses = records
        } else {
            if sortWithin, !zip(records, records.dropFirst()).allSatisfy({ precedes($0, $1) }) {
                records.sort(by: precedes)
            }
            // One response per respondent and rater group: later rows of the same one are merged in
            // (wide rows are whole responses already: then the records are the responses).
            if zip(records, records.dropFirst()).allSatisfy({ $0.respondent != $1.respondent || $0.rater != $1.rater }) {
                responses = records
            } else {
                responses = Self.merged(records, layout: layout, onInvalid: onInvalid, rejected: &rejected, scoring: &scoring)
            }
        }
        // A response that leaves a required item unanswered is rejected (checked once its
        // long-format rows are merged).
        if !requiredPositions.isEmpty {
            responses.removeAll { response in
                guard let missing = requiredPositions.first(where: { !response.isAnswered(at: $0) }) else { return false }
                rejected.append(RejectedRow(issue: ImportIssue(file: response.file, row: response.row, column: nil,
                    message: "required item '\(layout.entries[missing].item.id)' is not answered"), raw: ""))
                if onInvalid == .fail { scoring = false }
                return true
            }
        }
        guard scoring, !responses.isEmpty else { return }
        let subject = records[0].subject
        records = []
        batch.append(SubjectGroup(subject: subject, responses: responses))
        self.responses += responses.count
        subjects += 1
        if batch.count >= 256 * threads.count {
            guard let times else { return try flush() }
            let start = StageTimes.now()
            defer { flushSeconds += StageTimes.now() - start }
            try flush()
        }
    }

    private static func merged(_ records: [ResponseRecord], layout: ResponseLayout, onInvalid: InvalidRowPolicy,
                               rejected: inout [RejectedRow], scoring: inout Bool) -> [ResponseRecord] {
        var responses: [ResponseRecord] = [records[0]]
        for next in records.dropFirst() {
            let last = responses.count - 1
            if responses[last].respondent == next.respondent, responses[last].rater == next.rater {
                if let duplicate = ScoreJob.merge(next, into: &responses[last], layout: layout) {
                    rejected.append(duplicate)
                    if onInvalid == .fail { scoring = false }
                }
            } else {
                responses.append(next)
            }
        }
        return responses
    }

    /// Waits for the batch in flight, starts this one, then hands on the finished one's scores
    /// while the workers score: the workers never wait for the output.
    private func flush() throws {
        guard !batch.isEmpty else { return }
        let finished = inFlight
        finished?.done.wait()
        inFlight = nil
        let slots = ScoreSlots(count: batch.count)
        let groups = batch
        let done = DispatchGroup()
        let workers = threads.count
        let threads = self.threads, sessions = self.sessions, times = self.times, encode = spool != nil, renderer = self.renderer, csvRows = self.csvRows
        // The workers take the batch a call's worth at a time (64 subjects), whichever is free,
        // so neither waits for the other; a failure keeps the error of the earliest subject,
        // whichever worker found it (every call before it is still scored by someone).
        let chunks = ChunkCounter(count: groups.count, size: Self.callBatch)
        for w in 0..<min(workers, (groups.count + Self.callBatch - 1) / Self.callBatch) {
            DispatchQueue.global().async(group: done) {
                var index = 0
                do {
                    try threads[w].run {
                        while let range = chunks.claim() {
                            index = range.lowerBound
                            do {
                                if encode, let csvRows {
                                    let records = try sessions[w].scoreRows(groups[range], rows: csvRows, times: times)
                                    for (offset, record) in records.enumerated() {
                                        slots.set(index + offset, encoded: record, subject: groups[index + offset].subject)
                                    }
                                    continue
                                }
                                let scores = try sessions[w].score(groups[range], times: times)
                                let rendering = StageTimes.now()
                                defer { times?.lap(.render, since: rendering) }
                                for (offset, subject) in scores.enumerated() {
                                    if encode {
                                        var record: [UInt8] = []
                                        if let renderer {
                                            ScoresCodec.string(subject.subject, &record)
                                            try renderer(subject, &record)
                                        } else {
                                            ScoresCodec.encode(subject, into: &record)
                                        }
                                        slots.set(index + offset, encoded: record, subject: subject.subject)
                                    } else {
                                        slots.set(index + offset, .success(subject))
                                    }
                                }
                            } catch {
                                index += sessions[w].failedAt ?? 0
                                throw error
                            }
                        }
                    }
                } catch {
                    slots.fail(error, at: index)
                }
            }
        }
        inFlight = (slots, done)
        batch.removeAll(keepingCapacity: true)
        if let finished { try emit(finished.slots) }
    }

    private func emit(_ slots: ScoreSlots) throws {
        let start = StageTimes.now()
        let results = try slots.results()
        for result in results {
            switch result {
            case .encoded(let subject, let record):
                guard let spool else { continue }
                // A subject id below the one before starts a new stretch of the spool.
                if lastSpooled.map({ !$0.utf8.lexicographicallyPrecedes(subject.utf8) }) ?? true { try spool.startStretch() }
                lastSpooled = subject
                try spool.append(encoded: record)
            case .scores(let scores):
                ready.append(scores)
            }
        }
        times?.lap(.sink, since: start)
    }
}

/// Hands out a batch's subjects a call's worth at a time, to whichever worker asks first.
final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private let size: Int

    init(count: Int, size: Int) {
        self.count = count
        self.size = size
    }

    /// The next range to score, or `nil` when the batch is all handed out.
    func claim() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        let start = next
        next = min(count, next + size)
        return start..<next
    }
}
