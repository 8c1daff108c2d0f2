import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated OS thread with a large native stack on which sandboxes are created and run.
///
/// Lua's C-recursion limit assumes a big stack, so Lua never runs on the Swift concurrency pool or a
/// caller's thread: jobs are handed to this thread and the caller waits. A ``LuaSandbox`` belongs to
/// the thread that created it. One thread serves any number of sandboxes, one job at a time.
public final class LuaThread: @unchecked Sendable {
    /// The process-wide default thread (16 MiB stack), started on first use.
    public static let shared = LuaThread(name: "AssessKit.Lua")

    private static let workers = Mutex<[LuaThread]>([])

    /// The `index`-th process-wide worker thread, for running scripts in parallel: worker 0 is
    /// ``shared``; the others are created on first use and live as long as the process (threads
    /// are never torn down, so repeated parallel runs reuse them instead of leaking new ones).
    public static func worker(_ index: Int) -> LuaThread {
        if index <= 0 { return shared }
        return workers.withLock { pool in
            while pool.count < index { pool.append(LuaThread(name: "AssessKit.Lua\(pool.count + 1)")) }
            return pool[index - 1]
        }
    }

    /// The stack size of the thread in bytes.
    public let stackSize: Int
    private let name: String
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var thread: pthread_t?

    /// Creates a thread; it starts when the first job arrives.
    /// - Parameters:
    ///   - name: the OS thread name, for debuggers.
    ///   - stackSize: at least 8 MiB; defaults to 16 MiB.
    public init(name: String = "AssessKit.Lua", stackSize: Int = 16 << 20) {
        self.name = name
        self.stackSize = max(stackSize, 8 << 20)
    }

    /// True when the calling code runs on a `LuaThread` (any of them).
    public static var isCurrent: Bool { current != nil }

    /// The `LuaThread` the calling code runs on, if any.
    static var current: LuaThread? {
        guard let raw = pthread_getspecific(currentKey) else { return nil }
        return Unmanaged<LuaThread>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Runs `body` on this thread and waits for it. Runs it inline when already on this thread.
    public func run<T>(_ body: () throws -> T) throws -> T {
        if LuaThread.current === self { return try body() }
        return try withoutActuallyEscaping(body) { body in
            let box = ResultBox<T>()
            let done = DispatchSemaphore(value: 0)
            // The worker releases the closure before signalling, so it never outlives this call.
            enqueue({ box.result = Result { try body() } }, done: done)
            done.wait()
            return try box.result!.get()
        }
    }

    /// Runs `body` on this thread and waits at most until `deadline`.
    ///
    /// When the deadline passes first, throws ``SandboxError/watchdogExpired`` and leaves the job
    /// running: the caller is expected to end the process (the job may be stuck inside C).
    public func run<T: Sendable>(deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        enqueue {
            box.result = Result { try body() }
            done.signal()
        }
        let remaining = ContinuousClock.now.duration(to: deadline)
        let (seconds, atto) = remaining.components
        let nanos = max(0, seconds) * 1_000_000_000 + max(0, atto / 1_000_000_000)
        if done.wait(timeout: .now() + .nanoseconds(Int(clamping: nanos))) == .timedOut {
            throw SandboxError.watchdogExpired
        }
        return try box.result!.get()
    }

    /// Runs `body` on this thread without blocking a concurrency-pool thread.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    private func enqueue(_ work: @escaping () -> Void, done: DispatchSemaphore? = nil) {
        condition.lock()
        jobs.append(Job(work: work, done: done))
        if thread == nil { start() }
        condition.signal()
        condition.unlock()
    }

    /// Starts the OS thread (called with the lock held).
    private func start() {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(&handle, &attributes, { raw in
            let thread = Unmanaged<LuaThread>.fromOpaque(raw!).takeUnretainedValue()
            pthread_setspecific(currentKey, raw)
            thread.loop()
            return nil
        }, context)
        precondition(status == 0, "could not start the Lua thread (pthread_create: \(status))")
        pthread_detach(handle)
        thread = handle
    }

    private func loop() {
        Thread.current.name = name
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            var job = jobs.removeFirst()
            condition.unlock()
            job.work?()
            job.work = nil
            job.done?.signal()
        }
    }
}

private struct Job {
    var work: (() -> Void)?
    let done: DispatchSemaphore?
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

private let currentKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
