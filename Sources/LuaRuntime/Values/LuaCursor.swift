internal import CLua
internal import CLuaShims
import Foundation

/// The type of a value a ``LuaCursor`` points at.
public enum LuaType: Sendable {
    case `nil`, boolean, number, string, table, function, other
}

/// The results of a call, read where they lie on the Lua stack (see
/// ``LuaSandbox/call(_:writing:reading:)``): as cursors, without copying, or as ``LuaValue``s.
///
/// Valid only inside the reading closure. Strings read through it count towards the output limit,
/// as with ``LuaSandbox/call(_:_:)``.
public struct LuaResults {
    unowned(unsafe) let sandbox: LuaSandbox  // valid only during the call (as the stack it reads)
    let L: OpaquePointer
    let base: Int32
    /// How many values the call returned.
    public let count: Int

    /// The `index`th result (0-based); a cursor at `nil` past the end.
    public func cursor(_ index: Int) -> LuaCursor {
        LuaCursor(sandbox: sandbox, L: L, index: index < count ? base + 1 + Int32(index) : 0)
    }

    /// Every result copied into values, as ``LuaSandbox/call(_:_:)`` returns them.
    public func values() throws -> [LuaValue] {
        try (0..<count).map { try sandbox.copyResult(L, base + 1 + Int32($0)) }
    }
}

/// A value on the Lua stack, read in place: scalars are converted on demand and tables walked
/// without being copied. Only raw, non-raising Lua operations are used (no metamethods run), so a
/// cursor is safe outside protected mode. A table with a metatable reports ``hasMetatable``;
/// callers that need metamethod semantics copy it with ``value()`` instead.
public struct LuaCursor {
    unowned(unsafe) let sandbox: LuaSandbox  // valid only during the call (as the stack it reads)
    let L: OpaquePointer
    /// Absolute stack index; 0 means "nil" (no such value).
    let index: Int32

    /// The value's type.
    public var type: LuaType {
        guard index != 0 else { return .nil }
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean
        case LUA_TNUMBER: return .number
        case LUA_TSTRING: return .string
        case LUA_TTABLE: return .table
        case LUA_TFUNCTION: return .function
        default: return .other
        }
    }

    /// The number (integer or float), or `nil` when the value is not a number.
    public var double: Double? {
        guard type == .number else { return nil }
        if lua_isinteger(L, index) != 0 { return Double(lua_tointegerx(L, index, nil)) }
        return lua_tonumberx(L, index, nil)
    }

    /// The integer, or the float when it has an exact integer value (as ``LuaValue/integerValue``).
    public var integer: Int64? {
        guard type == .number else { return nil }
        if lua_isinteger(L, index) != 0 { return lua_tointegerx(L, index, nil) }
        return Int64(exactly: lua_tonumberx(L, index, nil))
    }

    /// The boolean, or `nil` when the value is not a boolean.
    public var boolean: Bool? {
        guard type == .boolean else { return nil }
        return lua_toboolean(L, index) != 0
    }

    /// The string's bytes (valid until the reading closure returns), or `nil` for other types.
    /// Counts towards the output limit.
    public var bytes: UnsafeRawBufferPointer? {
        guard type == .string else { return nil }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length) else { return nil }
        sandbox.cursorOutputBytes += length
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    /// The string when it is valid UTF-8 (as ``LuaValue/stringValue``); counts towards the output limit.
    public var string: String? {
        guard let bytes else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether the value is the string `text` (compared as bytes; does not count as output).
    public func isString(_ text: StaticString) -> Bool {
        guard index != 0, lua_type(L, index) == LUA_TSTRING else { return false }
        var length = 0
        guard let pointer = lua_tolstring(L, index, &length), length == text.utf8CodeUnitCount else { return false }
        return memcmp(pointer, text.utf8Start, length) == 0
    }

    /// Whether the value is a table with a metatable (a read-only proxy, for instance).
    public var hasMetatable: Bool {
        guard type == .table || type == .other else { return false }
        guard lua_checkstack(L, 1) != 0 else { return true }
        if lua_getmetatable(L, index) != 0 {
            lua_settop(L, -2)
            return true
        }
        return false
    }

    /// The table's border (`#t` without metamethods); 0 for other types.
    public var length: Int {
        guard type == .table else { return 0 }
        return Int(lua_rawlen(L, index))
    }

    /// Calls `body` with a cursor at `t[position]` (raw). `nil` when the value is not a table or
    /// the stack cannot grow.
    public func element<R>(_ position: Int, _ body: (LuaCursor) throws -> R) rethrows -> R? {
        guard type == .table, lua_checkstack(L, 1) != 0 else { return nil }
        lua_rawgeti(L, index, lua_Integer(position))
        defer { lua_settop(L, -2) }
        return try body(LuaCursor(sandbox: sandbox, L: L, index: lua_gettop(L)))
    }

    /// Calls `body` with each key and value of the table (raw, in Lua's own order, which is not
    /// stable: callers must not let it show). `body` returns `false` to stop. Returns `false` when
    /// the value is not a table, the stack cannot grow, or `body` stopped.
    public func forEach(_ body: (_ key: LuaCursor, _ value: LuaCursor) throws -> Bool) rethrows -> Bool {
        guard type == .table, lua_checkstack(L, 3) != 0 else { return false }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let value = lua_gettop(L)
            guard try body(LuaCursor(sandbox: sandbox, L: L, index: value - 1), LuaCursor(sandbox: sandbox, L: L, index: value)) else {
                return false
            }
            lua_settop(L, value - 1)
        }
        return true
    }

    /// The value copied (proxies read as the tables they guard, as ``LuaSandbox/call(_:_:)`` does).
    public func value() throws -> LuaValue {
        guard index != 0 else { return .nil }
        return try sandbox.copyResult(L, index)
    }
}
