/// The resource limits of one sandbox. Each limit ends the script with a ``ScriptError`` of kind
/// ``ScriptError/Kind/limit`` that names it.
public struct SandboxLimits: Hashable, Sendable {
    /// Bytes the state may allocate in all (default 64 MiB).
    public var memoryBytes: Int
    /// VM instructions per call from the host, plus work charged by pattern matching and stable
    /// iteration (default one billion).
    public var instructions: Int64
    /// Wall-clock time per call from the host (default 5 seconds).
    public var time: Duration
    /// Bytes printed plus bytes of strings returned to the host, over the sandbox's life (default 16 MiB).
    public var outputBytes: Int
    /// Largest text chunk `load` accepts (default 4 MiB).
    public var chunkBytes: Int

    public init(
        memoryBytes: Int = 64 << 20,
        instructions: Int64 = 1_000_000_000,
        time: Duration = .seconds(5),
        outputBytes: Int = 16 << 20,
        chunkBytes: Int = 4 << 20
    ) {
        self.memoryBytes = memoryBytes
        self.instructions = instructions
        self.time = time
        self.outputBytes = outputBytes
        self.chunkBytes = chunkBytes
    }

    /// The defaults: 64 MiB, one billion instructions, 5 s per call, 16 MiB of output.
    public static let `default` = SandboxLimits()

    /// The time limit in seconds.
    public var seconds: Double {
        let (s, atto) = time.components
        return Double(s) + Double(atto) * 1e-18
    }

    /// How the limit reads in an error message (`64 MiB`, `5 s`).
    func describe(_ limit: ScriptError.Limit) -> String {
        switch limit {
        case .memory: return "\(Self.formatBytes(memoryBytes))"
        case .instructions: return "\(instructions) instructions"
        case .time: return "\(Self.formatSeconds(seconds)) s"
        case .output: return "\(Self.formatBytes(outputBytes))"
        default: return ""
        }
    }

    static func formatBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    static func formatSeconds(_ seconds: Double) -> String {
        if seconds == seconds.rounded() { return String(Int(seconds)) }
        return String(seconds)
    }
}
