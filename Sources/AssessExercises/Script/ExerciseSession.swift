import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// Who is taking an attempt, and the injected seed and clock it runs with.
public struct AttemptContext: Sendable, Hashable {
    public var attemptID: String
    public var participant: String
    public var seed: Int64
    /// When the attempt started (what `ctx.now()` gives before the first answer).
    public var started: Date

    public init(attemptID: String, participant: String, seed: Int64, started: Date) {
        self.attemptID = attemptID
        self.participant = participant
        self.seed = seed
        self.started = started
    }
}

/// One run of an exercise script in its own sandbox: start it, then give it answers one at a
/// time; each step returns the next prompt or the script's result.
///
/// The script runs in a coroutine; every `ui` call is checked by the host and yields. Each step is
/// a separate call from the host, so the sandbox's instruction and time limits apply per step.
/// Must be created and used on one `LuaThread`.
public final class ExerciseSession {
    /// What a step produced.
    public enum Step: Sendable, Hashable {
        /// A prompt the host has checked: show it (and, when it needs one, get an answer).
        case prompt(Prompt)
        /// The script returned; its value as JSON.
        case done(JSONValue)
    }

    public let script: ExerciseScript
    public let context: AttemptContext
    let sandbox: LuaSandbox
    private let stepFunction: LuaFunction
    private let state: SessionState

    /// The named values the script stored with `ui.record`, so far.
    public var records: [String: JSONValue] { state.records }
    /// Every prompt shown so far, in order.
    public var prompts: [Prompt] { state.prompts }

    /// The `assess` module exercises see: versions and `assess.exercise`.
    static func makeSandbox(script: ExerciseScript, seed: Int64, limits: SandboxLimits) throws -> LuaSandbox {
        let folder = (script.displayName as NSString).deletingLastPathComponent
        let sandbox = try LuaSandbox(SandboxConfiguration(
            limits: limits, seed: seed,
            modules: DirectoryModules(root: script.file.deletingLastPathComponent(), displayPrefix: folder.isEmpty ? "" : folder + "/")))
        var module = LuaTable()
        for (name, value) in FrameworkModule.commonMembers() { module[name] = value }
        let constructor = try sandbox.run(ExercisePrelude.constructor, chunkName: "assess.exercise")
        module["exercise"] = constructor.first ?? .nil
        try sandbox.setGlobal("assess", .table(module), readOnly: true)
        try sandbox.registerModule("assess", .table(module))
        return sandbox
    }

    /// Loads the script into a fresh sandbox seeded with the attempt's seed. Call ``start(now:)`` next.
    /// - Throws: `Diagnostics` when the script does not load, `ScriptError` for a limit.
    public init(script: ExerciseScript, context: AttemptContext, limits: SandboxLimits = ExerciseSession.defaultLimits) throws {
        self.script = script
        self.context = context
        let state = SessionState(script: script)
        self.state = state
        sandbox = try Self.makeSandbox(script: script, seed: context.seed, limits: limits)
        let declaration = try script.declaration(in: sandbox)
        guard let run = declaration["run"].functionValue else {
            throw Diagnostics([Diagnostic(file: script.displayName, line: script.declarationLine, message: "the exercise needs run = function(ui, ctx) ... end")])
        }
        let check = LuaFunction(name: "ui") { call in state.check(call) }
        let record = LuaFunction(name: "ui.record") { call in state.record(call) }
        let fields: LuaValue = .table(LuaTable([
            (.string(LuaString("seed")), .integer(context.seed)),
            (.string(LuaString("participant")), .string(LuaString(context.participant))),
            (.string(LuaString("attempt")), .string(LuaString(context.attemptID))),
            (.string(LuaString("exercise")), .string(LuaString(script.id))),
            (.string(LuaString("started")), .integer(Int64(context.started.timeIntervalSince1970.rounded(.down)))),
        ]))
        let made = try sandbox.run(ExercisePrelude.driver, chunkName: "assess.exercise",
                                   arguments: [.function(run), .function(check), .function(record), fields])
        guard let step = made.first?.functionValue else { throw SandboxError.stateCreationFailed }
        stepFunction = step
    }

    /// Per-step limits: 64 MiB in all, 200 million instructions and 5 seconds per step.
    public static let defaultLimits = SandboxLimits(memoryBytes: 64 << 20, instructions: 200_000_000, time: .seconds(5))

    deinit { sandbox.close() }

    /// Runs the script up to its first prompt (or to its end).
    public func start(now: Date) throws -> Step {
        try step(answer: .nil, timedOut: false, now: now)
    }

    /// Gives the current prompt's answer (already checked) and runs to the next prompt.
    /// - Parameters:
    ///   - answer: the canonical answer, or `nil` for prompts without one (and timeouts without a default).
    ///   - timedOut: whether time ran out (the script's second value).
    ///   - now: the time `ctx.now()` gives until the next answer.
    public func resume(answer: JSONValue?, timedOut: Bool = false, now: Date) throws -> Step {
        try step(answer: answer.map(ScriptJSON.lua) ?? .nil, timedOut: timedOut, now: now)
    }

    /// Gives an assessor prompt its mark (`nil` while unmarked) and runs on.
    public func resume(mark: Double?, now: Date) throws -> Step {
        try step(answer: mark.map { ScriptJSON.lua(.number($0)) } ?? .nil, timedOut: false, now: now)
    }

    private func step(answer: LuaValue, timedOut: Bool, now: Date) throws -> Step {
        let clock = LuaValue.integer(Int64(now.timeIntervalSince1970.rounded(.down)))
        let values: [LuaValue]
        do {
            values = try sandbox.call(stepFunction, [answer, .boolean(timedOut), clock])
        } catch var error as ScriptError {
            // An error without a position, or one placed in the host's driver chunk, is the script's:
            // name the script, without the driver's line numbers.
            if error.chunkName == nil || error.chunkName == "assess.exercise" {
                error.chunkName = script.displayName
                error.line = nil
            }
            throw error
        }
        guard values.count >= 2, let tag = values[0].stringValue else { throw SandboxError.stateCreationFailed }
        if tag == "done" {
            do {
                return .done(try ScriptJSON.json(values[1]))
            } catch {
                throw ScriptError(kind: .apiMisuse, chunkName: script.displayName,
                                  message: "run returned a value that cannot be stored: \(error)")
            }
        }
        guard let handle = values[1].integerValue, handle >= 0, Int(handle) < state.prompts.count else {
            throw SandboxError.stateCreationFailed
        }
        return .prompt(state.prompts[Int(handle)])
    }

    /// Closes the sandbox.
    public func close() { sandbox.close() }
}

/// The host side of the `ui` functions: checks each call and remembers prompts and records.
/// Used only on the session's Lua thread.
final class SessionState: @unchecked Sendable {
    let script: ExerciseScript
    var prompts: [Prompt] = []
    var ids: [String: Int] = [:]
    var records: [String: JSONValue] = [:]
    var autoCounts: [Prompt.Kind: Int] = [:]

    /// The most prompts one attempt may show, and the most records it may keep: a script that
    /// loops over `ui` calls without end is stopped, not left to fill the store.
    static let maxPrompts = 10_000
    static let maxRecords = 10_000

    init(script: ExerciseScript) { self.script = script }

    func check(_ call: HostCall) -> [LuaValue] {
        func refuse(_ message: String) -> [LuaValue] { [.nil, .string(LuaString(message))] }
        guard let kindName = call[0].stringValue, let kind = Prompt.Kind(rawValue: kindName) else { return refuse("unknown ui function") }
        guard prompts.count < Self.maxPrompts else {
            return refuse("ui.\(kind.rawValue): an attempt may show at most \(Self.maxPrompts) prompts (is run looping without end?)")
        }
        let count = (autoCounts[kind] ?? 0) + 1
        autoCounts[kind] = count
        var prompt: Prompt
        do {
            prompt = try PromptSpec.read(kind: kind, spec: call[1], autoID: "\(kind.rawValue)-\(count)")
        } catch {
            return refuse(error.message)
        }
        if let previous = ids[prompt.id] {
            let line = prompts[previous].line.map { " (line \($0))" } ?? ""
            return refuse("ui.\(kind.rawValue): id '\(prompt.id)' is already used in this attempt\(line): each prompt needs its own id (in a loop, add the round to the id)")
        }
        if kind == .assessor, let about = prompt.about, ids[about] == nil {
            return refuse("ui.assessor: about = '\(about)' names no prompt shown earlier in this attempt")
        }
        prompt.line = Self.line(of: call[2].stringValue)
        ids[prompt.id] = prompts.count
        prompts.append(prompt)
        return [.integer(Int64(prompts.count - 1))]
    }

    /// The line in `chunk:line: ` (what `error` adds for a level).
    static func line(of location: String?) -> Int? {
        guard var text = location, text.hasSuffix(": ") else { return nil }
        text.removeLast(2)
        guard let colon = text.lastIndex(of: ":") else { return nil }
        return Int(text[text.index(after: colon)...])
    }

    func record(_ call: HostCall) -> [LuaValue] {
        func refuse(_ message: String) -> [LuaValue] { [.nil, .string(LuaString(message))] }
        guard let name = call[0].stringValue, PromptSpec.isValidID(name) else {
            return refuse("ui.record(name, value): name must be a string of letters, digits, '-', '_' or '.'")
        }
        guard records[name] != nil || records.count < Self.maxRecords else {
            return refuse("ui.record: an attempt may keep at most \(Self.maxRecords) records")
        }
        do {
            records[name] = try ScriptJSON.json(call[1])
        } catch {
            return refuse("ui.record('\(name)', ...): the value cannot be stored: \(error)")
        }
        return [.boolean(true)]
    }
}
