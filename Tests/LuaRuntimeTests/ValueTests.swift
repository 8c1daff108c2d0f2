import Testing
import LuaRuntime

@Suite("Values cross the boundary intact")
struct ValueTests {
    /// Sends values through `function(...) return ... end` and back.
    func roundTrip(_ values: [LuaValue]) throws -> [LuaValue] {
        try withSandbox { sandbox in
            let identity = try sandbox.load("return function(...) return ... end", chunkName: "id.lua")
            let function = try sandbox.call(identity)[0].functionValue!
            return try sandbox.call(function, values)
        }
    }

    @Test("scalars keep their exact type and value", arguments: [
        LuaValue.nil, true, false, 0, 1, -1, .integer(Int64.max), .integer(Int64.min),
        .integer(1 << 53 + 1), .integer(-(1 << 53) - 1), 0.5, -0.0, 3.0, .number(.greatestFiniteMagnitude),
        .number(.infinity), .number(-.infinity), .number(.leastNonzeroMagnitude), "", "text", "héllo ✓",
    ])
    func scalar(_ value: LuaValue) throws {
        #expect(try roundTrip([value]) == [value])
    }

    @Test func integersAndFloatsStayDistinct() throws {
        let result = try withSandbox { sandbox in
            let f = try sandbox.call(sandbox.load("return function(a, b) return math.type(a), math.type(b) end", chunkName: "t.lua"))[0].functionValue!
            return try sandbox.call(f, [3, 3.0])
        }
        #expect(result == ["integer", "float"])
    }

    @Test func notANumberSurvives() throws {
        let result = try roundTrip([.number(.nan)])
        #expect(result[0].doubleValue?.isNaN == true)
        if case .number = result[0] {} else { Issue.record("NaN must stay a float, got \(result[0])") }
    }

    @Test func stringsAreBytes() throws {
        let bytes: [UInt8] = [0x61, 0x00, 0x62, 0xFF, 0xFE, 0xC3]   // NUL inside, invalid UTF-8
        let result = try roundTrip([.string(LuaString(bytes: bytes))])
        #expect(result == [.string(LuaString(bytes: bytes))])
        #expect(result[0].stringValue == nil, "invalid UTF-8 has no String form")
        if case .string(let s) = result[0] { #expect(s.lossyString == "a\u{0}b\u{FFFD}\u{FFFD}\u{FFFD}") }
        let length = try withSandbox { sandbox in
            let f = try sandbox.call(sandbox.load("return function(s) return #s end", chunkName: "t.lua"))[0].functionValue!
            return try sandbox.call(f, [.string(LuaString(bytes: bytes))])
        }
        #expect(length == [6])
    }

    @Test func tablesNestedAndEmpty() throws {
        let nested: LuaValue = [
            "empty": [:],
            "list": [1, 2.5, "three", [true, false]],
            "map": ["b": 2, "a": 1, 10: "ten", 2.5: "float key", false: "no"],
            "deep": [[[[["bottom"]]]]],
        ]
        #expect(try roundTrip([nested]) == [nested])
    }

    @Test func sequenceAndHoles() throws {
        let result = try withSandbox { sandbox in
            try sandbox.run("return {1, 2, nil, 4, [0] = 'zero', [-1] = 'minus'}", chunkName: "t.lua")
        }
        let table = try #require(result[0].tableValue)
        #expect(table[1] == 1)
        #expect(table[2] == 2)
        #expect(table[3] == .nil)
        #expect(table[4] == 4)
        #expect(table[0] == "zero")
        #expect(table.count == 5)
        #expect(table.pairs.map(\.key) == [-1, 0, 1, 2, 4])
    }

    @Test func tableFieldOrderIsStable() throws {
        let table = try withSandbox { sandbox in
            try sandbox.run("return {z = 1, a = 2, [3] = 'x', [1.5] = 'y', [true] = 1, [false] = 0, m = 3}", chunkName: "t.lua")
        }[0].tableValue!
        #expect(table.pairs.map(\.key) == [1.5, 3, "a", "m", "z", false, true])
    }

    @Test func luaTableEditing() {
        var table = LuaTable(array: [1, 2, 3])
        table[4] = 4
        #expect(table.array == [1, 2, 3, 4])
        table[6] = 6
        #expect(table.array.count == 4)
        table[5] = 5
        #expect(table.array == [1, 2, 3, 4, 5, 6], "filling the hole absorbs the following keys")
        table[2] = .nil
        #expect(table.array == [1])
        #expect(table[3] == 3)
        table["name"] = "x"
        #expect(table["name"] == "x")
        table[2.0] = 2
        #expect(table.array == [1, 2, 3, 4, 5, 6], "2.0 is the key 2")
    }

    @Test func multipleResultsAndNoResults() throws {
        let results = try withSandbox { sandbox in
            (try sandbox.run("return 1, nil, 3", chunkName: "t.lua"), try sandbox.run("local x = 1", chunkName: "t.lua"))
        }
        #expect(results.0 == [1, .nil, 3])
        #expect(results.1 == [])
    }

    @Test func valuesTooDeepToPassIn() throws {
        var value: LuaValue = "bottom"
        for _ in 0..<250 { value = [value] }
        let deep = value
        let error = try withSandbox { sandbox in
            let f = try sandbox.call(sandbox.load("return function(x) return 1 end", chunkName: "t.lua"))[0].functionValue!
            return try #require(throws: ScriptError.self) { try sandbox.call(f, [deep]) }
        }
        #expect(error.kind == .apiMisuse)
    }
}

@Suite("Writing arguments directly")
struct ValueWriterTests {
    @Test func writtenTablesArriveAsWritten() throws {
        let result = try withSandbox { sandbox in
            let identity = try sandbox.run("return function(...) return ... end", chunkName: "id.lua")[0].functionValue!
            return try sandbox.call(identity) { w in
                w.table(sequence: 2, fields: 2)
                w.integer(1)
                w.table(sequence: 1, fields: 0)
                w.string("nested")
                w.string("name")
                w.string("value")
                w.string("pi")
                w.number(3.25)
                w.boolean(true)
                try w.value(["a": 1])
            }
        }
        var first = LuaTable(array: [1, ["nested"]])
        first["name"] = "value"
        first["pi"] = 3.25
        #expect(result == [.table(first), true, ["a": 1]])
    }
}
