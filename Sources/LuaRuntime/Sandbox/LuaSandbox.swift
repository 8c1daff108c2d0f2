internal import CLua
internal import CLuaShims
import Foundation

/// How to set up a ``LuaSandbox``.
public struct SandboxConfiguration: Sendable {
    /// Memory, instruction, time and output limits.
    public var limits: SandboxLimits
    /// The seed of `math.random` (the host's choice, so runs are reproducible).
    public var seed: Int64
    /// Where `require` finds modules that were not registered as values.
    public var modules: (any ModuleSource)?
    /// Records the lines scripts run (slower: every line calls the hook). `nil`: off.
    public var coverage: CoverageRecorder?

    public init(limits: SandboxLimits = .default, seed: Int64 = 0, modules: (any ModuleSource)? = nil,
                coverage: CoverageRecorder? = nil) {
        self.limits = limits
        self.seed = seed
        self.modules = modules
        self.coverage = coverage
    }
}

/// One sandboxed Lua state that runs untrusted scripts.
///
/// Scripts see only the safe subset of the standard library (no `io`, `os`, `debug`, `package`,
/// `dofile`, `loadfile`, `string.dump`; `load` for text only), cannot change library tables or the
/// string metatable, iterate tables in a stable order, print tables without addresses, and are
/// stopped by the memory, instruction, time and output limits with a ``ScriptError`` naming the
/// limit. Once a limit trips the sandbox refuses to run further; make a new one (it is cheap).
///
/// A sandbox belongs to the ``LuaThread`` it was created on: create and use it inside
/// ``LuaThread/run(_:)``.
///
/// ```swift
/// let results = try LuaThread.shared.run {
///     let sandbox = try LuaSandbox()
///     return try sandbox.run("return 1 + 2", chunkName: "example.lua")
/// }
/// ```
public final class LuaSandbox {
    /// The configuration the sandbox was created with.
    public let configuration: SandboxConfiguration
    /// Receives each `print` (one call per line, newline included). When `nil`, printed bytes are
    /// collected in ``output``.
    public var printHandler: ((LuaString) -> Void)?
    /// Everything printed so far, when no ``printHandler`` is set.
    public private(set) var output: [UInt8] = []

    private var state: OpaquePointer?
    /// The thread of the state that is running a host function right now (a coroutine's, perhaps).
    private var activeThread: OpaquePointer?
    private let owner = ReferenceOwner()
    private let ownerThread: pthread_t
    private let arguments: OpaquePointer
    private var bindings: [ObjectIdentifier: HostBinding] = [:]
    private var chunkNames: [String] = []
    private var moduleSource: UnsafeMutableBufferPointer<UInt8>?
    /// Coverage: the file behind each chunk name (as Lua shows it, with its "@").
    private var coveredFiles: [String: URL] = [:]
    private var lastCovered: (pointer: UnsafePointer<CChar>, file: URL?)?
    /// Tables being read (cycle detection), reused across reads.
    private var visiting: [UnsafeRawPointer] = []
    /// Recently read short strings (table keys, mostly) by address, to avoid copying them again.
    /// An entry is used only when its bytes still match: Lua may reuse an address.
    private var shortStrings: [UnsafeRawPointer: LuaString] = [:]
    private var moduleChunkName: UnsafeMutablePointer<CChar>?

    /// Creates a sandbox. Must be called on a ``LuaThread``.
    /// - Throws: ``SandboxError/notOnLuaThread`` off a Lua thread, ``SandboxError/stateCreationFailed``
    ///   when Lua cannot allocate a state.
    public init(_ configuration: SandboxConfiguration = SandboxConfiguration()) throws {
        guard LuaThread.isCurrent else { throw SandboxError.notOnLuaThread }
        self.configuration = configuration
        self.ownerThread = pthread_self()
        guard let encoder = luashim_encoder_new() else { throw SandboxError.stateCreationFailed }
        self.arguments = encoder
        let limits = configuration.limits
        var cLimits = luashim_limits(
            memory_bytes: limits.memoryBytes,
            instructions: limits.instructions,
            seconds: limits.seconds,
            output_bytes: limits.outputBytes,
            chunk_bytes: limits.chunkBytes)
        let context = Unmanaged.passUnretained(self).toOpaque()
        guard let state = luashim_sandbox_new(&cLimits, configuration.seed, printCallback, context,
                                               configuration.modules == nil ? nil : moduleCallback, context)
        else { throw SandboxError.stateCreationFailed }
        self.state = state
        if configuration.coverage != nil { luashim_enable_coverage(state, lineCallback, context) }
    }

    deinit {
        close()
        luashim_encoder_free(arguments)
    }

    /// Closes the state and frees its memory. Later calls throw ``SandboxError/closed``.
    public func close() {
        guard let state else { return }
        owner.close()
        luashim_sandbox_close(state)
        self.state = nil
        moduleSource?.deallocate()
        moduleSource = nil
        free(moduleChunkName)
        moduleChunkName = nil
    }

    // MARK: - Running scripts

    /// Compiles a text chunk into a function without running it.
    /// - Parameters:
    ///   - source: Lua source text (bytes). Bytecode is never accepted.
    ///   - chunkName: the name error messages use, usually the script's path.
    /// - Throws: ``ScriptError`` of kind ``ScriptError/Kind/syntax`` when it does not compile.
    public func load(_ source: [UInt8], chunkName: String) throws -> LuaFunction {
        let L = try enter()
        chunkNames.append(chunkName)
        let status = (source.isEmpty ? [0x20] : source).withUnsafeBufferPointer { buffer in
            ("@" + chunkName).withCString { name in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    luashim_load(L, chars.baseAddress!, chars.count, name)
                }
            }
        }
        // Anything that fails while compiling is a syntax error, whatever status lua_load gives
        // (too-deep nesting comes back as a runtime error); running out of memory stays a limit.
        guard status == LUA_OK else { throw popError(L, status: status == LUA_ERRMEM ? status : LUA_ERRSYNTAX) }
        return try popReference(L)
    }

    /// Compiles a script file's text, telling coverage which file the chunk is.
    public func load(_ source: [UInt8], chunkName: String, file: URL) throws -> LuaFunction {
        noteFile(chunkName: chunkName, file: file)
        return try load(source, chunkName: chunkName)
    }

    private func noteFile(chunkName: String, file: URL) {
        guard let coverage = configuration.coverage else { return }
        let url = file.standardizedFileURL
        coveredFiles["@" + chunkName] = url
        lastCovered = nil
        coverage.loaded(url)
    }

    fileprivate func covered(source: UnsafePointer<CChar>, line: Int32) {
        guard let coverage = configuration.coverage else { return }
        let file: URL?
        if let last = lastCovered, last.pointer == source {
            file = last.file
        } else {
            file = coveredFiles[String(cString: source)]
            lastCovered = (source, file)
        }
        if let file { coverage.record(file, line: Int(line)) }
    }

    /// Compiles a text chunk given as a string.
    public func load(_ source: String, chunkName: String) throws -> LuaFunction {
        try load(Array(source.utf8), chunkName: chunkName)
    }

    /// Compiles and runs a chunk, returning what it returns.
    public func run(_ source: String, chunkName: String, arguments: [LuaValue] = []) throws -> [LuaValue] {
        try call(load(source, chunkName: chunkName), arguments)
    }

    /// Compiles and runs a chunk given as bytes, returning what it returns.
    public func run(_ source: [UInt8], chunkName: String, arguments: [LuaValue] = []) throws -> [LuaValue] {
        try call(load(source, chunkName: chunkName), arguments)
    }

    /// Calls a function of this sandbox with arguments and returns its results.
    ///
    /// The outermost call starts the instruction and time budgets afresh. Strings returned count
    /// towards the output limit. Tables are copied into ``LuaTable`` values; a cyclic table or one
    /// nested deeper than 200 levels is an API-misuse error.
    /// - Throws: ``ScriptError`` when the script fails or hits a limit; ``SandboxError`` when the
    ///   function belongs to another sandbox or the sandbox is closed.
    public func call(_ function: LuaFunction, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        if case .host(let host) = function.storage {
            _ = try enter()
            return try host.body(HostCall(sandbox: self, arguments: arguments))
        }
        return try call(function) { writer in
            for argument in arguments { try writer.value(argument) }
        }
    }

    /// A function that runs `chunk` afresh each time it is called: in a new global environment
    /// (reads fall through to this sandbox's globals, writes stay in the new one), with modules
    /// `require`d from files loaded again, so nothing the chunk stores survives from one call to
    /// the next. The chunk is compiled once; each call re-executes it, making new closures.
    ///
    /// Scorers that cannot be sealed run this way once per subject (reporters once per render).
    public func isolatedRunner(for chunk: LuaFunction) throws -> LuaFunction {
        let L = try enter()
        guard case .lua(let ref, let functionOwner) = chunk.storage, functionOwner === owner else {
            throw SandboxError.foreignFunction
        }
        let status = luashim_push_fresh_runner(L, ref, 0)
        guard status == LUA_OK else { throw popError(L, status: status) }
        return try popReference(L)
    }

    /// A host kernel as a function scripts can call (see ``LuaKernel``). Kernels are C functions:
    /// they run without Swift frames, charge their work to the instruction budget, and raise
    /// ordinary Lua errors.
    public func kernel(_ kernel: LuaKernel) throws -> LuaFunction {
        let L = try enter()
        guard lua_checkstack(L, 1) != 0 else { throw limitError(.memory, location: nil) }
        let which: luashim_kernel
        switch kernel {
        case .itemSums: which = LUASHIM_KERNEL_ITEM_SUMS
        case .unpackAnswers: which = LUASHIM_KERNEL_UNPACK_ANSWERS
        case .responseSums: which = LUASHIM_KERNEL_RESPONSE_SUMS
        case .responseMeans: which = LUASHIM_KERNEL_RESPONSE_MEANS
        case .makeCapture: which = LUASHIM_KERNEL_MAKE_CAPTURE
        case .seal: which = LUASHIM_KERNEL_SEAL
        case .sealViolated: which = LUASHIM_KERNEL_VIOLATED
        case .unseal: which = LUASHIM_KERNEL_UNSEAL
        case .makeStarter: which = LUASHIM_KERNEL_MAKE_STARTER
        }
        guard luashim_push_kernel(L, which) != 0 else { throw SandboxError.stateCreationFailed }
        return try popReference(L)
    }

    /// Calls a function with arguments written straight into the call, without building
    /// ``LuaValue`` trees first (for hot paths that pass large tables).
    /// - Parameter write: writes the arguments, in order, through the ``ValueWriter``.
    public func call(_ function: LuaFunction, writing write: (ValueWriter) throws -> Void) throws -> [LuaValue] {
        try call(function, writing: write) { try $0.values() }
    }

    /// Calls a function with arguments written straight into the call, and reads its results in
    /// place on the Lua stack (through ``LuaResults``) instead of copying them into values first.
    /// Strings read count towards the output limit, as with ``call(_:_:)``.
    public func call<T>(_ function: LuaFunction, writing write: (ValueWriter) throws -> Void,
                        reading read: (LuaResults) throws -> T) throws -> T {
        let L = try enter()
        guard case .lua(let ref, let functionOwner) = function.storage, functionOwner === owner else {
            throw SandboxError.foreignFunction
        }
        luashim_encoder_reset(self.arguments)
        try write(ValueWriter(sandbox: self, encoder: self.arguments))
        if luashim_encoder_failed(self.arguments) != 0 { throw limitError(.memory, location: nil) }
        var base: Int32 = 0
        var count: Int32 = 0
        let status = luashim_call(L, ref, self.arguments, &base, &count)
        defer { lua_settop(L, base) }
        guard status == LUA_OK else { throw popError(L, status: status) }
        cursorOutputBytes = 0
        let result = try read(LuaResults(sandbox: self, L: L, base: base, count: Int(count)))
        if cursorOutputBytes > 0, luashim_count_output(L, cursorOutputBytes) == 0 { throw limitError(.output, location: nil) }
        return result
    }

    /// Starts the output budget afresh: for hosts that hand each call's results on and keep
    /// nothing (a scorer's results, subject after subject), so the limit bounds one call's output
    /// rather than the sandbox's whole life.
    public func resetOutputBudget() {
        guard let state else { return }
        luashim_reset_output(state)
    }

    /// Bytes of strings read through cursors during the current reading closure.
    var cursorOutputBytes = 0

    /// Copies the value at `index` (for ``LuaCursor/value()``), counting its strings as output.
    func copyResult(_ L: OpaquePointer, _ index: Int32) throws -> LuaValue {
        var bytes = 0
        defer { cursorOutputBytes += bytes }
        return try readValue(L, index, outputBytes: &bytes)
    }

    fileprivate func write(_ value: LuaValue, into encoder: OpaquePointer) throws {
        try encode(value, into: encoder, depth: 0)
    }

    // MARK: - Giving scripts values

    /// Sets a global variable for scripts.
    /// - Parameter readOnly: wraps a table in a read-only proxy (like the standard libraries).
    public func setGlobal(_ name: String, _ value: LuaValue, readOnly: Bool = false) throws {
        let L = try enter()
        luashim_encoder_reset(arguments)
        try encode(value, into: arguments, depth: 0)
        let status = luashim_set_global(L, name, arguments, readOnly ? 1 : 0)
        guard status == LUA_OK else { throw popError(L, status: status) }
    }

    /// Registers a value that `require(name)` returns (a framework module).
    /// - Parameter readOnly: wraps a table in a read-only proxy.
    public func registerModule(_ name: String, _ value: LuaValue, readOnly: Bool = true) throws {
        let L = try enter()
        luashim_encoder_reset(arguments)
        try encode(value, into: arguments, depth: 0)
        let status = luashim_preload(L, name, arguments, readOnly ? 1 : 0)
        guard status == LUA_OK else { throw popError(L, status: status) }
    }

    // MARK: - Inspection

    /// Bytes the state has allocated.
    public var memoryUsed: Int { state.map { luashim_memory_used($0) } ?? 0 }

    /// Instructions used by the current or last call from the host.
    public var instructionsUsed: Int64 { state.map { luashim_instructions_used($0) } ?? 0 }

    // MARK: Batches

    /// Empties the result tape and starts counting a new batch (see ``LuaKernel/makeStarter``).
    public func resetBatch() {
        guard let state else { return }
        luashim_batch_reset(state)
    }

    /// Subjects the batch has begun (`start` calls since ``resetBatch()``).
    public var batchPosition: Int { state.map { Int(luashim_batch_position($0)) } ?? 0 }

    /// Whether a sealed scorer wrote to its sealed state since its last `restore` (see
    /// ``LuaKernel/seal``): the host then scores afresh.
    public var sealViolated: Bool { state.map { luashim_seal_violated($0) != 0 } ?? false }

    /// Instructions used by the batch's subjects since ``resetBatch()``.
    public var batchInstructions: Int64 { state.map { luashim_batch_instructions($0) } ?? 0 }

    /// Reads the result tape that ``LuaKernel/makeCapture``'s `capture` wrote since
    /// ``resetBatch()``; the bytes are valid only inside `body`.
    public func withResultTape<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        guard let state else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        var length = 0
        let bytes = luashim_tape(state, &length)
        return try body(UnsafeRawBufferPointer(start: bytes, count: length))
    }

    /// Registry references currently held for ``LuaFunction`` values (released ones included until
    /// the next call frees them).
    public var liveReferenceCount: Int { state.map { Int(luashim_live_refs($0)) } ?? 0 }

    /// The limit that has tripped, if any. A tripped sandbox refuses to run.
    public var trippedLimit: ScriptError.Limit? {
        guard let state else { return nil }
        return Self.limit(luashim_tripped(state))
    }

    // MARK: - Internals

    /// Checks thread and state, frees released references, and returns the thread to use.
    private func enter() throws -> OpaquePointer {
        guard pthread_equal(pthread_self(), ownerThread) != 0 else { throw SandboxError.notOnLuaThread }
        guard let state else { throw SandboxError.closed }
        for ref in owner.takePending() { _ = luashim_unref(state, ref) }
        return activeThread ?? state
    }

    /// Pops the value on top of the stack into a new reference.
    private func popReference(_ L: OpaquePointer) throws -> LuaFunction {
        var ref: Int32 = 0
        let status = luashim_ref(L, &ref)
        guard status == LUA_OK else { throw popError(L, status: status) }
        return LuaFunction(ref: ref, owner: owner)
    }

    fileprivate func encode(_ value: LuaValue, into encoder: OpaquePointer, depth: Int) throws {
        switch value {
        case .nil: luashim_enc_nil(encoder)
        case .boolean(let b): luashim_enc_bool(encoder, b ? 1 : 0)
        case .integer(let i): luashim_enc_int(encoder, i)
        case .number(let d): luashim_enc_num(encoder, d)
        case .string(let s):
            s.bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { luashim_enc_str(encoder, $0.baseAddress, $0.count) }
            }
        case .table(let table):
            guard depth < Self.maxDepth else {
                throw ScriptError(kind: .apiMisuse, message: "value nests deeper than \(Self.maxDepth) levels")
            }
            luashim_enc_table(encoder, Int32(table.array.count), Int32(table.fields.count))
            for item in table.array { try encode(item, into: encoder, depth: depth + 1) }
            for field in table.fields {
                try encode(field.key, into: encoder, depth: depth + 1)
                try encode(field.value, into: encoder, depth: depth + 1)
            }
        case .function(let function):
            switch function.storage {
            case .lua(let ref, let functionOwner):
                guard functionOwner === owner else { throw SandboxError.foreignFunction }
                luashim_enc_ref(encoder, ref)
            case .host(let host):
                luashim_enc_hostfn(encoder, hostTrampoline, binding(for: host))
            }
        }
        if luashim_encoder_failed(encoder) != 0 {
            throw limitError(.memory, location: nil)
        }
    }

    private func binding(for host: HostFunction) -> UnsafeMutableRawPointer {
        let key = ObjectIdentifier(host)
        if let existing = bindings[key] { return Unmanaged.passUnretained(existing).toOpaque() }
        let binding = HostBinding(sandbox: self, function: host)
        bindings[key] = binding
        return Unmanaged.passUnretained(binding).toOpaque()
    }

    static let maxDepth = 200

    /// Converts the value at `index` without calling anything that can raise.
    fileprivate func readValue(_ L: OpaquePointer, _ index: Int32, outputBytes: inout Int) throws -> LuaValue {
        var path = visiting
        visiting = []
        defer {
            path.removeAll(keepingCapacity: true)
            visiting = path
        }
        return try readValue(L, lua_absindex(L, index), depth: 0, visiting: &path, outputBytes: &outputBytes)
    }

    /// Copies a Lua string, reusing the copy of a recently read short string with the same bytes.
    private func readString(_ pointer: UnsafePointer<CChar>, count: Int) -> LuaString {
        let bytes = UnsafeRawBufferPointer(start: pointer, count: count)
        guard count <= 40 else { return LuaString(bytes: Array(bytes)) }
        let key = UnsafeRawPointer(pointer)
        if let cached = shortStrings[key], cached.bytes.elementsEqual(bytes) { return cached }
        let string = LuaString(bytes: Array(bytes))
        if shortStrings.count >= 512 { shortStrings.removeAll(keepingCapacity: true) }
        shortStrings[key] = string
        return string
    }

    private func readValue(_ L: OpaquePointer, _ index: Int32, depth: Int,
                           visiting: inout [UnsafeRawPointer], outputBytes: inout Int) throws -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            var length = 0
            let pointer = lua_tolstring(L, index, &length)!
            outputBytes += length
            return .string(readString(pointer, count: length))
        case LUA_TTABLE:
            return try readTable(L, index, depth: depth, visiting: &visiting, outputBytes: &outputBytes)
        case LUA_TFUNCTION:
            guard lua_checkstack(L, 1) != 0 else { throw limitError(.memory, location: nil) }
            lua_pushvalue(L, index)
            return .function(try popReference(L))
        default:
            let name = String(cString: lua_typename(L, lua_type(L, index)))
            throw ScriptError(kind: .apiMisuse, message: "\(name) values cannot be passed to the host")
        }
    }

    private func readTable(_ L: OpaquePointer, _ index: Int32, depth: Int,
                           visiting: inout [UnsafeRawPointer], outputBytes: inout Int) throws -> LuaValue {
        guard depth < Self.maxDepth else {
            throw ScriptError(kind: .apiMisuse, message: "returned value nests deeper than \(Self.maxDepth) levels")
        }
        // A read-only proxy (library tables, framework values) reads as the table it guards.
        if luashim_unproxy(L, index) != 0 {
            defer { lua_settop(L, -2) }
            return try readTable(L, lua_gettop(L), depth: depth, visiting: &visiting, outputBytes: &outputBytes)
        }
        let identity = lua_topointer(L, index)!
        guard !visiting.contains(identity) else {
            throw ScriptError(kind: .apiMisuse, message: "returned value is cyclic")
        }
        guard lua_checkstack(L, 3) != 0 else { throw limitError(.memory, location: nil) }
        visiting.append(identity)
        defer { visiting.removeLast() }
        let border = Int(lua_rawlen(L, index))
        var slots = [LuaValue?](repeating: nil, count: border)
        var fields: [LuaTable.Field] = []
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            // Key at -2, value at -1. Never convert the key in place: lua_next needs it intact.
            let value = try readValue(L, lua_gettop(L), depth: depth + 1, visiting: &visiting, outputBytes: &outputBytes)
            if lua_type(L, -2) == LUA_TNUMBER, lua_isinteger(L, -2) != 0 {
                let key = lua_tointegerx(L, -2, nil)
                if key >= 1, key <= border {
                    slots[Int(key) - 1] = value
                    lua_settop(L, -2)
                    continue
                }
            }
            let key = try readValue(L, lua_gettop(L) - 1, depth: depth + 1, visiting: &visiting, outputBytes: &outputBytes)
            fields.append(LuaTable.Field(key: key, value: value))
            lua_settop(L, -2)
        }
        var array: [LuaValue] = []
        array.reserveCapacity(border)
        var position = 0
        while position < border, let value = slots[position] {
            array.append(value)
            position += 1
        }
        // Entries after a hole are not part of the sequence.
        while position < border {
            if let value = slots[position] { fields.append(LuaTable.Field(key: .integer(Int64(position + 1)), value: value)) }
            position += 1
        }
        if fields.count > 1 { fields.sort { LuaValue.keyOrder($0.key, $1.key) < 0 } }
        return .table(LuaTable(array: array, sortedFields: fields))
    }

    /// Builds the error for a failed protected operation and pops its message.
    private func popError(_ L: OpaquePointer, status: Int32) -> ScriptError {
        var length = 0
        let raw: String
        if lua_type(L, -1) == LUA_TSTRING, let pointer = lua_tolstring(L, -1, &length) {
            raw = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
        } else {
            raw = "unknown error"
        }
        let misuse = luashim_is_misuse(L, -1) != 0
        lua_settop(L, -2)
        let traceback = String(cString: luashim_last_traceback(L))
        var location = Self.splitLocation(raw)
        if location.chunk == nil, let frame = Self.firstFrame(in: traceback) {
            location.chunk = frame.chunk
            location.line = frame.line
        }
        let chunk = location.chunk.map(expandChunkName)
        if let limit = Self.limit(luashim_tripped(state!)) {
            return limitError(limit, location: (chunk, location.line), traceback: traceback)
        }
        let kind: ScriptError.Kind
        switch status {
        case LUA_ERRSYNTAX: kind = .syntax
        case LUA_ERRMEM: return limitError(.memory, location: (chunk, location.line), traceback: traceback)
        default: kind = misuse ? .apiMisuse : .runtime
        }
        return ScriptError(kind: kind, chunkName: chunk, line: location.line, message: location.message,
                           traceback: traceback.isEmpty ? nil : traceback)
    }

    private func limitError(_ limit: ScriptError.Limit, location: (String?, Int?)?, traceback: String = "") -> ScriptError {
        if let state { luashim_trip(state, Self.cLimit(limit)) }
        let detail = configuration.limits.describe(limit)
        return ScriptError(kind: .limit, limit: limit, chunkName: location?.0, line: location?.1,
                           message: "\(limit.rawValue == "instructions" ? "instruction" : limit.rawValue) limit exceeded (\(detail))",
                           traceback: traceback.isEmpty ? nil : traceback)
    }

    /// Lua shortens long chunk names to `...tail`; give back the full name when it is known.
    private func expandChunkName(_ chunk: String) -> String {
        guard chunk.hasPrefix("...") else { return chunk }
        let tail = chunk.dropFirst(3)
        return chunkNames.last { $0.hasSuffix(tail) } ?? chunk
    }

    /// Splits `chunk:line: message` (the form Lua adds to error messages).
    static func splitLocation(_ raw: String) -> (chunk: String?, line: Int?, message: String) {
        let scalars = Array(raw.utf8)
        var i = 0
        while i < scalars.count {
            if scalars[i] == UInt8(ascii: ":") {
                var j = i + 1
                while j < scalars.count, scalars[j] >= 48, scalars[j] <= 57 { j += 1 }
                if j > i + 1, j + 1 < scalars.count, scalars[j] == UInt8(ascii: ":"), scalars[j + 1] == UInt8(ascii: " "), i > 0 {
                    let chunk = String(decoding: scalars[0..<i], as: UTF8.self)
                    let line = Int(String(decoding: scalars[(i + 1)..<j], as: UTF8.self))
                    let message = String(decoding: scalars[(j + 2)...], as: UTF8.self)
                    return (chunk, line, message)
                }
            }
            if scalars[i] == UInt8(ascii: "\n") { break }
            i += 1
        }
        return (nil, nil, raw)
    }

    /// The first frame of a traceback that points into a Lua chunk.
    static func firstFrame(in traceback: String) -> (chunk: String, line: Int)? {
        for line in traceback.split(separator: "\n") {
            let trimmed = line.drop { $0 == "\t" || $0 == " " }
            guard !trimmed.hasPrefix("[C]") else { continue }
            let parts = splitLocation(String(trimmed))
            if let chunk = parts.chunk, let number = parts.line { return (chunk, number) }
        }
        return nil
    }

    static func limit(_ value: luashim_limit) -> ScriptError.Limit? {
        switch value {
        case LUASHIM_LIMIT_MEMORY: .memory
        case LUASHIM_LIMIT_INSTRUCTIONS: .instructions
        case LUASHIM_LIMIT_TIME: .time
        case LUASHIM_LIMIT_OUTPUT: .output
        default: nil
        }
    }

    static func cLimit(_ limit: ScriptError.Limit) -> luashim_limit {
        switch limit {
        case .memory: LUASHIM_LIMIT_MEMORY
        case .instructions: LUASHIM_LIMIT_INSTRUCTIONS
        case .time: LUASHIM_LIMIT_TIME
        default: LUASHIM_LIMIT_OUTPUT
        }
    }

    // MARK: - Callbacks from C

    fileprivate func printed(_ bytes: UnsafeRawBufferPointer) {
        if let printHandler {
            printHandler(LuaString(bytes: Array(bytes)))
        } else {
            output.append(contentsOf: bytes)
        }
    }

    fileprivate func resolveModule(_ name: String) -> (UnsafeMutableBufferPointer<UInt8>, UnsafeMutablePointer<CChar>)? {
        guard let file = configuration.modules?.module(named: name) else { return nil }
        moduleSource?.deallocate()
        free(moduleChunkName)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(file.source.count, 1))
        _ = buffer.initialize(from: file.source)
        moduleSource = buffer
        moduleChunkName = strdup("@" + file.chunkName)
        chunkNames.append(file.chunkName)
        if let url = file.url { noteFile(chunkName: file.chunkName, file: url) }
        return (UnsafeMutableBufferPointer(rebasing: buffer[0..<file.source.count]), moduleChunkName!)
    }

    /// Runs a host function for a script. Never throws: failures are encoded for the trampoline.
    fileprivate func runHostFunction(_ function: HostFunction, thread L: OpaquePointer, results: OpaquePointer) -> Int32 {
        let previous = activeThread
        activeThread = L
        defer { activeThread = previous }
        do {
            let count = lua_gettop(L)
            var arguments: [LuaValue] = []
            arguments.reserveCapacity(Int(count))
            var ignored = 0
            for index in 0..<count {
                arguments.append(try readValue(L, index + 1, outputBytes: &ignored))
            }
            let values = try function.body(HostCall(sandbox: self, arguments: arguments, location: callerLocation(L)))
            for value in values { try encode(value, into: results, depth: 0) }
            return Int32(values.count)
        } catch let error as HostFunctionError {
            switch error {
            case .misuse(let message): encodeError(message, misuse: true, into: results)
            case .runtime(let message): encodeError(message, misuse: false, into: results)
            }
        } catch let error as ScriptError {
            encodeError(error.description, misuse: error.kind == .apiMisuse, into: results)
        } catch {
            encodeError("\(function.name): \(error)", misuse: false, into: results)
        }
        return -1
    }

    /// The chunk and line of the Lua code that called the running host function.
    private func callerLocation(_ L: OpaquePointer) -> (chunk: String, line: Int)? {
        var buffer = [CChar](repeating: 0, count: 256)
        var line: Int32 = 0
        guard luashim_where(L, 1, &buffer, buffer.count, &line) != 0 else { return nil }
        let chunk = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (expandChunkName(chunk), Int(line))
    }

    private func encodeError(_ message: String, misuse: Bool, into results: OpaquePointer) {
        var message = message
        message.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { luashim_enc_error(results, $0.baseAddress, $0.count, misuse ? 1 : 0) }
        }
    }
}

/// Writes values for ``LuaSandbox/call(_:writing:)``. A table is announced with its number of
/// sequence items and named fields, then exactly that many values (for fields, a key then a value)
/// follow; tables nest.
public struct ValueWriter {
    unowned(unsafe) let sandbox: LuaSandbox  // valid only inside the call that made it
    let encoder: OpaquePointer

    public func `nil`() { luashim_enc_nil(encoder) }
    public func boolean(_ value: Bool) { luashim_enc_bool(encoder, value ? 1 : 0) }
    public func integer(_ value: Int64) { luashim_enc_int(encoder, value) }
    public func number(_ value: Double) { luashim_enc_num(encoder, value) }

    public func string(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { luashim_enc_str(encoder, $0.baseAddress, $0.count) }
        }
    }

    /// A string of raw bytes (binary data such as packed answers).
    public func bytes(_ value: UnsafeRawBufferPointer) {
        luashim_enc_str(encoder, value.baseAddress?.assumingMemoryBound(to: CChar.self), value.count)
    }

    /// Starts a table of `sequence` items followed by `fields` key/value pairs.
    public func table(sequence: Int, fields: Int) { luashim_enc_table(encoder, Int32(sequence), Int32(fields)) }

    /// Any value (converted as ``LuaSandbox/call(_:_:)`` converts arguments).
    public func value(_ value: LuaValue) throws { try sandbox.write(value, into: encoder) }
}

/// Host kernels: C functions for the per-item arithmetic of scorers, over answers packed by the
/// host (`subject.packed`: an 8-byte header of two little-endian UInt32, items per response and
/// responses, then one Double per answer, response by response; an answer that is not a number is
/// a NaN whose low bits are 1 for unanswered, 2 for not applicable, 3 for anything else).
public enum LuaKernel: Sendable {
    /// `item_sums(subject, items, k, instrument [, value_map])` returns `sum, answered,
    /// weighted_sum, weight_total, weighted` over the items of response `k` that hold a number,
    /// each reverse-keyed on its scale (`min + max - value`) when `item.reverse`, then mapped by
    /// its value map (or the map `value_map` names). Items are the instrument's item tables (they
    /// carry `position`); the compiled form of a read-only list is kept for the next call.
    case itemSums
    /// `response_sums(subject, items, instrument, value_map, sums, counts, means)` does what
    /// ``itemSums`` does for every response `k` at once, into the caller's lists: `sums[k]`,
    /// `counts[k]` (answered) and `means[k]` (weighted sum / weight total, which equals sum /
    /// answered when every weight is 1). Returns the number of responses and of items; the
    /// lists must be plain tables (no metatable).
    case responseSums
    /// `response_means(subject, items, instrument, value_map, minimum, aggregate)` returns a
    /// scale's score over every response at once: `score, included, answered, short, last_sum,
    /// last_mean, count`. A response counts when at least `max(minimum, 1)` of its items hold a
    /// number and gives its mean (weighted), sum, or mean times the item count (`aggregate`
    /// `"mean"`, `"sum"`, `"prorated"`); `score` is the mean of those values in response order (nil
    /// when none counts); `short` is the answered count of the last response that did not count.
    case responseMeans
    /// `make_capture(dimension_ids, item_ids, group_ids)` returns `capture(result) -> boolean`,
    /// which checks a scorer's result table in C and appends it to the result tape (see
    /// ``LuaSandbox/withResultTape(_:)``) when it has the plain shape, and returns false (leaving
    /// the tape as it was) for anything else. Known ids are written as their index in the
    /// concatenated `dimension_ids + item_ids`. For a host's trusted driver only: never give it
    /// to scripts.
    case makeCapture
    /// `seal(declaration, env)` makes a scorer's state safe to keep from one subject to the next
    /// (every table it can reach read-only, every module-level local recorded) and returns the
    /// sealed declaration and a restore list, or nil and the reason it cannot. For a host's
    /// trusted driver only. See `CLuaShims/seal.c`.
    case seal
    /// `violated()` says whether the scorer wrote to sealed state since the last `restore`.
    case sealViolated
    /// `unseal()` goes back to running the chunk afresh (require loads files again).
    case unseal
    /// `make_starter(restore_list_or_nil, lazy_metatable)` returns `start(subject)`, which begins
    /// the next subject of a batch: fresh instruction, time and output budgets (as if it were a call of its own), `math.random` seeded afresh
    /// when it moved, the restore list's upvalues set back, and the metatable on a subject without
    /// `answers`. For a host's trusted driver only.
    case makeStarter
    /// `unpack_answers(packed, ids)` returns `{ [ids[j]] = { answer of response 1, ... } }`:
    /// numbers, `"na"` or `false`.
    case unpackAnswers
}

/// Ties a host function to the sandbox that calls it; its address is the C closure's context.
private final class HostBinding {
    unowned let sandbox: LuaSandbox
    let function: HostFunction

    init(sandbox: LuaSandbox, function: HostFunction) {
        self.sandbox = sandbox
        self.function = function
    }
}

private let hostTrampoline: luashim_host_fn = { L, context, results in
    let binding = Unmanaged<HostBinding>.fromOpaque(context!).takeUnretainedValue()
    return binding.sandbox.runHostFunction(binding.function, thread: L!, results: results!)
}

private let printCallback: luashim_print_fn = { context, bytes, length in
    let sandbox = Unmanaged<LuaSandbox>.fromOpaque(context!).takeUnretainedValue()
    sandbox.printed(UnsafeRawBufferPointer(start: bytes, count: length))
}

private let lineCallback: luashim_line_fn = { context, source, line in
    let sandbox = Unmanaged<LuaSandbox>.fromOpaque(context!).takeUnretainedValue()
    sandbox.covered(source: source!, line: line)
}

private let moduleCallback: luashim_module_fn = { context, name, nameLength, source, sourceLength, chunkName in
    let sandbox = Unmanaged<LuaSandbox>.fromOpaque(context!).takeUnretainedValue()
    let moduleName = String(decoding: UnsafeRawBufferPointer(start: name, count: nameLength), as: UTF8.self)
    guard let (buffer, chunk) = sandbox.resolveModule(moduleName) else { return 0 }
    buffer.withMemoryRebound(to: CChar.self) { chars in
        source!.pointee = UnsafePointer(chars.baseAddress ?? chunk)
    }
    sourceLength!.pointee = buffer.count
    chunkName!.pointee = UnsafePointer(chunk)
    return 1
}
