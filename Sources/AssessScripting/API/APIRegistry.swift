/// One public name of the Lua API: a module, function, field or class, with its documentation and
/// the version it appeared in. The reference manual and the LuaLS annotations are generated from
/// these entries, and a golden list of names guards the compatibility promise.
public struct APIEntry: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case module, function, field, type
    }

    /// Full dotted name, e.g. `assess.instrument`, or a type name such as `InstrumentSpec`.
    public var name: String
    public var kind: Kind
    /// The API version the name appeared in.
    public var since: APIVersion
    /// LuaLS type: for functions `fun(spec: InstrumentSpec): Instrument`, for fields the field type.
    public var type: String
    /// One-sentence summary.
    public var summary: String
    /// Further explanation (Markdown).
    public var details: String
    /// A complete example (Lua), shown in the reference.
    public var example: String?
    /// For types: their fields, in order.
    public var fields: [Field]

    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: String
        public var optional: Bool
        public var summary: String
        public var since: APIVersion
        public init(_ name: String, _ type: String, optional: Bool = true, since: APIVersion = APIVersion(1, 0), _ summary: String) {
            self.name = name
            self.type = type
            self.optional = optional
            self.summary = summary
            self.since = since
        }
    }

    public init(name: String, kind: Kind, since: APIVersion = APIVersion(1, 0), type: String, summary: String,
                details: String = "", example: String? = nil, fields: [Field] = []) {
        self.name = name
        self.kind = kind
        self.since = since
        self.type = type
        self.summary = summary
        self.details = details
        self.example = example
        self.fields = fields
    }
}

/// Every public name of the Lua API, in documentation order. Each namespace registers its entries
/// in its own file under `V1/`.
public enum APIRegistry {
    public static let entries: [APIEntry] = AssessNamespace.entries + InstrumentNamespace.entries + ScorerNamespace.entries
        + ReporterNamespace.entries + ExerciseNamespace.entries

    /// `name since` for every public name and every field of every documented type, sorted; the
    /// golden list tests compare this with.
    public static var nameList: [String] {
        var names: [String] = []
        for entry in entries {
            names.append("\(entry.name) \(entry.since)")
            for field in entry.fields { names.append("\(entry.name).\(field.name) \(field.since)") }
        }
        return names.sorted()
    }
}
