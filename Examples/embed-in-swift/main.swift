// A Swift app that embeds AssessKit: load a bundled instrument, score a responses file with the
// instrument's scorer plugin, and render one person's 360° report with a bundled reporter.
// Run it from the AssessKit folder: swift run embed-in-swift Examples/data/hlm-360.csv S00001
import AssessEngine
import AssessScripting
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let responses = URL(fileURLWithPath: arguments.first ?? "Examples/data/hlm-360.csv")
let person = arguments.dropFirst().first ?? "S00001"

do {
    let instrument = try InstrumentLoader().load("hlm-360")
    let scorer = try ScorerPlugin.load(for: instrument)
    let scores = try ScoreJob(instrument: instrument, plugin: scorer).run(files: [(responses, responses.lastPathComponent)])
    print("scored \(scores.subjects.count) people from \(scores.responses) responses")

    let reporter = try ReporterPlugin.load("feedback-markdown")
    let report = ReportJob(instrument: instrument, reporter: reporter, date: "2026-12-01", subject: person)
    let files = try report.render(ReportInput(provenance: scores.provenance, subjects: scores.subjects))
    for url in try ReportFolderWriter.write(files, to: URL(fileURLWithPath: "reports")) {
        print("wrote \(url.path)")
    }
} catch {
    FileHandle.standardError.write(Data("embed-in-swift: \(error)\n".utf8))
    exit(65)
}
