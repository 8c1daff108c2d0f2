import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Set by the SIGINT handler that ``LineInput/catchInterrupts()`` installs.
nonisolated(unsafe) private var interruptFlag: sig_atomic_t = 0
/// The write end of the pipe the handler writes a byte to, so a thread blocked in `poll` wakes
/// whichever thread the signal was delivered to (-1 until installed).
nonisolated(unsafe) private var interruptPipeWrite: Int32 = -1
nonisolated(unsafe) private var interruptPipeRead: Int32 = -1

/// Lines from a file descriptor (stdin by default), with an optional deadline, noticing Ctrl-C.
/// Reads bytes itself (no buffering shared with `readLine`), so a deadline can be kept.
public final class LineInput {
    /// What a read gave.
    public enum Result: Equatable, Sendable {
        case line(String)
        /// The deadline passed first.
        case timedOut
        /// End of input.
        case end
        /// Ctrl-C (SIGINT).
        case interrupted
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private var ended = false
    /// The longest line accepted; longer input is cut into lines of this length.
    public let maximumLine = 1 << 20

    public init(fd: Int32 = STDIN_FILENO) { self.fd = fd }

    /// Installs a SIGINT handler that makes reads return ``Result/interrupted`` (instead of the
    /// process dying mid-write).
    public static func catchInterrupts() {
        if interruptPipeRead < 0 {
            var fds: [Int32] = [-1, -1]
            if pipe(&fds) == 0 {
                for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
                interruptPipeRead = fds[0]
                interruptPipeWrite = fds[1]
            }
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interruptFlag = 1
            var byte: UInt8 = 1
            _ = write(interruptPipeWrite, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; Ctrl-C must still work.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether Ctrl-C was pressed since the last check.
    public static func takeInterrupt() -> Bool {
        defer { interruptFlag = 0 }
        if interruptPipeRead >= 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while drain.withUnsafeMutableBytes({ read(interruptPipeRead, $0.baseAddress, $0.count) }) > 0 {}
        }
        return interruptFlag != 0
    }

    /// The next line (without its newline or carriage return).
    /// - Parameters:
    ///   - deadline: when to give up with ``Result/timedOut``.
    ///   - tick: called about once a second while waiting, with the seconds left (for countdowns).
    public func readLine(deadline: Date? = nil, tick: ((Int) -> Void)? = nil) -> Result {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            if buffer.count >= maximumLine {
                let line = Array(buffer.prefix(maximumLine))
                buffer.removeFirst(maximumLine)
                return .line(String(decoding: line, as: UTF8.self))
            }
            if ended {
                if buffer.isEmpty { return .end }
                let line = buffer
                buffer = []
                return .line(String(decoding: line, as: UTF8.self))
            }
            if Self.takeInterrupt() { return .interrupted }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return .timedOut }
                tick?(Int(left.rounded(.up)))
                wait = Int32(max(1, min(1000, left * 1000)))
            }
            var descriptors = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: interruptPipeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, interruptPipeRead >= 0 ? 2 : 1, wait)
            if ready < 0 {
                if errno == EINTR { continue }
                ended = true
                continue
            }
            if ready == 0 { continue }
            if descriptors[1].revents != 0, interruptPipeRead >= 0 { continue }  // the interrupt check above returns
            if descriptors[0].revents == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                ended = true
            } else if count == 0 {
                ended = true
            } else {
                buffer.append(contentsOf: chunk.prefix(count))
            }
        }
    }
}

/// Writes text to a file descriptor completely (retrying short writes).
public func writeAll(_ text: String, to fd: Int32 = STDOUT_FILENO) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            return
        }
        offset += n
    }
}
