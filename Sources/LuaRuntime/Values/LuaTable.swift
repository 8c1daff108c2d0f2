/// A snapshot of a Lua table: its sequence `t[1..n]` and the remaining fields in a stable order.
///
/// Field order is deterministic (numbers ascending, then strings by bytes, then `false`, `true`, then
/// functions), the same order the sandbox's `pairs` uses, so anything built from a table is
/// reproducible byte for byte.
public struct LuaTable: Hashable, Sendable {
    /// One key/value pair outside the sequence.
    public struct Field: Hashable, Sendable {
        public var key: LuaValue
        public var value: LuaValue
        public init(key: LuaValue, value: LuaValue) {
            self.key = key
            self.value = value
        }
    }

    /// `t[1]`, `t[2]`, ... up to the first `nil`.
    public private(set) var array: [LuaValue]
    /// Every other pair, sorted by key.
    public private(set) var fields: [Field]

    /// A table with a sequence and no other fields.
    public init(array: [LuaValue] = []) {
        self.array = array
        self.fields = []
    }

    /// A table from key/value pairs; integer keys that continue the sequence join ``array``.
    public init(_ pairs: some Sequence<(LuaValue, LuaValue)>) {
        self.init()
        for (key, value) in pairs { self[key] = value }
    }

    /// Internal fast path: fields already sorted and free of sequence keys.
    init(array: [LuaValue], sortedFields: [Field]) {
        self.array = array
        self.fields = sortedFields
    }

    /// Number of non-nil entries.
    public var count: Int { array.count + fields.count }

    /// True when the table has no entries.
    public var isEmpty: Bool { array.isEmpty && fields.isEmpty }

    /// Reads or writes `t[key]`; assigning `.nil` removes the entry.
    public subscript(key: LuaValue) -> LuaValue {
        get {
            if let i = key.sequenceIndex, i <= array.count { return array[i - 1] }
            if let at = fieldIndex(of: key) { return fields[at].value }
            return .nil
        }
        set {
            let key = key.normalizedKey
            if let i = key.sequenceIndex, i <= array.count + 1 {
                if newValue == .nil {
                    guard i <= array.count else { return }
                    // Removing from the middle: everything after moves to the fields.
                    let tail = array[i...]
                    array.removeSubrange((i - 1)...)
                    for (offset, v) in tail.enumerated() { insertField(.integer(Int64(i + 1 + offset)), v) }
                } else if i <= array.count {
                    array[i - 1] = newValue
                } else {
                    array.append(newValue)
                    absorbFollowingFields()
                }
                return
            }
            if newValue == .nil {
                if let at = fieldIndex(of: key) { fields.remove(at: at) }
            } else {
                insertField(key, newValue)
            }
        }
    }

    /// Reads `t[name]` for a string key.
    public subscript(name: String) -> LuaValue {
        get { self[.string(LuaString(name))] }
        set { self[.string(LuaString(name))] = newValue }
    }

    /// Every pair in the sandbox's `pairs` order (keys sorted: numbers, strings, booleans, functions).
    public var pairs: [(key: LuaValue, value: LuaValue)] {
        var result: [(key: LuaValue, value: LuaValue)] = []
        result.reserveCapacity(count)
        var next = 0
        for (i, v) in array.enumerated() {
            let key = LuaValue.integer(Int64(i + 1))
            while next < fields.count, LuaValue.keyOrder(fields[next].key, key) < 0 {
                result.append((fields[next].key, fields[next].value))
                next += 1
            }
            result.append((key, v))
        }
        for field in fields[next...] { result.append((field.key, field.value)) }
        return result
    }

    private func fieldIndex(of key: LuaValue) -> Int? {
        var low = 0
        var high = fields.count
        while low < high {
            let mid = (low + high) / 2
            let order = LuaValue.keyOrder(fields[mid].key, key)
            if order == 0 { return mid }
            if order < 0 { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    private mutating func insertField(_ key: LuaValue, _ value: LuaValue) {
        var low = 0
        var high = fields.count
        while low < high {
            let mid = (low + high) / 2
            let order = LuaValue.keyOrder(fields[mid].key, key)
            if order == 0 {
                fields[mid].value = value
                return
            }
            if order < 0 { low = mid + 1 } else { high = mid }
        }
        fields.insert(Field(key: key, value: value), at: low)
    }

    private mutating func absorbFollowingFields() {
        while let at = fieldIndex(of: .integer(Int64(array.count + 1))) {
            array.append(fields[at].value)
            fields.remove(at: at)
        }
    }
}

extension LuaValue {
    /// Floats with an integer value are the same key as the integer, as in Lua.
    var normalizedKey: LuaValue {
        if case .number(let d) = self, let i = Int64(exactly: d) { return .integer(i) }
        return self
    }

    /// The 1-based position when this key can be part of a sequence.
    var sequenceIndex: Int? {
        guard case .integer(let i) = normalizedKey, i >= 1, i <= Int64(Int.max) else { return nil }
        return Int(i)
    }

    /// The canonical key order: numbers, then strings, then booleans, then functions.
    /// Returns a negative number, zero or a positive number like `strcmp`.
    static func keyOrder(_ a: LuaValue, _ b: LuaValue) -> Int {
        let ra = a.keyRank, rb = b.keyRank
        if ra != rb { return ra - rb }
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)):
            if x == y { return 0 }
            return x < y ? -1 : 1
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        default:
            if ra == 0 {
                let x = a.doubleValue!, y = b.doubleValue!
                if x < y { return -1 }
                if x > y { return 1 }
                if case .integer = a, case .number = b { return -1 }
                if case .number = a, case .integer = b { return 1 }
                return 0
            }
            if case .function(let x) = a, case .function(let y) = b {
                return x.identity < y.identity ? -1 : (x.identity == y.identity ? 0 : 1)
            }
            return 0
        }
    }

    private var keyRank: Int {
        switch self {
        case .integer, .number: 0
        case .string: 1
        case .boolean: 2
        default: 3
        }
    }
}
