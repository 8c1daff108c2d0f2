import AssessModel
import AssessScripting
import Crypto
import Foundation
import LuaRuntime

/// What to do with rows that fail validation.
public enum InvalidRowPolicy: String, Sendable, CaseIterable {
    /// Nothing is scored or written; every problem is reported.
    case fail
    /// Valid rows are scored; every rejected row is kept, verbatim, with its reason.
    case skip
}

/// How far a scoring job has got.
public struct ScoreProgress: Sendable {
    public enum Phase: String, Sendable { case importing, scoring }
    public var phase: Phase
    /// Bytes read (importing) or responses scored (scoring).
    public var done: Int
    public var total: Int
}

/// Receives scores as a job produces them.
public protocol ScoreSink {
    /// Called once, before any subject, with where everything came from.
    mutating func begin(_ provenance: Provenance) throws
    /// Called for each subject, in subject order.
    mutating func subject(_ scores: SubjectScores) throws
}

/// A sink whose output for one subject does not depend on the others, so the scoring threads can
/// make it while the main thread reads: grouped input then spools finished bytes, not scores.
/// Appends one subject's finished output to a buffer (see ``RenderingScoreSink``).
public typealias SubjectRenderer = @Sendable (SubjectScores, inout [UInt8]) throws -> Void

public protocol RenderingScoreSink: ScoreSink {
    /// Appends the bytes ``subject(rendered:)`` is to write for one subject, exactly what
    /// ``ScoreSink/subject(_:)`` would write for it; called on the scoring threads. `provenance` has
    /// everything but the input hashes, which are known only at the end. `nil`: the sink needs the
    /// scores themselves.
    func renderer(for provenance: Provenance) -> SubjectRenderer?
    /// Writes bytes the renderer made, in subject order (as ``ScoreSink/subject(_:)`` would).
    mutating func subject(rendered bytes: [UInt8]) throws
    /// When the sink writes `--format csv` rows, their maker: the scoring threads then make each
    /// subject's rows straight from what the scorer returned, without scores in between.
    func csvRows(for provenance: Provenance) -> CSVRows?
}

extension RenderingScoreSink {
    public func csvRows(for provenance: Provenance) -> CSVRows? { nil }
}

/// Collects everything in memory.
public struct CollectingSink: ScoreSink {
    public var provenance: Provenance?
    public var subjects: [SubjectScores] = []
    public init() {}
    public mutating func begin(_ provenance: Provenance) throws { self.provenance = provenance }
    public mutating func subject(_ scores: SubjectScores) throws { subjects.append(scores) }
}

/// Results filled in by parallel workers, each index by one worker: scores, or (for the spool)
/// scores already encoded by the worker, so the main thread only copies bytes.
///
/// Slots are set without a lock: each index is written by exactly one worker, and the caller
/// reads them only after waiting for every worker (the wait orders the writes before the reads).
/// Failures, which are rare, take a lock.
final class ScoreSlots: @unchecked Sendable {
    enum Slot {
        case scores(SubjectScores)
        case encoded(subject: String, record: [UInt8])
    }

    private let lock = NSLock()
    private let count: Int
    private let slots: UnsafeMutablePointer<Slot?>
    private var error: (any Error)?
    private var errorAt = Int.max

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: max(1, count))
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ result: Result<SubjectScores, any Error>) {
        switch result {
        case .success(let scores): slots[index] = .scores(scores)
        case .failure(let failure): fail(failure, at: index)
        }
    }

    func set(_ index: Int, encoded record: [UInt8], subject: String) {
        slots[index] = .encoded(subject: subject, record: record)
    }

    /// Records a failure at subject `index`: the earliest subject's error is the one reported.
    func fail(_ failure: any Error, at index: Int = Int.max) {
        lock.lock()
        if error == nil || index < errorAt {
            error = failure
            errorAt = index
        }
        lock.unlock()
    }

    /// Every slot, once the workers are done (call it after waiting for them).
    func results() throws -> [Slot] {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        return (0..<count).map { slots[$0]! }
    }
}

/// What a streaming run reports besides the scores.
public struct ScoreSummary: Sendable {
    public var subjects: Int
    public var responses: Int
    /// Rows rejected under ``InvalidRowPolicy/skip``, in file and row order.
    public var rejected: [RejectedRow]
    /// Sorted runs spilled to disk while grouping (0 when everything fitted in memory).
    public var spilledRuns: Int
}

/// The result of scoring a set of response files.
public struct ScoreOutput: Sendable {
    /// One entry per subject, sorted by subject id.
    public var subjects: [SubjectScores]
    /// Rows rejected under ``InvalidRowPolicy/skip``, in file and row order.
    public var rejected: [RejectedRow]
    /// Responses scored.
    public var responses: Int
    public var provenance: Provenance
}

/// Scores responses to an instrument with its scorer plugin: import, validate, group by subject,
/// score each subject independently, and record where everything came from.
public struct ScoreJob: Sendable {
    public var instrument: LoadedInstrument
    public var plugin: ScorerPlugin
    public var onInvalid: InvalidRowPolicy
    /// Limits for each subject's scoring call.
    public var limits: SandboxLimits
    /// The thread the scorer runs on.
    public var thread: LuaThread = .shared
    /// Records the lines the scorer runs (`assess test --coverage`).
    public var coverage: CoverageRecorder?
    /// Records held in memory before a sorted run is spilled to a temporary file.
    public var runLimit = 50_000
    /// Subjects scored in parallel, each worker with its own sandbox on its own Lua thread (1:
    /// everything on ``thread``). Output order does not depend on it.
    public var jobs = 1

    public init(instrument: LoadedInstrument, plugin: ScorerPlugin, onInvalid: InvalidRowPolicy = .fail,
                limits: SandboxLimits = .default) {
        self.instrument = instrument
        self.plugin = plugin
        self.onInvalid = onInvalid
        self.limits = limits
    }

    /// The options the scorer runs with: its declared defaults, overridden by the instrument's.
    public var options: LuaTable {
        var merged = plugin.defaults
        if case .object(let object) = instrument.instrument.scoring.options {
            for (key, value) in object.sorted(by: { $0.key < $1.key }) { merged[key] = value.luaValue }
        }
        return merged
    }

    /// Imports and scores `files` (each with the name used in messages), collecting the results.
    /// - Parameter progress: called as the work advances: bytes read while importing, then
    ///   responses scored.
    /// - Throws: ``ImportIssues`` when rows are invalid under ``InvalidRowPolicy/fail`` or a file
    ///   cannot be read; `ScriptError` or ``ScoringError`` when the scorer fails.
    public func run(files: [(url: URL, display: String)], progress: ((ScoreProgress) -> Void)? = nil) throws -> ScoreOutput {
        var collector = CollectingSink()
        let summary = try run(files: files, progress: progress, into: &collector)
        return ScoreOutput(subjects: collector.subjects, rejected: summary.rejected, responses: summary.responses,
                           provenance: collector.provenance!)
    }

    /// Imports and scores `files`, handing each subject's scores to `sink` in subject order.
    /// Memory stays bounded: input already grouped by subject is scored as it is read, its scores
    /// held in a temporary spool until the input is known valid and grouped; other input is
    /// grouped through sorted runs spilled to temporary files (``runLimit`` records each), and
    /// scored subject by subject. Either way the same scores reach the sink, and nothing reaches
    /// it before the input has been read (a scorer error or a limit can still stop the job after
    /// some subjects of input in another order have been handed on).
    public func run<Sink: ScoreSink>(files: [(url: URL, display: String)], progress: ((ScoreProgress) -> Void)? = nil,
                                     into sink: inout Sink) throws -> ScoreSummary {
        // The job hands subjects to Lua threads and waits for them: on one of them it would wait for itself.
        if LuaThread.isCurrent {
            throw ScoringError(plugin: plugin.displayName, subject: "",
                               message: "ScoreJob.run was called on a Lua thread; call it from any other thread (it runs the scorer on Lua threads itself)")
        }
        do {
            return try run(files: files, progress: progress, into: &sink, streaming: true)
        } catch is SubjectGrouper.NotGrouped {
            return try run(files: files, progress: progress, into: &sink, streaming: false)
        } catch is ScoreSpool.SubjectRecurs {
            // Found before anything reached the sink: start again, grouping through sorted runs.
            return try run(files: files, progress: progress, into: &sink, streaming: false)
        }
    }

    /// One attempt: `streaming` lets input that is already grouped be scored as it is read.
    private func run<Sink: ScoreSink>(files: [(url: URL, display: String)], progress: ((ScoreProgress) -> Void)?,
                                      into sink: inout Sink, streaming: Bool) throws -> ScoreSummary {
        let wallStart = Date()
        let times = StageTimes.enabled ? StageTimes() : nil
        var clock = StageTimes.now()
        let layout = ResponseLayout(instrument.instrument)
        let options = self.options
        // One pass reads, validates and hashes every file. Input already grouped by subject is
        // not kept: once more rows have come than fit in one run with the order holding, its
        // subjects are scored as they are read, and their scores wait in a spool until the end
        // (when the input is known to be valid and grouped). Other input is grouped through
        // sorted runs and scored after the pass.
        let grouper = SubjectGrouper(instrument: instrument.instrument, files: files.map(\.display), runLimit: runLimit, streaming: streaming)
        let workers = max(1, jobs)
        let threads = workers == 1 ? [thread] : (0..<workers).map(LuaThread.worker)
        var sessions: [ScoringSession] = []
        defer { for (worker, session) in zip(threads, sessions) { try? worker.run { session.close() } } }
        var pipeline: SubjectPipeline?
        defer { pipeline?.waitForWorkers() }  // never leave workers running past the sessions' closing
        // Everything the provenance says but the input hashes; a sink that renders each subject
        // on its own gets its renderer from it, so grouped input spools finished output.
        let provisional = Provenance(
            instrument: instrument.instrument.id, instrumentVersion: instrument.instrument.version,
            instrumentHash: Self.hash(Self.canonical(instrument.instrument)), scorer: plugin.id, scorerVersion: plugin.version,
            scorerHash: Self.hash(plugin.source), apiVersion: APIVersion.current.description, toolkitVersion: AssessKit.version,
            inputs: [], options: JSONValue(lua: .table(options)))
        let rendering = sink as? any RenderingScoreSink
        let renderer = rendering?.renderer(for: provisional)
        let csvRows = renderer == nil ? nil : rendering?.csvRows(for: provisional)
        func makePipeline(scoring: Bool, sortWithin: Bool, spool: ScoreSpool?) throws -> SubjectPipeline {
            if sessions.isEmpty {
                sessions = try threads.map { worker in
                    try worker.run {
                        try ScoringSession(plugin: plugin, instrument: instrument.instrument, options: options, limits: limits, coverage: coverage)
                    }
                }

            }
            let made = SubjectPipeline(layout: layout, onInvalid: onInvalid, scoring: scoring, sortWithin: sortWithin, spool: spool,
                                       precedes: grouper.precedes, threads: threads, sessions: sessions, times: times)
            made.renderer = renderer
            made.csvRows = csvRows
            return made
        }
        let spool = ScoreSpool()
        var sawRejection = false
        // A scorer that fails while rows are still being read stops the scoring, not the reading:
        // under `fail`, invalid rows are still what is reported, as when nothing had been scored.
        var deferred: (any Error)?
        let pass = try importPass(files, layout: layout, grouper: grouper, progress: progress, stream: { records, oneSubject in
            if pipeline == nil {
                pipeline = try makePipeline(scoring: onInvalid == .skip || !sawRejection, sortWithin: true, spool: spool)
            }
            let pipeline = pipeline!
            if oneSubject {
                do {
                    try pipeline.add(run: records)
                } catch {
                    if deferred == nil { deferred = error }
                    pipeline.scoring = false
                }
            } else {
                for index in records.indices {
                    do {
                        try pipeline.add(records[index])
                    } catch {
                        if deferred == nil { deferred = error }
                        pipeline.scoring = false
                    }
                }
            }
        }, rejectedRow: {
            sawRejection = true
            if onInvalid == .fail { pipeline?.scoring = false }
        })
        var rejected = pass.rejected
        if !pass.headerProblems.isEmpty { throw ImportIssues(pass.headerProblems) }
        if let times {
            clock = times.lap(.importing, since: clock)
            // Handing batches to the workers while reading is not parsing: the spooling it does
            // is timed as output (by the spool), the rest is left out.
            if let pipeline { times.add(.importing, -pipeline.flushSeconds) }
        }
        var provenance = provisional
        provenance.inputs = pass.inputs
        let scored: SubjectPipeline
        if grouper.streamed, let streamed = pipeline {
            do {
                try streamed.finish()
            } catch {
                if deferred == nil { deferred = error }
                streamed.scoring = false
            }
            if let times { clock = times.lap(.grouping, since: clock) }
            if let deferred {
                let problems = Self.fileOrder(rejected + streamed.rejected, files: files)
                if onInvalid == .fail, !problems.isEmpty { throw ImportIssues(problems.map(\.issue)) }
                throw deferred
            }
            if streamed.scoring {
                if renderer != nil, var rendering = sink as? any RenderingScoreSink {
                    try Self.mergeRendered(spool, into: &rendering, provenance: provenance)
                    sink = rendering as! Sink
                } else {
                    try spool.merge(into: &sink) { try $0.begin(provenance) }
                }
                if let times {
                    clock = times.lap(.sink, since: clock)
                    times.spooledBytes = spool.bytesWritten
                }
            }
            scored = streamed
        } else {
            let records = try grouper.sortedRecords()
            let sorted = try makePipeline(scoring: onInvalid == .skip || rejected.isEmpty, sortWithin: false, spool: nil)
            pipeline = sorted
            if sorted.scoring { try sink.begin(provenance) }
            while let record = try records.next() {
                try sorted.add(record)
                let ready = sorted.takeReady()
                if !ready.isEmpty {
                    if let times { clock = times.lap(.grouping, since: clock) }
                    for scores in ready { try sink.subject(scores) }
                    if let times { clock = times.lap(.sink, since: clock) }
                    progress?(ScoreProgress(phase: .scoring, done: sorted.responses, total: grouper.recordCount))
                }
            }
            try sorted.finish()
            if let times { clock = times.lap(.grouping, since: clock) }
            for scores in sorted.takeReady() { try sink.subject(scores) }
            if let times { clock = times.lap(.sink, since: clock) }
            scored = sorted
        }
        rejected += scored.rejected
        let responses = scored.responses, subjects = scored.subjects
        rejected = Self.fileOrder(rejected, files: files)
        if onInvalid == .fail, !rejected.isEmpty { throw ImportIssues(rejected.map(\.issue)) }
        if let times, let session = sessions.first {
            times.isolation = session.sealRefusal.map { "scorer state not sealed (\($0)): its chunk ran afresh for every subject" }
                ?? (sessions.allSatisfy(\.isSealed)
                    ? "scorer state sealed: \(session.sealedLocals) module-level local(s) set back before each subject"
                    : "the scorer wrote to its sealed state: its chunk ran afresh for every subject from then on")
        }
        times?.report(wall: Date().timeIntervalSince(wallStart))
        return ScoreSummary(subjects: subjects, responses: responses, rejected: rejected, spilledRuns: grouper.spilledRuns)
    }

    private static func mergeRendered<S: RenderingScoreSink>(_ spool: ScoreSpool, into sink: inout S, provenance: Provenance) throws {
        try spool.mergeRendered(begin: { try sink.begin(provenance) }, emit: { try sink.subject(rendered: $0) })
    }

    /// Rejections in file order, then row order, whichever stage found them.
    static func fileOrder(_ rejected: [RejectedRow], files: [(url: URL, display: String)]) -> [RejectedRow] {
        let fileOrder = Dictionary(files.enumerated().map { ($1.display, $0) }, uniquingKeysWith: { a, _ in a })
        return rejected.sorted { a, b in
            let fa = fileOrder[a.issue.file] ?? Int.max, fb = fileOrder[b.issue.file] ?? Int.max
            return fa != fb ? fa < fb : a.issue.row < b.issue.row
        }
    }

    /// What the first pass over the files found.
    struct ImportPass {
        var rejected: [RejectedRow] = []
        var inputs: [Provenance.Input] = []
        var headerProblems: [ImportIssue] = []
    }

    /// Reads and validates every file, handing records to `grouper`; hashes each file as it goes.
    /// Records the grouper lets go are passed to `stream` (first those it held, then each one);
    /// `rejectedRow` is told of each row that fails validation.
    /// - Throws: ``SubjectGrouper/NotGrouped`` when the grouper let records go and then found the
    ///   input not grouped after all.
    private func importPass(_ files: [(url: URL, display: String)], layout: ResponseLayout, grouper: SubjectGrouper,
                            progress: ((ScoreProgress) -> Void)?, stream: (_ records: [ResponseRecord], _ oneSubject: Bool) throws -> Void,
                            rejectedRow: () -> Void) throws -> ImportPass {
        var pass = ImportPass()
        let totalBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1.url.path)[.size] as? Int) ?? 0) }
        var doneBytes = 0
        for file in files {
            let reader: ResponseReader
            do {
                reader = try ResponseReader(url: file.url, displayName: file.display, instrument: instrument.instrument, layout: layout, hashing: true)
            } catch let issue as ImportIssue {
                pass.inputs.append(.init(file: file.display, hash: try Self.hash(file: file.url)))
                pass.headerProblems.append(issue)
                continue
            } catch let issues as ImportIssues {
                pass.inputs.append(.init(file: file.display, hash: try Self.hash(file: file.url)))
                pass.headerProblems += issues.issues
                continue
            }
            // Consecutive records of one subject are collected in `run` as they are read (no
            // record is copied), then given to the grouper and passed on together.
            var run: [ResponseRecord] = []
            run.reserveCapacity(16)
            func passOn(_ records: [ResponseRecord]) throws {
                let streaming = grouper.streamed
                try grouper.add(run: records)
                if streaming {
                    try stream(records, true)
                } else if let held = grouper.takeHandoff() {
                    try stream(held, false)
                }
            }
            var rows = 0
            reading: while true {
                switch try Self.read(reader, appendingTo: &run) {
                case .record:
                    let last = run.count - 1
                    if last > 0, run[last].subject != run[0].subject {
                        // A new subject: what came before it is one subject's run.
                        let record = run.removeLast()
                        var done = [ResponseRecord]()
                        done.reserveCapacity(Swift.max(16, last + last / 2))
                        swap(&done, &run)
                        run.append(record)
                        try passOn(done)
                    }
                case .rejected(let row):
                    pass.rejected.append(row)
                    rejectedRow()
                case .end:
                    break reading
                }
                rows += 1
                if rows & 4095 == 0 { progress?(ScoreProgress(phase: .importing, done: doneBytes + reader.bytesRead, total: totalBytes)) }
            }
            if !run.isEmpty { try passOn(run) }
            guard let digest = reader.digest() else { throw ImportIssues([ImportIssue(file: file.display, row: 0, column: nil, message: "cannot read the file to its end")]) }
            pass.inputs.append(.init(file: file.display, hash: digest))
            doneBytes += reader.totalBytes
            progress?(ScoreProgress(phase: .importing, done: doneBytes, total: totalBytes))
        }
        return pass
    }

    /// The reader's next row, a valid record appended to `records`; a problem that stops the file
    /// is reported like the others.
    @inline(__always)
    private static func read(_ reader: ResponseReader, appendingTo records: inout [ResponseRecord]) throws -> ResponseReader.ReadOutcome {
        do {
            return try reader.read(appendingTo: &records)
        } catch let issue as ImportIssue {
            throw ImportIssues([issue])
        }
    }

    /// Merges a later record of the same respondent, rater group and subject into `existing`
    /// (the rows of one long-format response), or returns it as a duplicate.
    static func merge(_ record: ResponseRecord, into existing: inout ResponseRecord, layout: ResponseLayout) -> RejectedRow? {
        for index in 0..<record.count where record.isAnswered(at: index) && existing.isAnswered(at: index) {
            let item = layout.entries[index].item.id
            let message = (0..<record.count).filter(record.isAnswered(at:)).count == 1
                ? "duplicate answer: respondent '\(record.respondent)' already answered item '\(item)' about subject '\(record.subject)' as '\(record.rater)' (\(existing.file):\(existing.row))"
                : "duplicate response: respondent '\(record.respondent)' already responded about subject '\(record.subject)' as '\(record.rater)' (\(existing.file):\(existing.row))"
            return RejectedRow(issue: ImportIssue(file: record.file, row: record.row, column: nil, message: message), raw: "")
        }
        for index in 0..<record.count where record.isAnswered(at: index) { existing.setAnswer(record.answer(at: index), at: index) }
        return nil
    }

    /// The resolved instrument as canonical JSON: its hash covers everything that affects scoring
    /// (the script, the files it requires, and any instrument it extends).
    static func canonical(_ instrument: Instrument) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(instrument)) ?? Data())
    }

    static func hash(_ bytes: [UInt8]) -> String {
        "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func hash(file: URL) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw ImportIssue(file: file.path, row: 0, column: nil, message: "cannot open the file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }


}
