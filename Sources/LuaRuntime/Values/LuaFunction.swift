import Synchronization

/// A Lua function held by the host: either a function that lives in a sandbox (a registry
/// reference, released when the last `LuaFunction` for it goes away) or a Swift function that
/// scripts can call.
///
/// A sandbox's function can only be called through that sandbox, on its ``LuaThread``.
public final class LuaFunction: Hashable, Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        case lua(ref: Int32, owner: ReferenceOwner)
        case host(HostFunction)
    }

    let storage: Storage

    init(ref: Int32, owner: ReferenceOwner) {
        storage = .lua(ref: ref, owner: owner)
    }

    /// A Swift function that scripts can call. See ``HostFunction``.
    public init(_ host: HostFunction) {
        storage = .host(host)
    }

    /// A Swift function that scripts can call, named for error messages.
    public convenience init(name: String, _ body: @escaping @Sendable (HostCall) throws -> [LuaValue]) {
        self.init(HostFunction(name: name, body))
    }

    deinit {
        if case .lua(let ref, let owner) = storage { owner.release(ref) }
    }

    /// A number identifying this reference within its process, for ordering and hashing.
    var identity: UInt { UInt(bitPattern: ObjectIdentifier(self).hashValue) }

    public static func == (lhs: LuaFunction, rhs: LuaFunction) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    public var description: String {
        switch storage {
        case .lua: "function"
        case .host(let h): "function \(h.name)"
        }
    }
}

/// A Swift function exposed to scripts.
///
/// The body receives the call's arguments and returns its results. Throwing ``HostFunctionError``
/// raises a Lua error in the calling script (``HostFunctionError/misuse(_:)`` marks it as API
/// misuse); any other error raises its description. The body runs on the sandbox's Lua thread and
/// must not block for long: the script's time limit keeps running.
public final class HostFunction: Sendable {
    /// The name used in error messages.
    public let name: String
    let body: @Sendable (HostCall) throws -> [LuaValue]

    public init(name: String, _ body: @escaping @Sendable (HostCall) throws -> [LuaValue]) {
        self.name = name
        self.body = body
    }
}

/// One call of a ``HostFunction`` from a script.
public struct HostCall {
    init(sandbox: LuaSandbox, arguments: [LuaValue], location: (chunk: String, line: Int)? = nil) {
        self.sandbox = sandbox
        self.arguments = arguments
        self.location = location
    }

    /// The sandbox the script runs in; use it to call back into Lua.
    public unowned let sandbox: LuaSandbox
    /// The arguments, converted to host values.
    public let arguments: [LuaValue]
    /// Where in the script the call was made (the nearest Lua function with line information).
    public let location: (chunk: String, line: Int)?

    /// The argument at `index` (0-based), or `.nil` when absent.
    public subscript(index: Int) -> LuaValue {
        index < arguments.count ? arguments[index] : .nil
    }
}

/// Errors a ``HostFunction`` throws to fail the calling script.
public enum HostFunctionError: Error, Sendable {
    /// The script used the API wrongly (reported with kind ``ScriptError/Kind/apiMisuse``).
    case misuse(String)
    /// An ordinary runtime error.
    case runtime(String)
}

/// Collects registry references whose `LuaFunction` was released (on any thread) so the owning
/// sandbox can free them on its own thread.
final class ReferenceOwner: Sendable {
    private let pending = Mutex<[Int32]>([])
    private let closed = Atomic<Bool>(false)

    func release(_ ref: Int32) {
        guard !closed.load(ordering: .acquiring) else { return }
        pending.withLock { $0.append(ref) }
    }

    func takePending() -> [Int32] {
        pending.withLock { refs in
            defer { refs.removeAll() }
            return refs
        }
    }

    func close() { closed.store(true, ordering: .releasing) }
    var isClosed: Bool { closed.load(ordering: .acquiring) }
}
