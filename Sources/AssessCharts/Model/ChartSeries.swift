/// One group of values drawn in one colour and one marker shape (for example a rater group).
public struct ChartSeries: Sendable, Equatable {
    /// A short id, `[A-Za-z0-9_-]`, unique within the chart; it becomes part of element ids.
    public let id: String
    /// The name shown in the legend and as a column heading of the tables.
    public let label: String
    /// One value per row or axis, in the chart's order. `nil`, NaN and infinities mean "no score":
    /// nothing is drawn and the tables say "no score".
    public let values: [Double?]

    /// Makes a series.
    public init(id: String, label: String, values: [Double?]) {
        self.id = id
        self.label = label
        self.values = values
    }
}

/// One row of a gap chart: a dimension or item scored by self and by others.
public struct GapRow: Sendable, Equatable {
    /// The row's name (a dimension or an item).
    public let label: String
    /// The self rating; `nil` (or not finite) when there is none.
    public let selfScore: Double?
    /// The others' rating; `nil` (or not finite) when there is none.
    public let othersScore: Double?
    /// Words drawn beside the row and put in the tables, such as "blind spot" or
    /// "hidden strength"; `nil` for none. The chart never conveys a flag by colour alone.
    public let flag: String?

    /// Makes a gap row; the gap drawn is `selfScore - othersScore`.
    public init(label: String, selfScore: Double?, othersScore: Double?, flag: String? = nil) {
        self.label = label
        self.selfScore = selfScore
        self.othersScore = othersScore
        self.flag = flag
    }
}

/// One row of a distribution strip: the scores of many subjects on one dimension.
public struct DistributionRow: Sendable, Equatable {
    /// The row's name (a dimension or an item).
    public let label: String
    /// One score per subject; `nil` (or not finite) scores are counted as "no score" and not drawn.
    public let scores: [Double?]
    /// A value to pick out (for example the subject's own score); `nil` for none.
    public let highlight: Double?

    /// Makes a distribution row.
    public init(label: String, scores: [Double?], highlight: Double? = nil) {
        self.label = label
        self.scores = scores
        self.highlight = highlight
    }
}
