/// The scores of one subject, as a scorer plugin returned them and the host validated them.
public struct SubjectScores: Codable, Hashable, Sendable {
    public var subject: String
    /// Responses scored for this subject: given for self-assessments only. For instruments with
    /// rater groups the scorer reports counts itself (as "fewer than N" for suppressed groups):
    /// a raw total would let readers recover the size of a suppressed group by subtraction.
    public var responses: Int?
    /// One entry per dimension the scorer reported, in instrument order.
    public var dimensions: [ScoreEntry]
    /// The overall score, when the scorer reports one.
    public var overall: ScoreEntry?
    /// Per-item results, when the scorer reports them.
    public var items: [ScoreEntry]
    /// Anything else the scorer returned (flags, notes), passed through.
    public var extra: JSONValue?

    public init(subject: String, responses: Int?, dimensions: [ScoreEntry], overall: ScoreEntry?,
                items: [ScoreEntry], extra: JSONValue?) {
        self.subject = subject
        self.responses = responses
        self.dimensions = dimensions
        self.overall = overall
        self.items = items
        self.extra = extra
    }
}

/// One score: of a dimension, an item, or overall.
public struct ScoreEntry: Codable, Hashable, Sendable {
    /// The dimension or item id (`overall` for the overall score).
    public var id: String
    /// The score, or `nil` when it could not be given (``reason`` says why).
    public var score: Double?
    /// The band label the score falls in, when banded.
    public var band: String?
    /// Answers that counted.
    public var answered: Int?
    /// Why there is no score (e.g. "2 of 5 items answered; at least 3 needed").
    public var reason: String?
    /// Further named figures (sum, mean, prorated sum, sd, ...).
    public var stats: [String: Double]
    /// Flags raised (e.g. "Significant gap").
    public var flags: [String]
    /// Scores per rater group (360°), each with its own figures.
    public var groups: [String: ScoreEntry]

    public init(id: String, score: Double?, band: String? = nil, answered: Int? = nil, reason: String? = nil,
                stats: [String: Double] = [:], flags: [String] = [], groups: [String: ScoreEntry] = [:]) {
        self.id = id
        self.score = score
        self.band = band
        self.answered = answered
        self.reason = reason
        self.stats = stats
        self.flags = flags
        self.groups = groups
    }
}

/// Where a set of scores came from, so any result can be traced and reproduced.
public struct Provenance: Codable, Hashable, Sendable {
    public var instrument: String
    public var instrumentVersion: String
    public var instrumentHash: String
    public var scorer: String
    public var scorerVersion: String
    public var scorerHash: String
    public var apiVersion: String
    public var toolkitVersion: String
    /// Input files with their hashes, in the order given.
    public var inputs: [Input]
    /// The options the scorer ran with.
    public var options: JSONValue

    public struct Input: Codable, Hashable, Sendable {
        public var file: String
        public var hash: String
        public init(file: String, hash: String) {
            self.file = file
            self.hash = hash
        }
    }

    public init(instrument: String, instrumentVersion: String, instrumentHash: String, scorer: String, scorerVersion: String,
                scorerHash: String, apiVersion: String, toolkitVersion: String, inputs: [Input], options: JSONValue) {
        self.instrument = instrument
        self.instrumentVersion = instrumentVersion
        self.instrumentHash = instrumentHash
        self.scorer = scorer
        self.scorerVersion = scorerVersion
        self.scorerHash = scorerHash
        self.apiVersion = apiVersion
        self.toolkitVersion = toolkitVersion
        self.inputs = inputs
        self.options = options
    }
}
