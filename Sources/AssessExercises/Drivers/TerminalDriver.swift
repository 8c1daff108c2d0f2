import AssessModel
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal front end: numbered prompts, rankings typed as an order ("3 1 2"), a visible
/// countdown for timed prompts, Ctrl-C saves and exits. Works with `TERM=dumb` and with stdin
/// that is not a terminal (plain numbered prompts, no redrawing); colour only on a terminal and
/// never with `NO_COLOR`.
public final class TerminalFrontEnd: FrontEnd {
    let input: LineInput
    let fd: Int32
    let colour: Bool
    let redraw: Bool
    let clock: () -> Date
    /// Set when Ctrl-C stopped the run.
    public private(set) var interrupted = false
    /// The deadline of the prompt being asked, kept when it is asked again after a refused answer.
    private var deadline: (prompt: String, at: Date)?
    private var refusedPrompt: String?
    /// Whether typed input is echoed by a terminal (otherwise it is echoed here).
    private let inputIsTerminal: Bool
    /// Columns to wrap prompts at on a terminal (`nil`: no wrapping, as in pipes and files).
    private let wrapWidth: Int?

    /// - Parameter colour: whether to colour prompts; `nil` decides from the output (a terminal,
    ///   `TERM` not `dumb`, `NO_COLOR` unset or empty). The `assess` command passes its own decision.
    public init(input: LineInput = LineInput(), outputFD: Int32 = STDOUT_FILENO,
                environment: [String: String] = ProcessInfo.processInfo.environment, colour: Bool? = nil,
                clock: @escaping () -> Date = { Date() }) {
        self.input = input
        self.fd = outputFD
        let terminal = isatty(outputFD) != 0 && environment["TERM"] != "dumb"
        self.colour = colour ?? (terminal && (environment["NO_COLOR"] ?? "").isEmpty)
        inputIsTerminal = isatty(input.fd) != 0
        redraw = terminal && inputIsTerminal
        self.clock = clock
        wrapWidth = isatty(outputFD) != 0 ? Self.columns(of: outputFD) : nil
    }

    /// The terminal's width, at most 100 so lines stay readable (80 when it cannot be asked).
    static func columns(of fd: Int32) -> Int {
        var size = winsize()
        #if canImport(Glibc)
        let request = UInt(TIOCGWINSZ)
        #else
        let request = TIOCGWINSZ
        #endif
        guard ioctl(fd, request, &size) == 0, size.ws_col > 0 else { return 80 }
        return min(100, max(20, Int(size.ws_col)))
    }

    /// Wraps each line at word boundaries to `width` visible columns (escape codes take none);
    /// continuation lines keep the line's indent, and an option's text lines up after its number.
    static func wrap(_ text: String, width: Int) -> String {
        func visible(_ s: Substring) -> Int {
            var count = 0, inEscape = false
            for c in s {
                if inEscape { if c.isLetter { inEscape = false }; continue }
                if c == "\u{1B}" { inEscape = true; continue }
                count += 1
            }
            return count
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard visible(line) > width else { return String(line) }
            let indentCount = line.prefix { $0 == " " }.count
            var hanging = indentCount
            // "  3) text": continuation lines start under the text.
            let afterIndent = line.dropFirst(indentCount)
            if let close = afterIndent.firstIndex(of: ")"), afterIndent[..<close].allSatisfy({ $0.isNumber || $0 == "\u{1B}" || $0 == "[" || $0 == ";" || $0 == "m" }),
               afterIndent.distance(from: afterIndent.startIndex, to: close) < 16 {
                hanging = indentCount + visible(afterIndent[...close]) + 1
            }
            var out: [String] = []
            var current = ""
            var currentWidth = 0
            for word in line.split(separator: " ", omittingEmptySubsequences: true) {
                let w = visible(word)
                if currentWidth > 0, currentWidth + 1 + w > width {
                    out.append(current)
                    current = String(repeating: " ", count: hanging) + word
                    currentWidth = hanging + w
                } else if currentWidth == 0 {
                    current = String(repeating: " ", count: out.isEmpty ? indentCount : hanging) + word
                    currentWidth = (out.isEmpty ? indentCount : hanging) + w
                } else {
                    current += " " + word
                    currentWidth += 1 + w
                }
            }
            if !current.isEmpty { out.append(current) }
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func style(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func emit(_ text: String) { writeAll(text, to: fd) }

    func render(_ prompt: Prompt) -> String {
        let text = styled(prompt)
        return wrapWidth.map { Self.wrap(text, width: $0) } ?? text
    }

    private func styled(_ prompt: Prompt) -> String {
        guard colour else { return PlainText.render(prompt) }
        var out = ""
        if let title = prompt.title { out += style(title, "1") + "\n" }
        if prompt.kind == .assessor { return out + style("[for the assessor: \(prompt.text)]", "2") + "\n" }
        out += emphasised(prompt.text) + "\n"
        if prompt.kind == .choose || prompt.kind == .rank {
            for (i, option) in prompt.options.enumerated() { out += "  " + style("\(i + 1))", "36") + " \(option.text)\n" }
        }
        let hint = PlainText.hint(prompt)
        if !hint.isEmpty { out += style(hint, "2") + "\n" }
        return out
    }

    /// Markdown `**strong**` in bold (the rest of the Markdown reads well as it is).
    func emphasised(_ text: String) -> String {
        let parts = text.components(separatedBy: "**")
        guard parts.count >= 3, parts.count % 2 == 1 else { return text }
        return parts.enumerated().map { $0.offset % 2 == 1 ? style($0.element, "1") : $0.element }.joined()
    }

    public func show(_ prompt: Prompt) throws {
        emit(render(prompt) + "\n")
    }

    public func recall(_ prompt: Prompt, answer: RecordedAnswer) throws {
        let described = PlainText.describe(answer.value, timedOut: answer.timedOut, for: prompt)
        emit(style("answered earlier: \(prompt.title ?? prompt.id): \(described)", "2") + "\n")
    }

    public func ask(_ prompt: Prompt) throws -> Reply {
        // Asked again after a refused answer: the prompt is still on screen.
        if refusedPrompt != prompt.id { emit(render(prompt)) }
        refusedPrompt = nil
        if let timeout = prompt.timeout, self.deadline?.prompt != prompt.id {
            self.deadline = (prompt.id, clock().addingTimeInterval(timeout))
        }
        let deadline = prompt.timeout == nil ? nil : self.deadline?.at
        if let deadline {
            let left = max(0, Int(deadline.timeIntervalSince(clock()).rounded(.up)))
            emit((redraw ? "Time left: \(PlainText.duration(left))" : "You have \(PlainText.duration(left)).") + "\n")
        }
        emit(style("> ", "1"))
        var lastShown = prompt.timeout.map { Int($0.rounded(.up)) } ?? 0
        let tick: ((Int) -> Void)? = redraw && deadline != nil ? { [self] left in
            guard left != lastShown else { return }
            lastShown = left
            // Save the cursor, rewrite the countdown line above the input, restore the cursor.
            emit("\u{1B}7\u{1B}[1A\r\u{1B}[2K" + style("Time left: \(PlainText.duration(left))", left <= 10 ? "33" : "2") + "\u{1B}8")
        } : nil
        switch input.readLine(deadline: deadline, tick: tick) {
        case .line(let line):
            if !inputIsTerminal { emit(line + "\n") }
            do {
                return .answer(try PlainText.parse(line, for: prompt), at: nil)
            } catch {
                try refuse(prompt, error)
                return try ask(prompt)
            }
        case .timedOut:
            emit("\n" + style("Time is up.", "33") + "\n\n")
            return .timedOut(at: nil)
        case .end:
            emit("\n")
            return .stopped
        case .interrupted:
            interrupted = true
            emit("\n")
            return .stopped
        }
    }

    public func refuse(_ prompt: Prompt, _ error: AnswerError) throws {
        emit(style("! \(error.message)", "31") + "\n")
        refusedPrompt = prompt.id
    }

    public func accepted(_ prompt: Prompt, answer: JSONValue?, timedOut: Bool) {
        emit("\n")
    }

    /// Shows the end of an attempt.
    public func finished(_ outcome: AttemptOutcome, attempt: String) {
        var text = style("Finished: \(outcome.title).", "1") + " Your answers are saved (attempt \(attempt)).\n"
        if outcome.status == .awaitingMarks {
            text += "Some answers are marked by an assessor later (assess attempts mark \(attempt) PROMPT MARK).\n"
        }
        emit(text)
    }
}
