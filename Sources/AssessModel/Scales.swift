import Foundation

/// An ordered set of response options.
public struct Scale: Codable, Hashable, Sendable {
    public var id: String
    /// What the scale measures (frequency, agreement, importance, level, ...); informative.
    public var kind: String?
    /// Options in order, lowest value first. Not-applicable options carry no value.
    public var options: [ScaleOption]

    public init(id: String, kind: String? = nil, options: [ScaleOption]) {
        self.id = id
        self.kind = kind
        self.options = options
    }

    /// Options that carry a value (not "not applicable").
    public var scoredOptions: [ScaleOption] { options.filter { !$0.notApplicable } }
    /// The lowest value.
    public var minimum: Double { scoredOptions.compactMap(\.value).min() ?? 0 }
    /// The highest value.
    public var maximum: Double { scoredOptions.compactMap(\.value).max() ?? 0 }

    /// The option a response names, by value or by label (case-insensitive, trimmed).
    public func option(matching answer: String) -> ScaleOption? {
        let trimmed = answer.trimmingCharacters(in: .whitespaces)
        if let number = Double(trimmed), let option = options.first(where: { $0.value == number }) { return option }
        let lowered = trimmed.lowercased()
        return options.first { $0.label.lowercased() == lowered || $0.code?.lowercased() == lowered }
    }
}

/// One response option.
public struct ScaleOption: Codable, Hashable, Sendable {
    /// The value it scores; `nil` for not-applicable options.
    public var value: Double?
    public var label: String
    /// A short code used in exports (optional).
    public var code: String?
    /// "Not observed", "No chance to demonstrate": excluded from numerator and denominator.
    public var notApplicable: Bool

    public init(value: Double?, label: String, code: String? = nil, notApplicable: Bool = false) {
        self.value = value
        self.label = label
        self.code = code
        self.notApplicable = notApplicable
    }
}

/// Maps response values to numbers (e.g. a 5-point agreement item to 0, 2.5, 5, 7.5, 10).
public struct ValueMap: Codable, Hashable, Sendable {
    public var id: String
    public var entries: [Entry]

    public struct Entry: Codable, Hashable, Sendable {
        public var from: Double
        public var to: Double
        public init(from: Double, to: Double) {
            self.from = from
            self.to = to
        }
    }

    public init(id: String, entries: [Entry]) {
        self.id = id
        self.entries = entries
    }

    public func map(_ value: Double) -> Double? { entries.first { $0.from == value }?.to }
}

/// Converts a raw total to a metric score by looking it up in rows of (raw, score).
public struct ConversionTable: Codable, Hashable, Sendable {
    public var id: String
    public var rows: [Row]

    public struct Row: Codable, Hashable, Sendable {
        public var raw: Double
        public var score: Double
        public init(raw: Double, score: Double) {
            self.raw = raw
            self.score = score
        }
    }

    public init(id: String, rows: [Row]) {
        self.id = id
        self.rows = rows
    }

    public func convert(_ raw: Double) -> Double? { rows.first { $0.raw == raw }?.score }
}
