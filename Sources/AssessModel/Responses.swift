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

/// One answer packed into 64 bits, as ``ResponseRecord`` keeps them and scorer kernels read them
/// (`subject.packed`): a number's bits, or a NaN whose payload says what else it is.
public enum PackedAnswer {
    /// Not answered.
    public static let missing: UInt64 = 0x7FF8_0000_0000_0001
    /// A not-applicable option.
    public static let notApplicable: UInt64 = 0x7FF8_0000_0000_0002
    /// Neither a number nor blank nor not applicable (a comment, a ranking): the record's
    /// ``ResponseRecord/others`` holds it.
    public static let other: UInt64 = 0x7FF8_0000_0000_0003

    /// A scale value (always finite).
    @inline(__always) public static func value(_ x: Double) -> UInt64 { x.bitPattern }
}

/// One response: what one respondent, in one rater group, answered about one subject.
///
/// Answers are positional: answer `i` answers `layout.entries[i]` of the instrument's
/// ``ResponseLayout`` (rated items, importance questions and comments, in instrument order). They
/// are kept packed (``packed``, one 64-bit word each, see ``PackedAnswer``), with comments and
/// rankings beside them (``others``), so a million responses cost a million small arrays of plain
/// words: no per-answer values to make, copy or destroy, and the scorer's packed answers are a copy
/// of them. ``answers`` gives them as ``Answer`` values.
public struct ResponseRecord: Hashable, Sendable {
    public var respondent: String
    public var subject: String
    public var rater: String
    /// The answers packed, by position (see ``PackedAnswer``).
    public var packed: [UInt64]
    /// Answers that are not numbers, blank or not applicable, by position (their slot in
    /// ``packed`` is ``PackedAnswer/other``).
    public var others: [Int: Answer]
    /// Where it came from, for messages: file and 1-based row (line for JSON Lines).
    public var file: String
    public var row: Int

    public init(respondent: String, subject: String, rater: String, answers: [Answer], file: String, row: Int) {
        self.init(respondent: respondent, subject: subject, rater: rater, packed: [], others: [:], file: file, row: row)
        self.answers = answers
    }

    public init(respondent: String, subject: String, rater: String, packed: [UInt64], others: [Int: Answer], file: String, row: Int) {
        self.respondent = respondent
        self.subject = subject
        self.rater = rater
        self.packed = packed
        self.others = others
        self.file = file
        self.row = row
    }

    /// How many answer slots the record has (the layout's count).
    public var count: Int { packed.count }

    /// The answers as values (made on each call: hot paths use ``answer(at:)`` or ``packed``).
    public var answers: [Answer] {
        get { (0..<packed.count).map(answer(at:)) }
        set {
            packed = newValue.map(Self.pack)
            others = [:]
            for (position, answer) in newValue.enumerated() where packed[position] == PackedAnswer.other { others[position] = answer }
        }
    }

    /// The answer at `position`.
    public func answer(at position: Int) -> Answer {
        let bits = packed[position]
        switch bits {
        case PackedAnswer.missing: return .missing
        case PackedAnswer.notApplicable: return .notApplicable
        case PackedAnswer.other: return others[position] ?? .missing
        default: return .value(Double(bitPattern: bits))
        }
    }

    /// Whether the answer at `position` is anything but blank.
    @inline(__always) public func isAnswered(at position: Int) -> Bool { packed[position] != PackedAnswer.missing }

    /// Sets the answer at `position`.
    public mutating func setAnswer(_ answer: Answer, at position: Int) {
        let bits = Self.pack(answer)
        packed[position] = bits
        if bits == PackedAnswer.other { others[position] = answer } else { others[position] = nil }
    }

    /// The packed form of an answer (``PackedAnswer/other`` for comments and rankings).
    public static func pack(_ answer: Answer) -> UInt64 {
        switch answer {
        case .missing: PackedAnswer.missing
        case .notApplicable: PackedAnswer.notApplicable
        case .value(let x): PackedAnswer.value(x)
        case .text, .options: PackedAnswer.other
        }
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
