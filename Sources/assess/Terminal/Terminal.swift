import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal conventions shared by every command: results on stdout, messages on stderr, colour
/// and progress only where a person is watching.
///
/// Colour is used on a stream only when all of these hold: the stream is a terminal, `NO_COLOR`
/// is unset or empty (https://no-color.org), and `TERM` is not `dumb`. Files, pipes and CI logs
/// therefore never receive escape codes.
enum Terminal {
    /// One of the two output streams.
    enum Stream {
        case output, error

        var fd: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }
    }

    /// An SGR style.
    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    /// Whether to colour what is written to `stream`.
    static func colour(_ stream: Stream, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        usesColour(isTerminal: isatty(stream.fd) != 0, environment: environment)
    }

    /// The rule itself, apart from the stream: a terminal, `NO_COLOR` unset or empty, `TERM` not `dumb`.
    static func usesColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// `text` in `style` when `stream` takes colour; each line is styled separately, so a reset
    /// never waits past a line break.
    static func paint(_ text: String, _ style: Style, on stream: Stream) -> String {
        guard colour(stream), !text.isEmpty else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "\u{1B}[\(style.rawValue)m\($0)\u{1B}[0m" }
            .joined(separator: "\n")
    }

    /// An error (or a line of one) on stderr, red on a terminal.
    static func error(_ message: String) {
        write(paint(message, .red, on: .error) + "\n", to: .error)
    }

    /// A warning on stderr, yellow on a terminal.
    static func warning(_ message: String) {
        write(paint(message, .yellow, on: .error) + "\n", to: .error)
    }

    /// What to do next after an error, or any other note on stderr (never coloured, so it reads
    /// as the plain advice it is).
    static func note(_ message: String) {
        write(message + "\n", to: .error)
    }

    /// Writes text to a stream as it is.
    static func write(_ text: String, to stream: Stream) {
        (stream == .output ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
    }

    nonisolated(unsafe) private static var progressShown = false

    /// A progress callback (label, done, total) drawing a bar on stderr when it is a terminal
    /// (and `TERM` is not `dumb`); `nil` otherwise, so nothing is drawn into files, pipes or CI logs.
    /// The bar itself has no colour, so `NO_COLOR` does not hide it.
    static func progressBar() -> ((String, Int, Int) -> Void)? {
        guard isatty(STDERR_FILENO) != 0, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        var last = ("", -1)
        return { label, done, total in
            guard total > 0 else { return }
            let percent = min(100, done * 100 / total)
            guard (label, percent) != last else { return }
            last = (label, percent)
            let width = 30
            let filled = percent * width / 100
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            write("\r\(label.padding(toLength: 9, withPad: " ", startingAt: 0)) [\(bar)] \(percent)%", to: .error)
            progressShown = true
        }
    }

    /// Clears the progress bar's line, if one was drawn.
    static func finishProgress() {
        if progressShown {
            write("\r\u{1B}[K", to: .error)
            progressShown = false
        }
    }
}
