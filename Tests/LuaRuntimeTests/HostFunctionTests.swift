import Testing
import LuaRuntime

@Suite("Swift functions called from Lua")
struct HostFunctionTests {
    @Test func argumentsAndResults() throws {
        let add = LuaFunction(name: "add") { call in
            [.integer(call[0].integerValue! + call[1].integerValue!), "done"]
        }
        let result = try withSandbox { sandbox in
            try sandbox.setGlobal("add", .function(add))
            return try sandbox.run("local s, d = add(2, 40) return s, d", chunkName: "t.lua")
        }
        #expect(result == [42, "done"])
    }

    @Test func errorsBecomeLuaErrorsAtTheCallersLine() throws {
        let fail = LuaFunction(name: "fail") { _ in throw HostFunctionError.runtime("the host said no") }
        let error = try withSandbox { sandbox in
            try sandbox.setGlobal("fail", .function(fail))
            return try #require(throws: ScriptError.self) {
                try sandbox.run("local x = 1\nfail()\n", chunkName: "caller.lua")
            }
        }
        #expect(error.kind == .runtime)
        #expect(error.chunkName == "caller.lua")
        #expect(error.line == 2)
        #expect(error.message == "the host said no")
    }

    @Test func misuseIsClassified() throws {
        let strict = LuaFunction(name: "strict") { _ in throw HostFunctionError.misuse("strict: expected a table") }
        let error = try scriptErrorWith(global: "strict", strict, "strict(1)")
        #expect(error?.kind == .apiMisuse)
        #expect(error?.outcome == "error: api: strict: expected a table")
    }

    @Test func errorsCanBeCaughtByPcall() throws {
        let fail = LuaFunction(name: "fail") { _ in throw HostFunctionError.runtime("nope") }
        let result = try withSandbox { sandbox in
            try sandbox.setGlobal("fail", .function(fail))
            return try sandbox.run("local ok, e = pcall(fail) return ok, e", chunkName: "t.lua")
        }
        #expect(result == [false, "nope"], "called directly by pcall (a C function): no Lua position, as in stock Lua")
    }

    @Test func hostFunctionCallsBackIntoLua() throws {
        let apply = LuaFunction(name: "apply") { call in
            let f = call[0].functionValue!
            return try call.sandbox.call(f, [call[1]])
        }
        let result = try withSandbox { sandbox in
            try sandbox.setGlobal("apply", .function(apply))
            return try sandbox.run("return apply(function(x) return x * 2 end, 21)", chunkName: "t.lua")
        }
        #expect(result == [42])
    }

    @Test func hostFunctionInsideACoroutine() throws {
        let twice = LuaFunction(name: "twice") { call in [.integer(call[0].integerValue! * 2)] }
        let result = try withSandbox { sandbox in
            try sandbox.setGlobal("twice", .function(twice))
            return try sandbox.run("""
                local co = coroutine.wrap(function(a) local b = coroutine.yield(twice(a)) return twice(b) end)
                return co(5), co(7)
                """, chunkName: "t.lua")
        }
        #expect(result == [10, 14])
    }

    @Test func limitTrippedInsideNestedCallStaysSticky() throws {
        let apply = LuaFunction(name: "apply") { call in try call.sandbox.call(call[0].functionValue!) }
        let error = try withSandbox(SandboxConfiguration(limits: SandboxLimits(instructions: 1_000_000))) { sandbox in
            try sandbox.setGlobal("apply", .function(apply))
            return try #require(throws: ScriptError.self) {
                try sandbox.run("for i = 1, 100 do pcall(apply, function() while true do end end) end return 'escaped'", chunkName: "t.lua")
            }
        }
        #expect(error.limit == .instructions)
    }

    @Test func memoryExhaustionWhilePushingResultsIsALimit() throws {
        let big = LuaFunction(name: "big") { _ in [.string(LuaString(bytes: [UInt8](repeating: 65, count: 4 << 20)))] }
        let error = try withSandbox(SandboxConfiguration(limits: SandboxLimits(memoryBytes: 2 << 20))) { sandbox in
            try sandbox.setGlobal("big", .function(big))
            return try #require(throws: ScriptError.self) { try sandbox.run("local ok = pcall(big) return 1", chunkName: "t.lua") }
        }
        #expect(error.limit == .memory)
    }

    @Test func readOnlyGlobalTable() throws {
        let error = try withSandbox { sandbox in
            try sandbox.setGlobal("config", ["answer": 42], readOnly: true)
            return try #require(throws: ScriptError.self) { try sandbox.run("assert(config.answer == 42) config.answer = 1", chunkName: "t.lua") }
        }
        #expect(error.outcome == "error: api: attempt to modify read-only table 'config'")
    }

    @Test func registeredModulesAreRequired() throws {
        let result = try withSandbox { sandbox in
            try sandbox.registerModule("framework", ["version": "1.0"])
            return try sandbox.run("local f = require 'framework' return f.version, require('framework') == f", chunkName: "t.lua")
        }
        #expect(result == ["1.0", true])
    }

    func scriptErrorWith(global name: String, _ function: LuaFunction, _ source: String) throws -> ScriptError? {
        try withSandbox { sandbox in
            try sandbox.setGlobal(name, .function(function))
            do {
                _ = try sandbox.run(source, chunkName: "t.lua")
                return nil
            } catch let error as ScriptError { return error }
        }
    }
}

@Suite("References and threads")
struct ReferenceTests {
    @Test func functionReferencesAreReleased() throws {
        let counts = try withSandbox { sandbox in
            let baseline = sandbox.liveReferenceCount
            var functions: [LuaFunction] = []
            for _ in 0..<50 {
                functions.append(try sandbox.run("return function() return 1 end", chunkName: "t.lua")[0].functionValue!)
            }
            let held = sandbox.liveReferenceCount
            functions.removeAll()
            _ = try sandbox.run("return 1", chunkName: "t.lua")   // entering the sandbox frees released refs
            return (baseline, held, sandbox.liveReferenceCount)
        }
        #expect(counts.1 >= counts.0 + 50)
        #expect(counts.2 <= counts.0 + 2, "only the chunks of the last run may still be referenced")
    }

    @Test func functionFromAnotherSandboxIsRefused() throws {
        try LuaThread.shared.run {
            let a = try LuaSandbox()
            let b = try LuaSandbox()
            let f = try a.run("return function() end", chunkName: "a.lua")[0].functionValue!
            #expect(throws: SandboxError.foreignFunction) { try b.call(f) }
        }
    }

    @Test func sandboxesRefuseToRunOffTheLuaThread() throws {
        #expect(throws: SandboxError.notOnLuaThread) { _ = try LuaSandbox() }
        let sandbox = try LuaThread.shared.run { try LuaSandbox() }
        #expect(throws: SandboxError.notOnLuaThread) { _ = try sandbox.run("return 1", chunkName: "t.lua") }
    }

    @Test func luaThreadHasALargeStack() throws {
        #expect(LuaThread.shared.stackSize >= 8 << 20)
        #expect(LuaThread(stackSize: 1 << 20).stackSize >= 8 << 20, "a small stack is never used")
    }

    @Test func closedSandboxRefuses() throws {
        try LuaThread.shared.run {
            let sandbox = try LuaSandbox()
            sandbox.close()
            #expect(throws: SandboxError.closed) { _ = try sandbox.run("return 1", chunkName: "t.lua") }
        }
    }

    @Test func asyncPerform() async throws {
        let value = try await LuaThread.shared.perform {
            let sandbox = try LuaSandbox()
            return try sandbox.run("return 6 * 7", chunkName: "t.lua")[0]
        }
        #expect(value == 42)
    }
}

@Suite("Read-only values")
struct ReadOnlyValueTests {
    @Test func nestedTablesAreReadOnlyAndReadBackWhole() throws {
        let result = try withSandbox { sandbox in
            try sandbox.setGlobal("config", ["levels": ["low", "high"], "nested": ["deep": ["x": 1]]], readOnly: true)
            return try sandbox.run("""
                local ok1 = pcall(function() config.levels[1] = "changed" end)
                local ok2 = pcall(function() config.nested.deep.x = 2 end)
                local ok3 = pcall(rawset, config.nested, "y", 1)
                return ok1, ok2, ok3, config.levels[2], config.nested
                """, chunkName: "t.lua")
        }
        #expect(Array(result[0..<4]) == [false, false, false, "high"])
        #expect(result[4] == ["deep": ["x": 1]], "a proxy returned to the host reads as the table it guards")
    }
}
