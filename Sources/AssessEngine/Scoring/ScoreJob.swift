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

    /// Imports and scores `files` (each with the name used in messages).
    /// - Parameter progress: called with (bytes read, total bytes) while importing.
    /// - Throws: ``ImportIssues`` when rows are invalid under ``InvalidRowPolicy/fail`` or a file
    ///   cannot be read; ``ScriptError`` or ``ScoringError`` when the scorer fails.
    public func run(files: [(url: URL, display: String)], progress: ((Int, Int) -> Void)? = nil) throws -> ScoreOutput {
        let layout = ResponseLayout(instrument.instrument)
        var records: [ResponseRecord] = []
        var rejected: [RejectedRow] = []
        var inputs: [Provenance.Input] = []
        var headerProblems: [ImportIssue] = []
        let totalBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1.url.path)[.size] as? Int) ?? 0) }
        var doneBytes = 0
        for file in files {
            inputs.append(.init(file: file.display, hash: try Self.hash(file: file.url)))
            let reader: ResponseReader
            do {
                reader = try ResponseReader(url: file.url, displayName: file.display, instrument: instrument.instrument, layout: layout)
            } catch let issue as ImportIssue {
                headerProblems.append(issue)
                continue
            } catch let issues as ImportIssues {
                headerProblems += issues.issues
                continue
            }
            while let event = try reader.next() {
                switch event {
                case .record(let record): records.append(record)
                case .rejected(let row): rejected.append(row)
                }
                if reader.rowsRead % 4096 == 0 { progress?(doneBytes + reader.bytesRead, totalBytes) }
            }
            doneBytes += reader.totalBytes
            progress?(doneBytes, totalBytes)
        }
        if !headerProblems.isEmpty { throw ImportIssues(headerProblems) }
        let grouped = Self.group(records, instrument: instrument.instrument, rejected: &rejected)
        // Rejections in file order, then row order, whichever stage found them.
        let fileOrder = Dictionary(files.enumerated().map { ($1.display, $0) }, uniquingKeysWith: { a, _ in a })
        rejected.sort { a, b in
            let fa = fileOrder[a.issue.file] ?? Int.max, fb = fileOrder[b.issue.file] ?? Int.max
            return fa != fb ? fa < fb : a.issue.row < b.issue.row
        }
        if onInvalid == .fail, !rejected.isEmpty { throw ImportIssues(rejected.map(\.issue)) }
        let options = self.options
        let subjects: [SubjectScores] = try thread.run {
            let session = try ScoringSession(plugin: plugin, instrument: instrument.instrument, options: options, limits: limits,
                                             coverage: coverage)
            defer { session.close() }
            return try grouped.map { try session.score($0) }
        }
        let provenance = Provenance(
            instrument: instrument.instrument.id, instrumentVersion: instrument.instrument.version,
            instrumentHash: Self.hash(Self.canonical(instrument.instrument)), scorer: plugin.id, scorerVersion: plugin.version,
            scorerHash: Self.hash(plugin.source), apiVersion: APIVersion.current.description, toolkitVersion: AssessKit.version,
            inputs: inputs, options: JSONValue(lua: .table(options)))
        return ScoreOutput(subjects: subjects, rejected: rejected, responses: grouped.reduce(0) { $0 + $1.responses.count },
                           provenance: provenance)
    }

    /// Groups records by subject (sorted by id), merges the rows of one response (long format),
    /// and rejects duplicates: a second response by the same respondent, in the same rater group,
    /// about the same subject, or a second answer to the same item.
    static func group(_ records: [ResponseRecord], instrument: Instrument, rejected: inout [RejectedRow]) -> [SubjectGroup] {
        struct Key: Hashable { var subject: String; var respondent: String; var rater: String }
        var responses: [Key: ResponseRecord] = [:]
        var order: [Key] = []
        for record in records {
            let key = Key(subject: record.subject, respondent: record.respondent, rater: record.rater)
            guard var existing = responses[key] else {
                responses[key] = record
                order.append(key)
                continue
            }
            // Rows of one long-format response answer different items; anything else is a duplicate.
            var overlap: Int?
            for (index, answer) in record.answers.enumerated() where answer.isAnswered && existing.answers[index].isAnswered {
                overlap = index
                break
            }
            if let overlap {
                let item = ResponseLayout(instrument).entries[overlap].item.id
                let message = record.answers.filter(\.isAnswered).count == 1
                    ? "duplicate answer: respondent '\(record.respondent)' already answered item '\(item)' about subject '\(record.subject)' as '\(record.rater)' (\(existing.file):\(existing.row))"
                    : "duplicate response: respondent '\(record.respondent)' already responded about subject '\(record.subject)' as '\(record.rater)' (\(existing.file):\(existing.row))"
                rejected.append(RejectedRow(issue: ImportIssue(file: record.file, row: record.row, column: nil, message: message), raw: ""))
                continue
            }
            for (index, answer) in record.answers.enumerated() where answer.isAnswered { existing.answers[index] = answer }
            responses[key] = existing
        }
        let raterOrder = Dictionary(uniqueKeysWithValues: instrument.raters.enumerated().map { ($1.id, $0) })
        var bySubject: [String: [ResponseRecord]] = [:]
        for key in order { bySubject[key.subject, default: []].append(responses[key]!) }
        return bySubject.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { subject in
            let sorted = bySubject[subject]!.sorted { a, b in
                let ra = raterOrder[a.rater] ?? Int.max, rb = raterOrder[b.rater] ?? Int.max
                if ra != rb { return ra < rb }
                return a.respondent.utf8.lexicographicallyPrecedes(b.respondent.utf8)
            }
            return SubjectGroup(subject: subject, responses: sorted)
        }
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
