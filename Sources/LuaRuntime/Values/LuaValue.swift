/// A Lua value as the host sees it: a snapshot for scalars, strings and tables, a reference for functions.
///
/// Integers and floats stay distinct (`3` is ``integer(_:)``, `3.0` is ``number(_:)``), strings are
/// bytes (Lua strings need not be UTF-8), and tables are copied into ``LuaTable`` values with a
/// deterministic key order.
public enum LuaValue: Hashable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(LuaString)
    case table(LuaTable)
    case function(LuaFunction)

    /// The Lua type name (`"nil"`, `"boolean"`, `"number"`, `"string"`, `"table"`, `"function"`).
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .table: "table"
        case .function: "function"
        }
    }

    /// The string as UTF-8 text, or `nil` when this is not a string or its bytes are not valid UTF-8.
    public var stringValue: String? {
        if case .string(let s) = self { return s.string }
        return nil
    }

    /// The integer, or the float when it has an exact integer value.
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    /// The number as a `Double` (integers converted).
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// The boolean, or `nil` for any other type.
    public var boolValue: Bool? {
        if case .boolean(let b) = self { return b }
        return nil
    }

    /// The table snapshot, or `nil` for any other type.
    public var tableValue: LuaTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    /// The function reference, or `nil` for any other type.
    public var functionValue: LuaFunction? {
        if case .function(let f) = self { return f }
        return nil
    }

    /// Lua truthiness: everything but `nil` and `false` is true.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(LuaString(value)) }
    public init(arrayLiteral elements: LuaValue...) { self = .table(LuaTable(array: elements)) }
    public init(dictionaryLiteral elements: (LuaValue, LuaValue)...) {
        self = .table(LuaTable(elements))
    }
}

/// A Lua string: bytes, which are usually but not always UTF-8 text.
public struct LuaString: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The raw bytes.
    public var bytes: [UInt8]

    /// Wraps raw bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The UTF-8 encoding of `string`.
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// The text when the bytes are valid UTF-8, otherwise `nil`.
    public var string: String? { String(validating: bytes, as: UTF8.self) }

    /// The text, with invalid UTF-8 sequences replaced by U+FFFD.
    public var lossyString: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { lossyString }

    /// Byte-wise order, as Lua compares strings in the C locale.
    public static func < (lhs: LuaString, rhs: LuaString) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
