import ArgumentParser
import Foundation
import LuaRuntime

/// `assess lua FILE...`: runs scripts in the sandbox, as script authors and our own tests poke it.
struct LuaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lua",
        abstract: "Run Lua scripts in the sandbox and print what they print.",
        discussion: """
            Each FILE runs in a fresh sandbox with the same limits. Errors are printed as path:line: message; \
            --verbose adds Lua's traceback.

            Examples:
              assess lua hello.lua
              assess lua loop.lua --instructions 1000000 --timeout 0.5
              assess lua cases/*.lua --outcome      one JSON line per script (for goldens)
            """
    )

    @Argument(help: "Lua scripts to run.", completion: .file(extensions: ["lua"]))
    var files: [String]

    @Option(help: "Memory limit in MiB.")
    var memory: Int = 64

    @Option(help: "Instruction limit per script.")
    var instructions: Int64 = 1_000_000_000

    @Option(help: "Time limit per script in seconds.")
    var timeout: Double = 5

    @Option(help: "Output limit in bytes (printed plus returned).")
    var output: Int = 16 << 20

    @Option(help: "Seed for math.random.")
    var seed: Int64 = 0

    @Flag(help: "Print one JSON object per script: {file, outcome, output}.")
    var outcome = false

    @Flag(name: .shortAndLong, help: "Print Lua's traceback after an error.")
    var verbose = false

    @Flag(help: ArgumentHelp("Apply each script's '-- limits:' header comment (for test suites).", visibility: .hidden))
    var headerLimits = false

    func validate() throws {
        guard memory > 0 else { throw ValidationError("--memory must be a positive number of MiB") }
        guard instructions > 0 else { throw ValidationError("--instructions must be positive") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard output > 0 else { throw ValidationError("--output must be positive") }
    }

    func run() throws {
        let limits = SandboxLimits(
            memoryBytes: memory << 20, instructions: instructions,
            time: .milliseconds(Int64((timeout * 1000).rounded(.up))), outputBytes: output)
        var failed = false
        for file in files {
            let result = try runWithWatchdog(ScriptRun(path: file, limits: limits, seed: seed, headerLimits: headerLimits))
            if outcome {
                let line = OutcomeLine(file: file, outcome: result.error?.outcome ?? "ok",
                                       output: String(decoding: result.output, as: UTF8.self))
                print(line.json)
            } else {
                FileHandle.standardOutput.write(Data(result.output))
                if let error = result.error {
                    failed = true
                    Terminal.error("\(error)")
                    if verbose, let traceback = error.traceback, !traceback.isEmpty { Terminal.note(traceback) }
                    if let option = Self.option(for: error.limit) { Terminal.note("(if the script needs more, raise the limit with \(option))") }
                }
            }
        }
        if failed { throw ExitCode(65) }
    }

    /// The option that sets `limit`.
    static func option(for limit: ScriptError.Limit?) -> String? {
        switch limit {
        case .memory?: "--memory MIB"
        case .instructions?: "--instructions N"
        case .time?: "--timeout SECONDS"
        case .output?: "--output BYTES"
        default: nil
        }
    }

    /// Runs one script on the Lua thread; if it is still running well past its time limit (stuck
    /// inside C), ends the process with the time-limit error and exit 65, writing nothing else.
    private func runWithWatchdog(_ run: ScriptRun) throws -> ScriptRun.Result {
        let grace = max(timeout * 2, timeout + 2)
        let deadline = ContinuousClock.now + .milliseconds(Int64(grace * 1000))
        do {
            return try LuaThread.shared.run(deadline: deadline) { try run.execute() }
        } catch SandboxError.watchdogExpired {
            let message = "\(run.path): time limit exceeded (\(timeout) s); the script was stuck inside a library call and was stopped"
            Terminal.error(message)
            Foundation.exit(65)
        } catch let error as ScriptRun.FileError {
            throw ValidationError(error.message)
        }
    }
}

/// One script run in a fresh sandbox.
struct ScriptRun: Sendable {
    struct Result: Sendable {
        var output: [UInt8]
        var error: ScriptError?
    }

    struct FileError: Error {
        var message: String
    }

    let path: String
    let limits: SandboxLimits
    let seed: Int64
    var headerLimits = false

    func execute() throws -> Result {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(message: "\(path): no such file (expected a Lua script)")
        }
        var limits = limits
        if headerLimits {
            do { limits = try limits.applyingHeader(of: Array(data)) } catch { throw FileError(message: "\(path): \(error)") }
        }
        let folder = (path as NSString).deletingLastPathComponent
        let modules = DirectoryModules(root: url.deletingLastPathComponent(),
                                       displayPrefix: folder.isEmpty ? "" : folder + "/")
        let sandbox = try LuaSandbox(SandboxConfiguration(limits: limits, seed: seed, modules: modules))
        defer { sandbox.close() }
        do {
            _ = try sandbox.run(ScriptSource.prepare(Array(data)), chunkName: path)
            return Result(output: sandbox.output, error: nil)
        } catch let error as ScriptError {
            return Result(output: sandbox.output, error: error)
        }
    }
}

/// One line of `--outcome` output.
struct OutcomeLine: Codable {
    var file: String
    var outcome: String
    var output: String

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
