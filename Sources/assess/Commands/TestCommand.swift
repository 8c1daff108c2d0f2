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
            A case is a folder tests/<case>/ beside an instrument, holding its inputs, an optional case.json \
            and expected/ with every output. A case with no expected/ is recorded and counted as failed, so a \
            missing golden never passes silently. tests/*.test.lua files are Lua unit tests \
            (describe/it/expect).

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

    @Option(help: "Write a JUnit XML report to FILE.", completion: .file(extensions: ["xml"]))
    var junit: String?

    @Option(help: "Run N cases in parallel.")
    var jobs: Int = 1

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(help: "Report which lines of each script the cases ran, and which bands they never produced.")
    var coverage = false

    func validate() throws {
        guard jobs >= 1, jobs <= 64 else { throw ValidationError("--jobs must be between 1 and 64") }
        try OutputPath.check(junit, option: "--junit")
    }

    func run() throws {
        let colour = !json && Terminal.colour(.output)
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
            print(try JSONOutput.string(TestReport(results, coverage: recorder.map {
                CoverageReport.files($0, root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            })))
        } else {
            for result in results {
                switch result.status {
                case .passed:
                    print("\(Terminal.paint("PASS", .green, on: .output)) \(result.name)")
                case .skipped:
                    print("\(Terminal.paint("SKIP", .yellow, on: .output)) \(result.name): \(result.message)")
                case .failed:
                    print("\(Terminal.paint("FAIL", .red, on: .output)) \(result.name)")
                    if !result.message.isEmpty { print(result.message.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")) }
                }
                for change in result.updates { print("  updated expected/\(change)") }
            }
            if results.isEmpty {
                print("no golden cases or .test.lua files found below \(roots.joined(separator: ", ")) "
                      + "(a case is a folder tests/<case>/ beside an instrument or plugin: see assess test --help, or start one with assess new)")
            }
            if let recorder {
                print(CoverageReport.text(recorder, root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)), terminator: "")
            }
            print(GoldenRunner.summary(results))
        }
        if results.contains(where: { $0.status == .failed }) { throw ExitCode(1) }
    }
}

/// `assess test --json`: every case and the counts, without timings (so the same run gives the same bytes).
struct TestReport: Encodable {
    struct Case: Encodable {
        var name: String
        var status: String
        /// Why it failed or was skipped (with unified diffs, never coloured); empty when it passed.
        var message: String
        /// Files `--update` wrote, relative to `expected/`, with what happened to each.
        var updates: [String]
    }

    struct File: Encodable {
        var path: String
        var lines: Int
        var covered: Int
        var percent: Double
        /// Lines never run, as [first, last] ranges.
        var missed: [[Int]]
    }

    var cases: [Case]
    var passed: Int
    var failed: Int
    var skipped: Int
    /// With `--coverage`: each script's lines and which were never run.
    var coverage: [File]?

    init(_ results: [CaseResult], coverage: [CoverageReport.FileCoverage]?) {
        cases = results.map { Case(name: $0.name, status: $0.status.rawValue, message: $0.message, updates: $0.updates) }
        passed = results.filter { $0.status == .passed }.count
        failed = results.filter { $0.status == .failed }.count
        skipped = results.filter { $0.status == .skipped }.count
        self.coverage = coverage?.map {
            File(path: $0.path, lines: $0.lines, covered: $0.covered, percent: ($0.percent * 10).rounded() / 10,
                 missed: $0.missed.map { [$0.lowerBound, $0.upperBound] })
        }
    }
}
