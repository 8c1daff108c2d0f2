/// A dimension, domain or capability: a group of items scored together, possibly with nested
/// elements (the Leadership Framework's domains have four elements each).
public struct Dimension: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var description: String?
    /// Marked core (for example the Leadership Framework's first five domains).
    public var core: Bool
    /// Weight in a weighted overall mean (default 1).
    public var weight: Double
    public var items: [Item]
    public var elements: [Dimension]
    /// A per-dimension importance question (the Healthcare Leadership Model rates importance too).
    public var importance: Item?
    /// Short descriptions of the band levels for this dimension, by band label.
    public var levels: [String: String]
    /// Reflective questions shown with the results (self-assessments).
    public var prompts: [String]

    public init(id: String, title: String, description: String? = nil, core: Bool = false, weight: Double = 1,
                items: [Item] = [], elements: [Dimension] = [], importance: Item? = nil, levels: [String: String] = [:],
                prompts: [String] = []) {
        self.id = id
        self.title = title
        self.description = description
        self.core = core
        self.weight = weight
        self.items = items
        self.elements = elements
        self.importance = importance
        self.levels = levels
        self.prompts = prompts
    }

    /// Its own items and those of its elements, in order.
    public var allItems: [Item] { items + elements.flatMap(\.allItems) }
}

/// One question.
public struct Item: Codable, Hashable, Sendable {
    public var id: String
    public var text: String
    public var type: ItemType
    /// The scale id (rating types); `nil` means the instrument's default scale.
    public var scale: String?
    /// Reverse-keyed: scored as (minimum + maximum - value) on its scale.
    public var reverse: Bool
    /// A response without this item is invalid.
    public var required: Bool
    public var weight: Double
    /// A value map id applied to the response before scoring.
    public var valueMap: String?
    /// Options for ranking and choose-N items.
    public var options: [ItemOption]
    /// For choose items: how many options to choose.
    public var choose: Int?
    /// For ranking and choose items: the keyed answer (option ids, in rank order for ranking).
    public var key: [String]
    /// Rater groups that are asked this item (empty: all).
    public var raters: [String]

    public init(id: String, text: String, type: ItemType = .rating, scale: String? = nil, reverse: Bool = false,
                required: Bool = false, weight: Double = 1, valueMap: String? = nil, options: [ItemOption] = [],
                choose: Int? = nil, key: [String] = [], raters: [String] = []) {
        self.id = id
        self.text = text
        self.type = type
        self.scale = scale
        self.reverse = reverse
        self.required = required
        self.weight = weight
        self.valueMap = valueMap
        self.options = options
        self.choose = choose
        self.key = key
        self.raters = raters
    }
}

/// What kind of answer an item takes.
public enum ItemType: String, Codable, Hashable, Sendable, CaseIterable {
    /// A point on a scale.
    case rating
    /// How often (a frequency scale).
    case frequency
    /// How much one agrees (an agreement scale).
    case agreement
    /// How important (an importance scale).
    case importance
    /// Free text.
    case comment
    /// Put the options in order.
    case ranking
    /// Choose N of the options.
    case choose

    /// Answered on a scale.
    public var isScaled: Bool {
        switch self {
        case .rating, .frequency, .agreement, .importance: true
        default: false
        }
    }
}

/// An option of a ranking or choose item.
public struct ItemOption: Codable, Hashable, Sendable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}
