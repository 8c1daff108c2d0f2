import Foundation
import Testing
import LuaRuntime

/// The hostile-script suite: every case in `Adversarial/cases/` runs in a fresh sandbox and must end
/// exactly as its `.expected` golden file says (outcome line, then everything it printed).
@Suite("Adversarial scripts", .serialized)
struct AdversarialSuiteTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Adversarial")
    static let suiteLimits = SandboxLimits(memoryBytes: 32 << 20, instructions: 50_000_000, time: .seconds(2), outputBytes: 1 << 20)

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("cases").path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Runs one case the way `assess lua --header-limits` does and renders outcome + output.
    static func run(_ name: String) throws -> String {
        let url = folder.appendingPathComponent("cases/\(name).lua")
        let source = try [UInt8](Data(contentsOf: url))
        let limits = try suiteLimits.applyingHeader(of: source)
        return try LuaThread.shared.run {
            let sandbox = try LuaSandbox(SandboxConfiguration(
                limits: limits, seed: 0, modules: DirectoryModules(root: folder.appendingPathComponent("modules"))))
            defer { sandbox.close() }
            var outcome = "ok"
            do {
                _ = try sandbox.run(ScriptSource.prepare(source), chunkName: "\(name).lua")
            } catch let error as ScriptError {
                outcome = error.outcome
            }
            return outcome + "\n" + String(decoding: sandbox.output, as: UTF8.self)
        }
    }

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 40)
    }

    @Test("each case ends as its golden file says", arguments: cases)
    func golden(_ name: String) throws {
        let expectedURL = Self.folder.appendingPathComponent("cases/\(name).expected")
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        let actual = try Self.run(name)
        #expect(actual == expected, "\(name): outcome differs from \(name).expected")
        try Self.expectCleanSandbox(after: name)
    }

    /// After any case, a new sandbox behaves as new: nothing leaked across states.
    static func expectCleanSandbox(after name: String) throws {
        let result = try LuaThread.shared.run {
            let sandbox = try LuaSandbox()
            defer { sandbox.close() }
            return try sandbox.run("""
                assert(string.upper("abc") == "ABC", "string library poisoned")
                assert(getmetatable("") == false, "string metatable exposed")
                assert(("x"):rep(3) == "xxx", "string methods poisoned")
                assert(type(table.concat) == "function" and type(math.floor) == "function")
                assert(rawget(_G, "poisoned") == nil and rawget(_G, "io") == nil)
                local keys = {}
                for k in pairs({c = 1, a = 2, b = 3}) do keys[#keys + 1] = k end
                assert(table.concat(keys) == "abc", "pairs order")
                return math.random(1000000), tostring({})
                """, chunkName: "canary.lua")
        }
        #expect(result == [.integer(Self.firstRandom), "table: #1"], "sandbox state after \(name)")
    }

    /// `math.random(1000000)` right after seeding with 0, as every fresh sandbox is.
    static let firstRandom: Int64 = {
        (try? LuaThread.shared.run { try LuaSandbox().run("return math.random(1000000)", chunkName: "seed.lua") })?[0].integerValue ?? -1
    }()
}

@Suite("Pattern functions match stock Lua")
struct PatternTests {
    @Test func fixture() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/patterns.lua")
        let source = try String(contentsOf: url, encoding: .utf8)
        let output = try printed(source)
        #expect(output.hasSuffix("patterns: all passed\n"))
    }

    @Test func catastrophicBacktrackingEndsWithALimit() throws {
        let error = try scriptError("""
            return string.find(string.rep("a", 40), string.rep("a*", 40) .. "b")
            """, limits: SandboxLimits(instructions: 20_000_000))
        #expect(error?.limit == .instructions)
    }
}
