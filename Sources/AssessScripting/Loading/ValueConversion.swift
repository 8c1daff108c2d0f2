import AssessModel
import LuaRuntime

extension JSONValue {
    /// A Lua value as JSON (plugin options, scorer extras): sequences become arrays, other tables
    /// objects with string keys (integer keys written as decimal strings); functions become null.
    public init(lua value: LuaValue) {
        switch value {
        case .nil, .function: self = .null
        case .boolean(let b): self = .bool(b)
        case .integer, .number: self = .number(value.doubleValue!)
        case .string(let s): self = .string(s.lossyString)
        case .table(let t):
            if t.fields.isEmpty, !t.array.isEmpty {
                self = .array(t.array.map(JSONValue.init(lua:)))
            } else {
                var object: [String: JSONValue] = [:]
                for (key, v) in t.pairs { object[key.stringValue ?? String(describing: key.integerValue ?? 0)] = JSONValue(lua: v) }
                self = .object(object)
            }
        }
    }

    /// The JSON value as Lua: whole numbers become integers.
    public var luaValue: LuaValue {
        switch self {
        case .null: return .nil
        case .bool(let b): return .boolean(b)
        case .number(let n): return Int64(exactly: n).map(LuaValue.integer) ?? .number(n)
        case .string(let s): return .string(LuaString(s))
        case .array(let a): return .table(LuaTable(array: a.map(\.luaValue)))
        case .object(let o): return .table(LuaTable(o.map { (LuaValue.string(LuaString($0.key)), $0.value.luaValue) }))
        }
    }
}
