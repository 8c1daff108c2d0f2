import LuaRuntime

/// Runs `body` with a fresh sandbox on the shared Lua thread and closes it afterwards.
func withSandbox<T>(_ configuration: SandboxConfiguration = SandboxConfiguration(),
                    _ body: (LuaSandbox) throws -> T) throws -> T {
    try LuaThread.shared.run {
        let sandbox = try LuaSandbox(configuration)
        defer { sandbox.close() }
        return try body(sandbox)
    }
}

/// Runs a chunk and returns the error it fails with (nil when it succeeds).
func scriptError(_ source: String, limits: SandboxLimits = .default) throws -> ScriptError? {
    try withSandbox(SandboxConfiguration(limits: limits)) { sandbox in
        do {
            _ = try sandbox.run(source, chunkName: "test.lua")
            return nil
        } catch let error as ScriptError {
            return error
        }
    }
}

/// Runs a chunk and returns what it printed.
func printed(_ source: String, seed: Int64 = 0) throws -> String {
    try withSandbox(SandboxConfiguration(seed: seed)) { sandbox in
        _ = try sandbox.run(source, chunkName: "test.lua")
        return String(decoding: sandbox.output, as: UTF8.self)
    }
}
