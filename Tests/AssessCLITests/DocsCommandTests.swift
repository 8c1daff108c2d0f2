import Foundation
import Testing

/// Runs every command the README and the guides show, so the documentation cannot rot.
///
/// A document is read top to bottom, in a scratch folder of its own that holds copies of
/// `Instruments/`, `Plugins/` and `Examples/`:
/// - a fenced block whose info string has `file=PATH` (```` ```lua file=my-360/instrument.lua ````),
///   or a `lua` block whose first line is `-- PATH` with a `/` in it, is written to PATH in the
///   scratch folder, so later commands see the files the reader was told to create;
/// - every line of a ```` ```sh ```` block is run with `/bin/sh -c`, the built `assess` first on
///   `PATH`, in the scratch folder (`cd DIR` on a line of its own moves there for the rest of the
///   document). Comment lines are skipped; a trailing comment `# exit N` says the exit status
///   expected (otherwise 0); a block whose first line is `# not run: <reason>` is skipped whole.
///
/// A file a guide creates in a folder that `Examples/guides/` also holds must end the guide
/// byte-identical to the example, so the example is the guide's end state.
@Suite("Documented commands")
struct DocsCommandTests {
    static let guides: [String] = {
        let folder = packageRoot.appendingPathComponent("docs/guides")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/guides/" + $0 }
    }()

    @Test("there are guides to check")
    func guidesExist() {
        #expect(Self.guides.count >= 5, "docs/guides/ should hold the five guides")
    }

    @Test("every command in a guide works", arguments: guides)
    func guideCommands(document: String) throws {
        for failure in try DocumentRun(document: document).run() {
            Issue.record(Comment(rawValue: failure))
        }
    }

    @Test("every command in the README works")
    func readmeCommands() throws {
        for failure in try DocumentRun(document: "README.md").run() {
            Issue.record(Comment(rawValue: failure))
        }
    }

    @Test("the extractor finds files, commands, comments and expected statuses")
    func extraction() {
        let text = """
        Intro.

        ```lua file=demo/a.lua
        return 1
        ```

        ```lua
        -- demo/b.lua
        return 2
        ```

        ```sh
        # a comment line
        assess check demo/   # ok  demo
        assess lua demo/bad.lua   # exit 65
        cd demo
        ```

        ```sh
        # not run: needs a terminal
        assess take hlm-self
        ```
        """
        let steps = DocumentParser.steps(in: text)
        #expect(steps == [
            .file(path: "demo/a.lua", contents: "return 1\n", line: 3),
            .file(path: "demo/b.lua", contents: "-- demo/b.lua\nreturn 2\n", line: 7),
            .command("assess check demo/", expectedStatus: 0, line: 14),
            .command("assess lua demo/bad.lua", expectedStatus: 65, line: 15),
            .command("cd demo", expectedStatus: 0, line: 16),
        ])
        #expect(DocumentParser.splitComment("echo 'a # b' # exit 3") == ("echo 'a # b'", "exit 3"))
        #expect(DocumentParser.splitComment("a && b") == ("a && b", nil))
    }
}

// MARK: - Reading a document

/// One thing a document asks the reader to do.
enum DocStep: Equatable {
    /// Create a file with these contents (the fenced block starts at `line`).
    case file(path: String, contents: String, line: Int)
    /// Run a command line, expecting this exit status.
    case command(String, expectedStatus: Int32, line: Int)
}

enum DocumentParser {
    /// The files and commands of a Markdown document, in order.
    static func steps(in text: String) -> [DocStep] {
        var steps: [DocStep] = []
        let lines = text.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let opening = lines[index].trimmingCharacters(in: .whitespaces)
            guard opening.hasPrefix("```") else { index += 1; continue }
            let fence = String(opening.prefix(while: { $0 == "`" }))
            let info = opening.dropFirst(fence.count).split(separator: " ").map(String.init)
            let startLine = index + 1
            var body: [(text: String, line: Int)] = []
            index += 1
            while index < lines.count, !lines[index].trimmingCharacters(in: .whitespaces).hasPrefix(fence) {
                body.append((lines[index], index + 1))
                index += 1
            }
            index += 1
            let language = info.first ?? ""
            if let path = info.first(where: { $0.hasPrefix("file=") })?.dropFirst("file=".count) {
                steps.append(.file(path: String(path), contents: body.map { $0.text + "\n" }.joined(), line: startLine))
            } else if language == "lua", let first = body.first?.text, first.hasPrefix("-- "),
                      let path = first.dropFirst(3).split(separator: " ").first.map(String.init),
                      path.contains("/"), path.hasSuffix(".lua"), first.dropFirst(3) == path {
                steps.append(.file(path: path, contents: body.map { $0.text + "\n" }.joined(), line: startLine))
            } else if language == "sh" {
                let firstLine = body.first(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty })
                if let firstLine, firstLine.text.trimmingCharacters(in: .whitespaces).hasPrefix("# not run:") { continue }
                var pending = "", pendingLine = 0
                for (text, line) in body {
                    let trimmed = text.trimmingCharacters(in: .whitespaces)
                    if pending.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
                    if pending.isEmpty { pendingLine = line }
                    if trimmed.hasSuffix("\\") {
                        pending += trimmed.dropLast() + " "
                        continue
                    }
                    let (command, comment) = splitComment(pending + trimmed)
                    pending = ""
                    var status: Int32 = 0
                    if let comment, let match = comment.firstMatch(of: /(?:^|\W)exit (\d+)\s*$/) {
                        status = Int32(match.1) ?? 0
                    }
                    steps.append(.command(command, expectedStatus: status, line: pendingLine))
                }
            }
        }
        return steps
    }

    /// A command line without its trailing `# comment` (a `#` after a space, outside quotes).
    static func splitComment(_ line: String) -> (command: String, comment: String?) {
        var quote: Character? = nil
        var previous: Character = " "
        for index in line.indices {
            let c = line[index]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "#" && (previous == " " || previous == "\t") {
                let command = line[..<index].trimmingCharacters(in: .whitespaces)
                let comment = line[line.index(after: index)...].trimmingCharacters(in: .whitespaces)
                return (command, comment)
            }
            previous = c
        }
        return (line.trimmingCharacters(in: .whitespaces), nil)
    }
}

// MARK: - Running a document

/// A document's steps, carried out in a scratch folder.
struct DocumentRun {
    var document: String

    /// Every failure, each naming the document, the line and the command.
    func run() throws -> [String] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(document), encoding: .utf8)
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for folder in ["Instruments", "Plugins", "Examples"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(folder),
                                             to: scratch.appendingPathComponent(folder))
        }
        var failures: [String] = []
        var directory = scratch
        var written: [String: Int] = [:]
        for step in DocumentParser.steps(in: text) {
            switch step {
            case .file(let path, let contents, let line):
                guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                    failures.append("\(document):\(line): file=\(path) must be a relative path inside the reader's folder")
                    continue
                }
                let url = scratch.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: url)
                written[path] = line
            case .command(let command, let expected, let line):
                if let target = command.firstMatch(of: /^cd\s+(\S+)$/)?.1 {
                    let next = directory.appendingPathComponent(String(target)).standardizedFileURL
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: next.path, isDirectory: &isDirectory), isDirectory.boolValue {
                        directory = next
                    } else {
                        failures.append("\(document):\(line): `\(command)`: no such folder")
                    }
                    continue
                }
                let result = try shell(command, in: directory)
                if result.status != expected {
                    let output = (result.stdout + result.stderr).split(separator: "\n").prefix(12).joined(separator: "\n")
                    failures.append("\(document):\(line): `\(command)` exited \(result.status), expected \(expected)\n\(output)")
                }
            }
        }
        // A guide's files in a folder that Examples/guides/ holds are that example's files.
        let examples = packageRoot.appendingPathComponent("Examples/guides")
        for (path, line) in written.sorted(by: { $0.key < $1.key }) {
            let example = examples.appendingPathComponent(path)
            let root = examples.appendingPathComponent(String(path.split(separator: "/").first ?? ""))
            guard FileManager.default.fileExists(atPath: root.path), path.contains("/") else { continue }
            let mine = try Data(contentsOf: scratch.appendingPathComponent(path))
            if (try? Data(contentsOf: example)) != mine {
                failures.append("\(document):\(line): \(path) differs from Examples/guides/\(path) (the example is the guide's end state)")
            }
        }
        return failures
    }

    /// Runs one command line with `/bin/sh`, the built `assess` first on `PATH`, no input, no colour.
    func shell(_ command: String, in directory: URL) throws -> CommandResult {
        var environment = ProcessInfo.processInfo.environment
        let binary = assessExecutable.deletingLastPathComponent().path
        environment["PATH"] = binary + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "dumb"
        environment["SOURCE_DATE_EPOCH"] = "1764547200"  // 2025-12-01, so report dates are fixed
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = directory
        process.environment = environment
        let capture = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: capture) }
        let outURL = capture.appendingPathComponent("stdout"), errURL = capture.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A guard, not a measurement: a command that waits for ever must not hang the suite.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        process.waitUntilExit()
        watchdog.cancel()
        try out.close()
        try err.close()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
