/// One answer to one item.
public enum Answer: Hashable, Sendable, Codable {
    /// Not answered.
    case missing
    /// A point on the item's scale (its value).
    case value(Double)
    /// A not-applicable option ("Not observed", "No chance to demonstrate"): excluded from
    /// numerator and denominator.
    case notApplicable
    /// Free text (comment items).
    case text(String)
    /// Option ids in order: a ranking, or the options chosen in a choose-N item.
    case options([String])

    public var isAnswered: Bool {
        switch self {
        case .missing: false
        default: true
        }
    }
}

/// One response: what one respondent, in one rater group, answered about one subject.
///
/// Answers are positional: `answers[i]` answers `layout.items[i]` of the instrument's
/// ``ResponseLayout`` (rated items, importance questions and comments, in instrument order), so a
/// million responses cost a million small arrays, not a million dictionaries.
public struct ResponseRecord: Hashable, Sendable {
    public var respondent: String
    public var subject: String
    public var rater: String
    public var answers: [Answer]
    /// Where it came from, for messages: file and 1-based row (line for JSON Lines).
    public var file: String
    public var row: Int

    public init(respondent: String, subject: String, rater: String, answers: [Answer], file: String, row: Int) {
        self.respondent = respondent
        self.subject = subject
        self.rater = rater
        self.answers = answers
        self.file = file
        self.row = row
    }
}

/// The items a response can answer, in a fixed order, with the column each is read from.
public struct ResponseLayout: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var item: Item
        /// The dimension it belongs to (`nil` for comments).
        public var dimension: String?
        /// The column (wide CSV) or key (JSON Lines) it is read from.
        public var column: String
    }

    public var entries: [Entry]
    /// Item id -> position.
    public var positions: [String: Int]

    /// Rated items of every dimension (elements included), then each dimension's importance
    /// question, then comments.
    public init(_ instrument: Instrument) {
        var entries: [Entry] = []
        func add(_ dimension: Dimension) {
            for item in dimension.items { entries.append(Entry(item: item, dimension: dimension.id, column: instrument.columns.items[item.id] ?? item.id)) }
            for element in dimension.elements { add(element) }
        }
        for dimension in instrument.dimensions { add(dimension) }
        func addImportance(_ dimension: Dimension) {
            if let item = dimension.importance {
                entries.append(Entry(item: item, dimension: dimension.id, column: instrument.columns.items[item.id] ?? item.id))
            }
            for element in dimension.elements { addImportance(element) }
        }
        for dimension in instrument.dimensions { addImportance(dimension) }
        for item in instrument.comments {
            entries.append(Entry(item: item, dimension: nil, column: instrument.columns.items[item.id] ?? item.id))
        }
        self.entries = entries
        var positions: [String: Int] = [:]
        for (index, entry) in entries.enumerated() { positions[entry.item.id] = index }
        self.positions = positions
    }

    public var count: Int { entries.count }
}
