import AssessModel
import Foundation
import LuaRuntime

/// Runs `tests/*.test.lua` files: Lua-side unit tests of plugin and instrument helpers, written
/// with `describe`, `it` and `expect`, reported in the same summary as the golden cases.
///
/// ```lua
/// local bank = require "items"          -- modules resolve beside the folder that holds tests/
/// describe("item bank", function()
///   it("has five items per dimension", function()
///     for _, d in ipairs(bank) do expect(#d.items):to_be(5) end
///   end)
/// end)
/// ```
public enum LuaUnitTests {
    /// The assertion library, loaded before each test file.
    static let library = #"""
    local report = ...
    local names = {}

    local function show(value, depth)
      depth = depth or 0
      if type(value) == "string" then return string.format("%q", value) end
      if type(value) ~= "table" or depth > 3 then return tostring(value) end
      local parts = {}
      for k, v in pairs(value) do parts[#parts + 1] = "[" .. show(k, depth + 1) .. "] = " .. show(v, depth + 1) end
      return "{" .. table.concat(parts, ", ") .. "}"
    end

    local function equal(a, b)
      if a == b then return true end
      if type(a) ~= "table" or type(b) ~= "table" then return false end
      for k, v in pairs(a) do if not equal(v, b[k]) then return false end end
      for k in pairs(b) do if a[k] == nil then return false end end
      return true
    end

    --- Groups tests; names nest.
    function describe(name, body)
      names[#names + 1] = name
      body()
      names[#names] = nil
    end

    --- One test: passes unless `body` raises.
    function it(name, body)
      local full = #names > 0 and (table.concat(names, " ") .. " " .. name) or name
      local ok, err = pcall(body)
      report(full, ok, ok and "" or tostring(err))
    end

    --- Assertions on a value: expect(x):to_be(y), :to_equal(t), :to_be_near(n, tolerance),
    --- :to_be_truthy(), :to_be_falsy(), :to_fail("message part") (for functions).
    function expect(actual)
      local e = {}
      function e:to_be(expected)
        if actual ~= expected then error("expected " .. show(expected) .. ", got " .. show(actual), 2) end
      end
      function e:to_equal(expected)
        if not equal(actual, expected) then error("expected " .. show(expected) .. ", got " .. show(actual), 2) end
      end
      function e:to_be_near(expected, tolerance)
        tolerance = tolerance or 1e-9
        if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
          error("expected " .. show(expected) .. " within " .. tolerance .. ", got " .. show(actual), 2)
        end
      end
      function e:to_be_truthy() if not actual then error("expected a true value, got " .. show(actual), 2) end end
      function e:to_be_falsy() if actual then error("expected false or nil, got " .. show(actual), 2) end end
      function e:to_fail(part)
        local ok, err = pcall(actual)
        if ok then error("expected an error, but the function succeeded", 2) end
        if part and not tostring(err):find(part, 1, true) then
          error("expected an error containing " .. show(part) .. ", got " .. show(tostring(err)), 2)
        end
      end
      return e
    end
    """#

    /// Runs one test file; each `it` is one result named `<file> › <describe ...> <it>`.
    public static func run(_ file: URL, thread: LuaThread, coverage: CoverageRecorder? = nil) -> [CaseResult] {
        let display = displayName(file)
        let start = DispatchTime.now().uptimeNanoseconds
        let collector = Collector()
        let owner = file.deletingLastPathComponent().deletingLastPathComponent()
        do {
            guard let data = FileManager.default.contents(atPath: file.path) else { throw CaseError("cannot read \(display)") }
            try thread.run {
                let sandbox = try LuaSandbox(SandboxConfiguration(limits: .default, seed: 0,
                                                                  modules: DirectoryModules(root: owner), coverage: coverage))
                defer { sandbox.close() }
                let report = LuaFunction(name: "report") { call in
                    collector.add(name: call[0].stringValue ?? "?", passed: call[1] == true, message: call[2].stringValue ?? "")
                    return []
                }
                _ = try sandbox.run(library, chunkName: "assess.testing", arguments: [.function(report)])
                _ = try sandbox.call(sandbox.load(ScriptSource.prepare(Array(data)), chunkName: display, file: file))
            }
        } catch {
            collector.add(name: "(the file did not run to the end)", passed: false, message: "\(error)")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return collector.results.map { result in
            CaseResult(name: "\(display) › \(result.name)", status: result.passed ? .passed : .failed,
                       message: result.message, updates: [], seconds: seconds / Double(max(1, collector.results.count)))
        }
    }

    private static func displayName(_ file: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    final class Collector: @unchecked Sendable {
        private(set) var results: [(name: String, passed: Bool, message: String)] = []
        private let lock = NSLock()
        func add(name: String, passed: Bool, message: String) {
            lock.lock()
            results.append((name, passed, message))
            lock.unlock()
        }
    }
}
