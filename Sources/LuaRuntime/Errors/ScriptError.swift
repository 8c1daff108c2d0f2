/// A script failed: it did not compile, raised an error, hit a limit, or misused the API.
///
/// ``description`` reads like a compiler diagnostic (`path:line: message`); ``traceback`` holds
/// Lua's stack traceback when one was captured.
public struct ScriptError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong. Extensible: new kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The script does not compile.
        public static let syntax = Kind(rawValue: "syntax")
        /// The script raised an error while running.
        public static let runtime = Kind(rawValue: "runtime")
        /// The script exceeded a limit; ``ScriptError/limit`` says which.
        public static let limit = Kind(rawValue: "limit")
        /// The script used the sandbox or the framework API in a way it forbids.
        public static let apiMisuse = Kind(rawValue: "api")
        public var description: String { rawValue }
    }

    /// A resource limit. Extensible: new limits may be added.
    public struct Limit: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let memory = Limit(rawValue: "memory")
        public static let instructions = Limit(rawValue: "instructions")
        public static let time = Limit(rawValue: "time")
        public static let output = Limit(rawValue: "output")
        public var description: String { rawValue }
    }

    public var kind: Kind
    /// The limit that was exceeded, when ``kind`` is ``Kind/limit``.
    public var limit: Limit?
    /// The script (chunk) the error points into, as given when it was loaded, when known.
    public var chunkName: String?
    /// The 1-based line in ``chunkName``, when known.
    public var line: Int?
    /// The message, without the `chunk:line:` prefix.
    public var message: String
    /// Lua's stack traceback, when one was captured.
    public var traceback: String?

    public init(kind: Kind, limit: Limit? = nil, chunkName: String? = nil, line: Int? = nil,
                message: String, traceback: String? = nil) {
        self.kind = kind
        self.limit = limit
        self.chunkName = chunkName
        self.line = line
        self.message = message
        self.traceback = traceback
    }

    /// `path:line: message`, or as much of it as is known.
    public var description: String {
        switch (chunkName, line) {
        case (let chunk?, let line?): "\(chunk):\(line): \(message)"
        case (let chunk?, nil): "\(chunk): \(message)"
        default: message
        }
    }

    /// A one-line summary used by golden files: `limit: memory` or `error: runtime: message`.
    public var outcome: String {
        if kind == .limit, let limit { return "limit: \(limit)" }
        return "error: \(kind): \(message)"
    }
}

/// The host used the runtime wrongly (not a script's fault).
public enum SandboxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A sandbox was created or used off a ``LuaThread``: Lua needs that thread's large stack.
    case notOnLuaThread
    /// The sandbox was closed.
    case closed
    /// A function from another sandbox was passed in.
    case foreignFunction
    /// Lua could not create a state (out of memory).
    case stateCreationFailed
    /// The job did not finish before the watchdog's deadline.
    case watchdogExpired

    public var description: String {
        switch self {
        case .notOnLuaThread: "Lua must run on a LuaThread (it needs a large native stack)"
        case .closed: "the sandbox is closed"
        case .foreignFunction: "the function belongs to another sandbox"
        case .stateCreationFailed: "could not create a Lua state"
        case .watchdogExpired: "the script did not stop by the watchdog's deadline"
        }
    }
}
