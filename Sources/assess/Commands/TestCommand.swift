import ArgumentParser
import AssessModel
import AssessTesting
import Foundation
import LuaRuntime

/// `assess test [PATH...]`: runs golden cases and Lua unit tests.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run golden-file cases and Lua unit tests; ends with 'N passed, N failed'.",
        discussion: """
            A case is a folder tests/<case>/ beside an instrument, holding its inputs, an optional
            case.json and expected/ with every output. A case with no expected/ is recorded and
            counted as failed, so a missing golden never passes silently. tests/*.test.lua files
            are Lua unit tests (describe/it/expect).

            Examples:
              assess test                          every case below the current folder
              assess test Instruments/hlm-360      one instrument's cases
              assess test --update                 rewrite expected/ and say what changed
              assess test --filter invalid --jobs 2 --junit results.xml
              assess test Instruments Plugins --coverage
            """
    )

    @Argument(help: "Folders to search (default: the current folder).", completion: .directory)
    var paths: [String] = []

    @Flag(help: "Write expected/ afresh from what the cases produce.")
    var update = false

    @Option(help: "Run only cases whose path contains PATTERN (or matches it, with *).")
    var filter: String?

    @Option(help: "Write a JUnit XML report to FILE.")
    var junit: String?

    @Option(help: "Run N cases in parallel.")
    var jobs: Int = 1

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(help: "Report which lines of each script the cases ran, and which bands they never produced.")
    var coverage = false

    func validate() throws {
        guard jobs >= 1, jobs <= 64 else { throw ValidationError("--jobs must be between 1 and 64") }
    }

    func run() throws {
        let colour = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let recorder = coverage ? CoverageRecorder() : nil
        let runner = GoldenRunner(update: update, filter: filter, jobs: jobs, colour: colour, coverage: recorder)
        let roots = paths.isEmpty ? ["."] : paths
        let found: (cases: [GoldenCase], unitTests: [URL])
        do {
            found = try runner.discover(roots)
        } catch let diagnostics as Diagnostics {
            throw ValidationError(diagnostics.description)
        }
        let results = runner.run(cases: found.cases, unitTests: found.unitTests)
        if let junit {
            try AtomicFile.write(Data(JUnitReport.xml(results).utf8), to: URL(fileURLWithPath: junit))
        }
        if json {
            struct Row: Encodable { var name: String; var status: String; var message: String; var updates: [String] }
            print(try JSONOutput.string(results.map { Row(name: $0.name, status: $0.status.rawValue, message: $0.message, updates: $0.updates) }))
        } else {
            let red = colour ? "\u{1B}[31m" : "", green = colour ? "\u{1B}[32m" : "", yellow = colour ? "\u{1B}[33m" : "",
                reset = colour ? "\u{1B}[0m" : ""
            for result in results {
                switch result.status {
                case .passed:
                    print("\(green)PASS\(reset) \(result.name)")
                case .skipped:
                    print("\(yellow)SKIP\(reset) \(result.name): \(result.message)")
                case .failed:
                    print("\(red)FAIL\(reset) \(result.name)")
                    if !result.message.isEmpty { print(result.message.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")) }
                }
                for change in result.updates { print("  updated expected/\(change)") }
            }
            if results.isEmpty { print("no golden cases or .test.lua files found below \(roots.joined(separator: ", "))") }
            if let recorder {
                print(CoverageReport.text(recorder, root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)), terminator: "")
            }
            print(GoldenRunner.summary(results))
        }
        if results.contains(where: { $0.status == .failed }) { throw ExitCode(1) }
    }
}
