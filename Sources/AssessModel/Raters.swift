/// A group of raters in a multi-rater instrument (self, manager, peers, ...).
public struct RaterGroup: Codable, Hashable, Sendable {
    public var id: String
    public var label: String
    /// The subject rating themselves.
    public var isSelf: Bool
    /// Fewest responses for the group to be shown; `nil` uses the instrument's anonymity minimum.
    public var minimum: Int?
    /// Most responses accepted per subject (e.g. 1 for self).
    public var maximum: Int?
    /// Shown even below the minimum (commonly the line manager, who is not anonymous anyway).
    public var alwaysShow: Bool

    public init(id: String, label: String, isSelf: Bool = false, minimum: Int? = nil, maximum: Int? = nil,
                alwaysShow: Bool = false) {
        self.id = id
        self.label = label
        self.isSelf = isSelf
        self.minimum = minimum
        self.maximum = maximum
        self.alwaysShow = alwaysShow
    }
}

/// How small rater groups are protected.
public struct AnonymityRule: Codable, Hashable, Sendable {
    /// Default fewest responses for a group to be shown.
    public var minimum: Int
    public var policy: Policy
    /// With ``Policy/merge``: the group small groups are merged into.
    public var mergeInto: String?

    public enum Policy: String, Codable, Hashable, Sendable {
        /// Drop the group, its comments, and anything it could be recovered from by subtraction.
        case suppress
        /// Merge the group into ``AnonymityRule/mergeInto``.
        case merge
    }

    public init(minimum: Int = 3, policy: Policy = .suppress, mergeInto: String? = nil) {
        self.minimum = minimum
        self.policy = policy
        self.mergeInto = mergeInto
    }
}

/// Ordered thresholds mapping a score to a label.
public struct BandSet: Codable, Hashable, Sendable {
    public var id: String
    /// Bands in ascending order of ``Band/from``; a score belongs to the last band whose `from` it reaches.
    public var bands: [Band]

    public struct Band: Codable, Hashable, Sendable {
        /// The lowest score in the band (inclusive).
        public var from: Double
        public var label: String
        /// A colour name or hex code for reports (optional).
        public var colour: String?

        public init(from: Double, label: String, colour: String? = nil) {
            self.from = from
            self.label = label
            self.colour = colour
        }
    }

    public init(id: String, bands: [Band]) {
        self.id = id
        self.bands = bands
    }

    /// The band a score falls in, or `nil` below the first band.
    public func band(for score: Double) -> Band? { bands.last { score >= $0.from } }
}
