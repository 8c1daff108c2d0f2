@testable import AssessCharts
import Foundation
import Testing

/// The exact bytes of one chart of each kind, kept in `expected/`, so any change to the drawing is
/// seen in review. Set `ASSESS_CHARTS_RECORD=1` to write them afresh; a missing file is written
/// and the test fails, so a forgotten reference never passes silently.
@Suite("Golden charts")
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("expected")

    @Test("Each sample chart renders to the bytes on file", arguments: ["radar", "bars", "gap", "strip"])
    func golden(name: String) throws {
        let chart = try #require(try Samples.all().first { $0.0 == name }?.1)
        let actual = chart.svg + "\n" + chart.tableHTML + "\n" + chart.markdown
        let file = Self.folder.appendingPathComponent("\(name).expected")
        let recording = ProcessInfo.processInfo.environment["ASSESS_CHARTS_RECORD"] == "1"
        guard !recording, let expected = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file, options: .atomic)
            Issue.record("recorded \(file.path); run again without ASSESS_CHARTS_RECORD to compare")
            return
        }
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("\(name): differs from \(file.lastPathComponent) at line \(line + 1):\n- \(line < e.count ? e[line] : "(end)")\n+ \(line < a.count ? a[line] : "(end)")")
        }
    }
}
