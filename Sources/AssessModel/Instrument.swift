/// An assessment instrument: what is asked, of whom, on which scales, and how it is scored and
/// reported. Built from an `instrument.lua` script, but independent of Lua: everything downstream
/// (import, scoring, reports) works on this value.
public struct Instrument: Codable, Hashable, Sendable {
    /// Stable identifier, e.g. `hlm-360`.
    public var id: String
    /// The instrument's own version (semantic versioning), e.g. `1.0.0`.
    public var version: String
    public var title: String
    public var description: String?
    /// The published framework this instrument follows, if any.
    public var framework: FrameworkReference?
    /// What kind of assessment it is.
    public var kind: Kind
    /// The framework API version the script was written against.
    public var apiVersion: Int
    /// The instrument this one extends (by id), if any.
    public var extends: String?
    /// Response scales by id; ``defaultScale`` is used by rating items that name none.
    public var scales: [Scale]
    public var defaultScale: String
    /// Rater groups in report order. Self-assessments have a single `self` group.
    public var raters: [RaterGroup]
    public var anonymity: AnonymityRule
    /// Dimensions (domains, capabilities), each with items and optionally nested elements.
    public var dimensions: [Dimension]
    /// Free-text questions asked once per response (not per dimension).
    public var comments: [Item]
    /// Named score bands; ``Scoring/bands`` names the one results are banded with.
    public var bands: [BandSet]
    public var valueMaps: [ValueMap]
    public var conversions: [ConversionTable]
    public var scoring: Scoring
    /// Reporter plugin ids, in order of preference.
    public var reports: [String]
    /// How columns in imported files are named, when they differ from the ids.
    public var columns: ColumnMapping

    public init(id: String, version: String, title: String, description: String? = nil,
                framework: FrameworkReference? = nil, kind: Kind, apiVersion: Int = 1, extends: String? = nil,
                scales: [Scale], defaultScale: String, raters: [RaterGroup], anonymity: AnonymityRule = AnonymityRule(),
                dimensions: [Dimension], comments: [Item] = [], bands: [BandSet] = [], valueMaps: [ValueMap] = [],
                conversions: [ConversionTable] = [], scoring: Scoring, reports: [String] = [],
                columns: ColumnMapping = ColumnMapping()) {
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.framework = framework
        self.kind = kind
        self.apiVersion = apiVersion
        self.extends = extends
        self.scales = scales
        self.defaultScale = defaultScale
        self.raters = raters
        self.anonymity = anonymity
        self.dimensions = dimensions
        self.comments = comments
        self.bands = bands
        self.valueMaps = valueMaps
        self.conversions = conversions
        self.scoring = scoring
        self.reports = reports
        self.columns = columns
    }

    /// The kind of assessment.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// One person rates themselves.
        case selfAssessment = "self"
        /// Several rater groups rate one subject (360° feedback).
        case multiRater = "360"
        /// Team members rate their team or leader.
        case team
        /// A team or organisation rates its own capability.
        case organisation
    }

    /// Every rated item (not comments), dimension by dimension, elements included, in order.
    public var allItems: [Item] { dimensions.flatMap(\.allItems) }

    /// The scale with `id`.
    public func scale(_ id: String) -> Scale? { scales.first { $0.id == id } }

    /// The scale an item is answered on.
    public func scale(for item: Item) -> Scale? { scale(item.scale ?? defaultScale) }

    /// The rater group with `id`.
    public func raterGroup(_ id: String) -> RaterGroup? { raters.first { $0.id == id } }
}

/// A published framework an instrument follows.
public struct FrameworkReference: Codable, Hashable, Sendable {
    public var name: String
    public var publisher: String?
    public var year: Int?
    public var version: String?

    public init(name: String, publisher: String? = nil, year: Int? = nil, version: String? = nil) {
        self.name = name
        self.publisher = publisher
        self.year = year
        self.version = version
    }
}

/// Which scorer plugin scores the instrument, with its options.
public struct Scoring: Codable, Hashable, Sendable {
    /// Scorer plugin id, e.g. `scale-scores` or `rater-groups`.
    public var plugin: String
    /// The band set results are banded with, if any.
    public var bands: String?
    /// Plugin options, passed through as given.
    public var options: JSONValue

    public init(plugin: String, bands: String? = nil, options: JSONValue = .object([:])) {
        self.plugin = plugin
        self.bands = bands
        self.options = options
    }
}

/// Column names in imported response files, when they differ from AssessKit's.
public struct ColumnMapping: Codable, Hashable, Sendable {
    public var respondent: String
    public var subject: String
    public var rater: String
    /// Item id -> column name.
    public var items: [String: String]
    /// Columns of wide CSV files (and keys of JSON Lines records) that are read past: the survey
    /// tool's own fields, such as a start time. `nil` when there are none (so older models encode
    /// as before).
    public var ignore: [String]?

    public init(respondent: String = "respondent", subject: String = "subject", rater: String = "rater",
                items: [String: String] = [:], ignore: [String]? = nil) {
        self.respondent = respondent
        self.subject = subject
        self.rater = rater
        self.items = items
        self.ignore = ignore
    }
}
