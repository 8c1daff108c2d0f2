// Benchmarks for the Lua host (issue: the Lua host). Run with `make bench` (release build).
// Prints a table of medians; nothing here is asserted, the figures are for people.
import Foundation
import LuaRuntime

/// Median of `samples` measurements of `body`, each the mean over `batch` iterations, in seconds.
func median(samples: Int = 15, batch: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<samples {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<batch { try body() }
        let end = DispatchTime.now().uptimeNanoseconds
        times.append(Double(end - start) / 1e9 / Double(batch))
    }
    times.sort()
    return times[times.count / 2]
}

func format(_ seconds: Double) -> String {
    if seconds < 1e-6 { return String(format: "%.0f ns", seconds * 1e9) }
    if seconds < 1e-3 { return String(format: "%.2f µs", seconds * 1e6) }
    if seconds < 1 { return String(format: "%.2f ms", seconds * 1e3) }
    return String(format: "%.3f s", seconds)
}

struct Row {
    var name: String
    var measured: String
    var target: String
    var verdict: String
}

var rows: [Row] = []
/// `assess-benchmarks [create] [call] [compute]` runs only the named benchmarks (default: all).
let selected = Set(CommandLine.arguments.dropFirst())
func wanted(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }
let benchmarksFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

// 1. Creating a sandboxed state ready to run.
if wanted("create") {
let create = try LuaThread.shared.run {
    try median(batch: 200) {
        let sandbox = try LuaSandbox()
        sandbox.close()
    }
}
rows.append(Row(name: "create a sandboxed state (and close it)", measured: format(create), target: "< 100 µs",
                verdict: create < 100e-6 ? "met" : "missed"))
}

// 2. Calling a Lua function from Swift: three arguments, a table result.
if wanted("call") {
let call = try LuaThread.shared.run {
    let sandbox = try LuaSandbox()
    defer { sandbox.close() }
    let function = try sandbox.run("""
        return function(a, b, c) return { sum = a + b + c, mean = (a + b + c) / 3, n = 3 } end
        """, chunkName: "bench.lua")[0].functionValue!
    let arguments: [LuaValue] = [1, 2.5, 4]
    return try median(batch: 20_000) { _ = try sandbox.call(function, arguments) }
}
rows.append(Row(name: "call a Lua function (3 args, table result)", measured: format(call), target: "< 1 µs",
                verdict: call < 1e-6 ? "met" : "missed"))
}

// 3. A compute-bound script: the sandbox with every limit on versus the stock interpreter.
if wanted("compute") {
let scriptURL = benchmarksFolder.appendingPathComponent("scripts/compute.lua")
let script = try String(contentsOf: scriptURL, encoding: .utf8)
let limits = SandboxLimits(memoryBytes: 512 << 20, instructions: 100_000_000_000, time: .seconds(120), outputBytes: 1 << 20)
var sandboxOutput = ""
let sandboxed = try LuaThread.shared.run {
    try median(samples: 5, batch: 1) {
        let sandbox = try LuaSandbox(SandboxConfiguration(limits: limits))
        defer { sandbox.close() }
        _ = try sandbox.run(script, chunkName: "compute.lua")
        sandboxOutput = String(decoding: sandbox.output, as: UTF8.self)
    }
}
var stockOutput = ""
let stock = try median(samples: 5, batch: 1) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["lua5.4", scriptURL.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    stockOutput = String(decoding: data, as: UTF8.self)
}
let ratio = sandboxed / stock
rows.append(Row(name: "compute.lua in the sandbox (all limits on)", measured: format(sandboxed), target: "", verdict: ""))
rows.append(Row(name: "compute.lua in stock lua5.4 (process)", measured: format(stock), target: "", verdict: ""))
rows.append(Row(name: "sandbox / stock", measured: String(format: "%.2fx", ratio), target: "<= 1.2x",
                verdict: ratio <= 1.2 ? "met" : "missed"))
if sandboxOutput != stockOutput {
    rows.append(Row(name: "outputs differ!", measured: "\(sandboxOutput.prefix(40)) vs \(stockOutput.prefix(40))", target: "", verdict: "ERROR"))
}
}

// The table.
let widths = [
    rows.map(\.name.count).max()!, rows.map(\.measured.count).max()!, max(6, rows.map(\.target.count).max()!),
]
func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
print("| \(pad("benchmark (median)", widths[0])) | \(pad("measured", widths[1])) | \(pad("target", widths[2])) | verdict |")
print("|\(String(repeating: "-", count: widths[0] + 2))|\(String(repeating: "-", count: widths[1] + 2))|\(String(repeating: "-", count: widths[2] + 2))|---------|")
for row in rows {
    print("| \(pad(row.name, widths[0])) | \(pad(row.measured, widths[1])) | \(pad(row.target, widths[2])) | \(pad(row.verdict, 7)) |")
}
