import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a scoring run's time goes, stage by stage (CPU seconds of the threads that did the work),
/// printed to standard error at the end of ``ScoreJob/run(files:progress:into:)`` when the
/// environment variable `ASSESS_PROFILE` is set. Off, it costs one branch per stage.
final class StageTimes: @unchecked Sendable {
    enum Stage: Int, CaseIterable {
        case importing, grouping, marshal, lua, results, render, sink

        var label: String {
            switch self {
            case .importing: "parse and validate rows (main thread)"
            case .grouping: "group: sort, spill and merge runs (main thread)"
            case .marshal: "write subjects for Lua (workers)"
            case .lua: "run the scorer in Lua, arguments pushed (workers)"
            case .results: "read the results, make scores or CSV rows (workers)"
            case .render: "make each subject's JSON or JSON Lines output (workers)"
            case .sink: "spool, merge and write output (main thread)"
            }
        }
    }

    /// Whether timing is on for this process.
    static let enabled = ProcessInfo.processInfo.environment["ASSESS_PROFILE"] != nil

    private let lock = NSLock()
    private var totals = [Double](repeating: 0, count: Stage.allCases.count)

    /// CPU time of the calling thread, in seconds.
    @inline(__always)
    static func now() -> Double {
        guard enabled else { return 0 }
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    func add(_ stage: Stage, _ seconds: Double) {
        guard Self.enabled else { return }
        lock.lock()
        totals[stage.rawValue] += seconds
        lock.unlock()
    }

    /// Adds the time since `start` (from ``now()``) to `stage` and returns the new start.
    @discardableResult @inline(__always)
    func lap(_ stage: Stage, since start: Double) -> Double {
        guard Self.enabled else { return 0 }
        let t = Self.now()
        add(stage, t - start)
        return t
    }

    private var instructions: Int64 = 0
    private var calls = 0

    /// Lua instructions a batch of `calls` subjects used (counted by the sandbox's hook, in steps
    /// of 1000, plus the kernels' charges).
    func count(instructions used: Int64, calls subjects: Int = 1) {
        lock.lock()
        instructions += used
        calls += subjects
        lock.unlock()
    }

    /// Bytes of scores held in the spool (grouped input), reported with the stages.
    var spooledBytes = 0
    /// How the scorer is kept from carrying state between subjects, reported with the stages.
    var isolation: String?

    func report(wall: Double) {
        guard Self.enabled else { return }
        var text = "assess: time by stage (CPU seconds; workers run in parallel):\n"
        for stage in Stage.allCases {
            text += "  " + stage.label.padding(toLength: 54, withPad: " ", startingAt: 0) + String(format: "%8.3f s\n", totals[stage.rawValue])
        }
        text += "  " + "wall time of the run".padding(toLength: 54, withPad: " ", startingAt: 0) + String(format: "%8.3f s\n", wall)
        if spooledBytes > 0 { text += "  scores spooled to temporary disk: \(spooledBytes / 1024) KiB\n" }
        if let isolation { text += "  \(isolation)\n" }
        if calls > 0 { text += "  Lua instructions per subject (sandbox count): \(instructions / Int64(calls))\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
