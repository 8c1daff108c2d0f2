import AssessModel

/// A problem found while importing a response file, located by file, row and column.
///
/// `row` is the 1-based physical line on which the record starts (the header is row 1; for JSON
/// Lines, the line number); `row` 0 means the file as a whole. `column` is the 1-based field
/// position, or `nil` when the problem is not in one field.
public struct ImportIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, as named in messages.
    public var file: String
    /// 1-based row where the record starts; 0 for the file as a whole.
    public var row: Int
    /// 1-based field position, if the problem is in one field.
    public var column: Int?
    /// What is wrong, and how to fix it.
    public var message: String

    /// Makes an issue at `file:row:column`.
    public init(file: String, row: Int, column: Int? = nil, message: String) {
        self.file = file
        self.row = row
        self.column = column
        self.message = message
    }

    /// `file:row:column: message`; the column is omitted when `nil`, the row when 0.
    public var description: String {
        var location = file
        if row > 0 { location += ":\(row)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }

    /// The same problem as a model `Diagnostic` (row as line).
    public var diagnostic: Diagnostic {
        Diagnostic(file: file, line: row > 0 ? row : nil, column: column, message: message)
    }
}

/// Several import problems at once (for example every problem in a header), thrown together.
public struct ImportIssues: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var issues: [ImportIssue]

    /// Wraps `issues`.
    public init(_ issues: [ImportIssue]) { self.issues = issues }

    /// One problem per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// A row that failed validation, with the reason and the row exactly as it was in the file.
public struct RejectedRow: Sendable, Hashable {
    /// Why the row was rejected, and where.
    public var issue: ImportIssue
    /// The row as it was in the file: every physical line of a multi-line record, without the
    /// final line break (bytes that are not UTF-8 appear as U+FFFD).
    public var raw: String

    /// Makes a rejected row.
    public init(issue: ImportIssue, raw: String) {
        self.issue = issue
        self.raw = raw
    }
}

/// What ``ResponseReader/next()`` produces: a valid response, or a rejected row.
public enum ResponseEvent: Sendable, Hashable {
    /// A row that passed validation.
    case record(ResponseRecord)
    /// A row that did not, with the reason.
    case rejected(RejectedRow)
}
