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

extension SandboxLimits {
    /// Applies a `-- limits: memory=MB instructions=N timeout=SECONDS output=BYTES` comment found
    /// among a script's first ten lines, so a test case can state the limits it runs under.
    ///
    /// Only test harnesses call this (`assess lua --header-limits`); the sandbox never reads it.
    /// - Throws: a message naming the bad setting.
    public func applyingHeader(of source: [UInt8]) throws -> SandboxLimits {
        var limits = self
        let text = String(decoding: source.prefix(4096), as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(10) {
            let trimmed = line.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("-- limits:") else { continue }
            for setting in trimmed.dropFirst("-- limits:".count).split(separator: " ") where !setting.isEmpty {
                let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw HeaderError(setting: String(setting)) }
                switch parts[0] {
                case "memory":
                    guard let mib = Double(parts[1]), mib > 0 else { throw HeaderError(setting: String(setting)) }
                    limits.memoryBytes = Int(mib * 1_048_576)
                case "instructions":
                    guard let n = Double(parts[1]), n > 0, n < 9e18 else { throw HeaderError(setting: String(setting)) }
                    limits.instructions = Int64(n)
                case "timeout":
                    guard let s = Double(parts[1]), s > 0, s < 1e6 else { throw HeaderError(setting: String(setting)) }
                    limits.time = .milliseconds(Int64((s * 1000).rounded(.up)))
                case "output":
                    guard let n = Int(parts[1]), n > 0 else { throw HeaderError(setting: String(setting)) }
                    limits.outputBytes = n
                default:
                    throw HeaderError(setting: String(setting))
                }
            }
        }
        return limits
    }

    /// A `-- limits:` comment with a setting that is not `name=positive number`.
    public struct HeaderError: Error, CustomStringConvertible {
        public var setting: String
        public var description: String {
            "bad '-- limits:' setting '\(setting)' (expected memory=MB, instructions=N, timeout=SECONDS or output=BYTES)"
        }
    }
}
