import Foundation
import Testing

@Suite("assess lua")
struct LuaCommandTests {
    func script(_ source: String, name: String = "script.lua") throws -> (folder: URL, path: String) {
        let folder = try temporaryFolder()
        try source.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return (folder, name)
    }

    @Test func printsWhatTheScriptPrints() throws {
        let (folder, path) = try script("print('hello', 1, 2.0)\nprint(#{1, 2, 3})\n")
        let result = try assess(["lua", path], in: folder)
        #expect(result.status == 0)
        #expect(result.stdout == "hello\t1\t2.0\n3\n")
        #expect(result.stderr == "")
    }

    @Test func runtimeErrorLikeACompiler() throws {
        let (folder, path) = try script("local x = 1\n\nlocal y = nil + x\n")
        let result = try assess(["lua", path], in: folder)
        #expect(result.status == 65)
        #expect(result.stderr == "script.lua:3: attempt to perform arithmetic on a nil value\n")
    }

    @Test func verboseAddsTheTraceback() throws {
        let (folder, path) = try script("local function f() error('deep') end\nf()\n")
        let result = try assess(["lua", path, "--verbose"], in: folder)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("script.lua:1: deep\nstack traceback:\n"))
        #expect(result.stderr.contains("script.lua:2: in main chunk"))
    }

    @Test func syntaxError() throws {
        let (folder, path) = try script("local = 3\n")
        let result = try assess(["lua", path], in: folder)
        #expect(result.status == 65)
        #expect(result.stderr == "script.lua:1: <name> expected near '='\n")
    }

    @Test("each limit is named and ends with exit 65", arguments: [
        ("while true do end", ["--instructions", "1000000"], "instruction limit exceeded (1000000 instructions)"),
        ("local s = 'x' while true do s = s .. s end", ["--memory", "4"], "memory limit exceeded (4 MiB)"),
        ("while true do end", ["--timeout", "0.2", "--instructions", "100000000000"], "time limit exceeded (0.2 s)"),
        ("while true do print('flood') end", ["--output", "1000"], "output limit exceeded (1000 bytes)"),
    ])
    func limits(_ source: String, _ flags: [String], _ message: String) throws {
        let (folder, path) = try script(source)
        let result = try assess(["lua", path] + flags, in: folder)
        #expect(result.status == 65)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
    }

    @Test func seedMakesRandomNumbersReproducible() throws {
        let (folder, path) = try script("print(math.random(1000), math.random(1000))")
        let a = try assess(["lua", path, "--seed", "7"], in: folder)
        let b = try assess(["lua", path, "--seed", "7"], in: folder)
        let c = try assess(["lua", path, "--seed", "8"], in: folder)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout != c.stdout)
    }

    @Test func requireFindsModulesBesideTheScript() throws {
        let (folder, path) = try script("local scales = require 'shared.scales'\nprint(scales.max)\n")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
        try "return { max = 5 }".write(to: folder.appendingPathComponent("shared/scales.lua"), atomically: true, encoding: .utf8)
        let result = try assess(["lua", path], in: folder)
        #expect(result.stdout == "5\n")
    }

    @Test func requireCannotLeaveTheScriptFolder() throws {
        let outer = try temporaryFolder()
        try "return 'secret'".write(to: outer.appendingPathComponent("secret.lua"), atomically: true, encoding: .utf8)
        let inner = outer.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: inner.appendingPathComponent("link.lua"), withDestinationURL: outer.appendingPathComponent("secret.lua"))
        try """
            print(pcall(require, 'link'))
            print(pcall(require, '..secret'))
            print(pcall(require, '/etc/passwd'))
            """.write(to: inner.appendingPathComponent("script.lua"), atomically: true, encoding: .utf8)
        let result = try assess(["lua", "script.lua"], in: inner)
        #expect(result.stdout == """
            false\tmodule 'link' not found
            false\trequire: invalid module name '..secret'
            false\trequire: invalid module name '/etc/passwd'

            """)
        #expect(!result.stdout.contains(outer.path), "error messages must not reveal the file system")
    }

    @Test("usage errors exit 64", arguments: [
        ["lua"], ["lua", "missing.lua"], ["lua", "x.lua", "--memory", "0"], ["lua", "x.lua", "--timeout", "-1"], ["nosuchcommand"],
    ])
    func usage(_ arguments: [String]) throws {
        let folder = try temporaryFolder()
        try "".write(to: folder.appendingPathComponent("x.lua"), atomically: true, encoding: .utf8)
        let result = try assess(arguments, in: folder)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test func shebangAndByteOrderMarkAreSkipped() throws {
        let (folder, path) = try script("\u{FEFF}#!/usr/bin/env assess lua\nprint('ran')\nerror('line three')\n")
        let result = try assess(["lua", path], in: folder)
        #expect(result.stdout == "ran\n")
        #expect(result.stderr == "script.lua:3: line three\n")
    }
}
