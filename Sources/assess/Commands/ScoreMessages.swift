import ArgumentParser
import AssessEngine
import AssessModel
import Foundation
import LuaRuntime

/// What `assess score` tells on stderr: lines of text, or with `--json` one JSON object at the end.
///
/// The JSON object has `ok` (false when the command failed), the counts (`subjects`,
/// `responses`, `rejected`) once scoring finished, the files written (`out`, `rejects`, `cohort`;
/// `out` is absent when the scores went to stdout), and `problems`: every rejected row or error
/// as `{file, row, column, message}` (row and column when known; for scripts, `row` is the line).
/// Keys are sorted and absent ones left out, so the same run gives the same bytes.
final class ScoreMessages {
    struct Problem: Encodable {
        var file: String?
        var row: Int?
        var column: Int?
        var message: String
    }

    struct Report: Encodable {
        var ok = true
        var subjects: Int?
        var responses: Int?
        var rejected: Int?
        var out: String?
        var rejects: String?
        var cohort: String?
        var problems: [Problem] = []
    }

    let json: Bool
    private(set) var report = Report()

    init(json: Bool) { self.json = json }

    /// An error that stops the command (nothing is written); `hint` says what to do next.
    func failed(_ problems: [Problem], text: String, hint: String? = nil) {
        report.ok = false
        if json {
            report.problems += problems
        } else {
            Terminal.error(text)
            if let hint { Terminal.note(hint) }
        }
    }

    func failed(_ diagnostics: Diagnostics, hint: String? = nil) {
        failed(diagnostics.items.map { Problem(file: $0.file, row: $0.line, column: $0.column, message: $0.message) },
               text: diagnostics.description, hint: hint)
    }

    func failed(_ issues: ImportIssues, hint: String) {
        failed(issues.issues.map(Self.problem), text: issues.description, hint: hint)
    }

    func failed(_ error: ScriptError, hint: String? = nil) {
        failed([Problem(file: error.chunkName, row: error.line, message: error.message)], text: error.description, hint: hint)
    }

    func failed(_ error: ScoringError, hint: String? = nil) {
        failed([Problem(file: error.plugin, message: "scoring subject '\(error.subject)': \(error.message)")], text: error.description, hint: hint)
    }

    /// An error that left the command unexplained: with `--json` it is recorded and exchanged for
    /// its exit status; otherwise it is passed on for `assess` to report.
    func unexplained(_ error: Error) -> Error {
        guard json, !(error is ExitCode) else { return error }
        let (message, status): (String, Int32)
        if let validation = error as? ValidationError {
            (message, status) = (validation.message, ExitStatus.usage)
        } else if let described = Failure.describe(error) {
            (message, status) = described
        } else {
            return error
        }
        failed([Problem(message: message)], text: message)
        return ExitCode(status)
    }

    /// Rows rejected under `--on-invalid skip` (the first 20 as text; all of them in JSON).
    func rejected(_ rows: [RejectedRow], writtenTo path: String) {
        report.rejects = path
        if json {
            report.problems += rows.map { Self.problem($0.issue) }
        } else {
            for row in rows.prefix(20) { Terminal.warning(row.issue.description) }
            if rows.count > 20 { Terminal.warning("... and \(rows.count - 20) more") }
            Terminal.note("rejected rows written to \(path)")
        }
    }

    func cohortWritten(_ path: String) {
        report.cohort = path
        if !json { Terminal.note("cohort summary written to \(path)") }
    }

    func scored(_ summary: ScoreSummary, out: String?) {
        report.subjects = summary.subjects
        report.responses = summary.responses
        report.rejected = summary.rejected.count
        report.out = out
        if !json {
            Terminal.note("scored \(summary.subjects) subject(s) from \(summary.responses) response(s); \(summary.rejected.count) row(s) rejected")
        }
    }

    /// With `--json`, writes the object (once).
    func finish() {
        guard json else { return }
        let text = (try? JSONOutput.compact(report)) ?? #"{"ok":false}"#
        Terminal.write(text + "\n", to: .error)
    }

    static func problem(_ issue: ImportIssue) -> Problem {
        Problem(file: issue.file, row: issue.row > 0 ? issue.row : nil, column: issue.column, message: issue.message)
    }
}
