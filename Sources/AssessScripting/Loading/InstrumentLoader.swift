import AssessModel
import Foundation
import LuaRuntime
import Synchronization

/// An instrument loaded from its script.
public struct LoadedInstrument: Sendable {
    /// The model everything downstream works on.
    public var instrument: Instrument
    /// The script, as its path was given (used in messages).
    public var file: String
    /// The spec after merging with any base (what `extends` builds on).
    public var spec: LuaTable
}

/// Loads instrument scripts in a fresh sandbox each and turns them into `Instrument` values.
///
/// Problems are thrown as `Diagnostics`: every problem of the spec, each located at the script's
/// own line (`instrument.lua:14: dimension 'care' lists item 'c9' twice`).
public struct InstrumentLoader: Sendable {
    /// Where `extends` and instrument ids are resolved.
    public var library: InstrumentLibrary
    public var limits: SandboxLimits
    /// The thread scripts run on (one per parallel worker).
    public var thread: LuaThread
    /// Records the lines instrument scripts run (`assess test --coverage`).
    public var coverage: CoverageRecorder?

    public init(library: InstrumentLibrary = .bundled, limits: SandboxLimits = .default, thread: LuaThread = .shared) {
        self.library = library
        self.limits = limits
        self.thread = thread
    }

    /// Loads the script at `file`, naming it `displayName` in messages (for output that must not
    /// depend on the current folder, such as golden files).
    public func load(file: URL, displayName: String) throws -> LoadedInstrument {
        try load((file, displayName), chain: [])
    }

    /// Loads an instrument given as a folder, an `instrument.lua` path, or the id of one in the library.
    public func load(_ reference: String) throws -> LoadedInstrument {
        try load(resolve(reference), chain: [])
    }

    /// The script file a reference names: a `.lua` file, a folder with `instrument.lua`, or a library id.
    public func resolve(_ reference: String) throws -> (url: URL, display: String) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                let display = (reference as NSString).appendingPathComponent("instrument.lua")
                guard FileManager.default.fileExists(atPath: display) else {
                    throw Diagnostics([Diagnostic(file: reference, message: "no instrument.lua in this folder (give an instrument folder, its instrument.lua, or a bundled id: see assess list)")])
                }
                return (URL(fileURLWithPath: display), display)
            }
            return (URL(fileURLWithPath: reference), reference)
        }
        if let file = library.file(for: reference) {
            return (file, Self.displayPath(file))
        }
        let known = library.all().map(\.id)
        var message = "no such instrument: not a file, a folder, or the id of a bundled instrument"
        if let suggestion = closest(to: reference, in: known) { message += " (did you mean '\(suggestion)'?)" }
        else if !known.isEmpty { message += " (bundled: \(known.joined(separator: ", ")))" }
        throw Diagnostics([Diagnostic(file: reference, message: message)])
    }

    /// A path relative to the current folder when it is inside it.
    public static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }

    func load(_ file: (url: URL, display: String), chain: [String]) throws -> LoadedInstrument {
        guard let data = FileManager.default.contents(atPath: file.url.path) else {
            throw Diagnostics([Diagnostic(file: file.display, message: "cannot read the file")])
        }
        let source = ScriptSource.prepare(Array(data))
        let folder = (file.display as NSString).deletingLastPathComponent
        let modules = RecordingModules(DirectoryModules(root: file.url.deletingLastPathComponent(),
                                                        displayPrefix: folder.isEmpty ? "" : folder + "/"))
        let context = LoadContext(loader: self, file: file, chain: chain)
        let outcome: Result<[LuaValue], any Error> = try thread.run {
            let sandbox = try LuaSandbox(SandboxConfiguration(limits: limits, seed: 0, modules: modules, coverage: coverage))
            defer { sandbox.close() }
            let module = AssessModule.table(context)
            try sandbox.setGlobal("assess", module, readOnly: true)
            try sandbox.registerModule("assess", module)
            return Result { try sandbox.call(sandbox.load(source, chunkName: file.display, file: file.url)) }
        }
        let locator = SourceLocator([(file.display, String(decoding: source, as: UTF8.self))] + modules.loaded)
        if !context.problems.isEmpty {
            let located = context.problems.map { problem, call in
                let place = locator.locate(problem.anchor) ?? call
                return Diagnostic(file: place?.chunk ?? file.display, line: place?.line, message: problem.message)
            }
            // Like a compiler: the script first, then required files, each in line order.
            let order = [file.display] + modules.loaded.map(\.chunk)
            throw Diagnostics(located.enumerated().sorted { a, b in
                let fa = order.firstIndex(of: a.element.file) ?? order.count, fb = order.firstIndex(of: b.element.file) ?? order.count
                if fa != fb { return fa < fb }
                if (a.element.line ?? 0) != (b.element.line ?? 0) { return (a.element.line ?? 0) < (b.element.line ?? 0) }
                return a.offset < b.offset
            }.map(\.element))
        }
        if let error = context.baseFailure { throw error }
        switch outcome {
        case .failure(let error as ScriptError):
            throw Diagnostics([Diagnostic(file: error.chunkName ?? file.display, line: error.line, message: error.message)])
        case .failure(let error):
            throw error
        case .success(let values):
            guard let token = values.first?.tableValue?["__token"].integerValue,
                  let declared = context.declared[Int(token)]
            else {
                throw Diagnostics([Diagnostic(file: file.display, message: "an instrument script must end with: return assess.instrument { ... }")])
            }
            return LoadedInstrument(instrument: declared.instrument, file: file.display, spec: declared.spec)
        }
    }
}

/// What one load collects: declarations, problems, and the base instruments it extends.
final class LoadContext: @unchecked Sendable {
    // Used only on the Lua thread, during one load.
    let loader: InstrumentLoader
    let file: (url: URL, display: String)
    let chain: [String]
    var declared: [Int: (instrument: Instrument, spec: LuaTable)] = [:]
    var problems: [(Problem, (chunk: String, line: Int)?)] = []
    var baseFailure: Diagnostics?

    init(loader: InstrumentLoader, file: (url: URL, display: String), chain: [String]) {
        self.loader = loader
        self.file = file
        self.chain = chain
    }

    func declareInstrument(_ call: HostCall) throws -> [LuaValue] {
        guard var spec = call[0].tableValue else {
            throw HostFunctionError.misuse("assess.instrument expects a table: assess.instrument { api = 1, id = ..., ... }")
        }
        let location = call.location
        switch spec["api"] {
        case .nil:
            throw HostFunctionError.misuse("the instrument does not declare its API version: add api = 1")
        case let api where api.integerValue.map({ APIVersion.supportedMajors.contains(Int($0)) }) != true:
            let shown = api.stringValue.map { "\"\($0)\"" } ?? api.integerValue.map { "\($0)" } ?? api.typeName
            throw HostFunctionError.misuse("api = \(shown) is not supported: this AssessKit supports api = \(APIVersion.supportedMajors.map(String.init).joined(separator: ", ")) (framework API \(APIVersion.current))")
        default:
            break
        }
        if let base = spec["extends"].stringValue {
            let loaded: LoadedInstrument
            do {
                loaded = try loadBase(base)
            } catch let diagnostics as Diagnostics {
                baseFailure = Diagnostics([Diagnostic(file: location?.chunk ?? file.display, line: location?.line,
                                                      message: "cannot extend '\(base)'")] + diagnostics.items)
                throw HostFunctionError.misuse("cannot extend '\(base)'")
            }
            spec = SpecMerge.merge(base: loaded.spec, overlay: spec)
            spec["extends"] = .string(LuaString(base))
        } else if spec["extends"] != .nil {
            throw HostFunctionError.misuse("extends must be the id of an instrument, e.g. extends = \"hlm-360\"")
        }
        let builder = InstrumentBuilder()
        guard let instrument = builder.build(spec) else {
            problems += builder.problems.items.map { ($0, location) }
            if builder.problems.dropped > 0 {
                problems.append((Problem(message: "... and \(builder.problems.dropped) more problem(s)", anchor: .call), location))
            }
            let id = spec["id"].stringValue.map { " '\($0)'" } ?? ""
            throw HostFunctionError.misuse("instrument\(id) is not valid (\(builder.problems.items.count) problem(s))")
        }
        let token = declared.count + 1
        declared[token] = (instrument, spec)
        var result = spec
        result["__type"] = "instrument"
        result["__token"] = .integer(Int64(token))
        return [.table(result)]
    }

    private func loadBase(_ id: String) throws -> LoadedInstrument {
        guard chain.count < 16 else {
            throw Diagnostics([Diagnostic(file: file.display, message: "instruments extend each other more than 16 levels deep")])
        }
        guard !chain.contains(id) else {
            throw Diagnostics([Diagnostic(file: file.display, message: "instruments extend each other in a circle: \((chain + [id]).joined(separator: " -> "))")])
        }
        // A folder beside this instrument's folder first (a trust's own base), then the library.
        let sibling = file.url.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(id).appendingPathComponent("instrument.lua")
        let target: (url: URL, display: String)
        if FileManager.default.fileExists(atPath: sibling.path), sibling.standardizedFileURL != file.url.standardizedFileURL {
            target = (sibling, InstrumentLoader.displayPath(sibling))
        } else if let file = loader.library.file(for: id) {
            target = (file, InstrumentLoader.displayPath(file))
        } else {
            throw Diagnostics([Diagnostic(file: file.display, message: "no instrument with id '\(id)' to extend")])
        }
        return try loader.load(target, chain: chain + [id])
    }
}

/// Builds the `assess` module table for one load.
enum AssessModule {
    static func table(_ context: LoadContext) -> LuaValue {
        var table = LuaTable()
        for (name, value) in AssessNamespace.members() + InstrumentNamespace.members(context) {
            table[name] = value
        }
        return .table(table)
    }
}

/// A module source that remembers what it served, so problems can be located in required files.
final class RecordingModules: ModuleSource {
    private let inner: any ModuleSource
    private let served = Mutex<[(chunk: String, text: String)]>([])

    init(_ inner: any ModuleSource) { self.inner = inner }

    func module(named name: String) -> ModuleFile? {
        guard let file = inner.module(named: name) else { return nil }
        served.withLock { $0.append((file.chunkName, String(decoding: file.source, as: UTF8.self))) }
        return file
    }

    var loaded: [(chunk: String, text: String)] { served.withLock { $0 } }
}
