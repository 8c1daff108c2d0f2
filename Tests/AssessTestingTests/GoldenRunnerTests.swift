import AssessScripting
@testable import AssessTesting
import LuaRuntime
import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let bundled = InstrumentLibrary(roots: [packageRoot.appendingPathComponent("Instruments")])

/// Every golden case and Lua unit test that ships (instruments, plugins, examples) passes.
@Suite("Bundled golden cases")
struct BundledGoldenTests {
    @Test func everyShippedCasePasses() throws {
        let runner = GoldenRunner(jobs: 2, library: bundled)
        let folders = ["Instruments", "Plugins", "Examples"].map { packageRoot.appendingPathComponent($0).path }
        let found = try runner.discover(folders)
        #expect(found.cases.count >= 7)
        #expect(!found.unitTests.isEmpty)
        let results = runner.run(cases: found.cases, unitTests: found.unitTests)
        for result in results where result.status == .failed {
            Issue.record("\(result.name) failed:\n\(result.message)")
        }
        #expect(GoldenRunner.summary(results).hasSuffix(" 0 failed"))
    }
}

@Suite("The golden runner")
struct GoldenRunnerTests {
    /// A copy of one bundled instrument (with its tests) in a scratch folder.
    func copy(_ id: String) throws -> URL {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let target = scratch.appendingPathComponent(id)
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Instruments/\(id)"), to: target)
        return target
    }

    func run(_ folder: URL, update: Bool = false, filter: String? = nil) throws -> [CaseResult] {
        let runner = GoldenRunner(update: update, filter: filter, library: bundled)
        let found = try runner.discover([folder.path])
        return runner.run(cases: found.cases, unitTests: found.unitTests)
    }

    @Test func aChangedItemFailsTheRightCaseWithAReadableDiff() throws {
        let folder = try copy("board-competency-self")
        let items = folder.appendingPathComponent("items.lua")
        var text = try String(contentsOf: items, encoding: .utf8)
        let original = "Scrutinises quality, safety and performance data to spot emerging risks"
        #expect(text.contains(original))
        text = text.replacingOccurrences(of: original, with: "Reads the quality report")
        try text.write(to: items, atomically: true, encoding: .utf8)
        let results = try run(folder)
        let failed = results.filter { $0.status == .failed }
        // The model case shows the wording; score cases change only in the provenance's instrument hash.
        #expect(failed.map { ($0.name as NSString).lastPathComponent }.sorted() == ["model", "not-applicable-and-flags", "scores-example"])
        let scores = try #require(failed.first { $0.name.hasSuffix("scores-example") }?.message)
        #expect(scores.split(separator: "\n").filter { $0.hasPrefix("-") || $0.hasPrefix("+") }.count == 4,
                "only the instrumentHash line differs (one removed, one added, plus the two file headers)")
        #expect(scores.contains("\"instrumentHash\""))
        let message = try #require(failed.first { $0.name.hasSuffix("model") }?.message)
        #expect(message.contains("--- expected/instrument.json"))
        let lines = message.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("-") && $0.contains("\"text\" : \"\(original)\"") })
        #expect(lines.contains { $0.hasPrefix("+") && $0.contains("\"text\" : \"Reads the quality report\"") })
        #expect(message.contains("--- expected/outline.txt"))
        #expect(message.contains("-    qo_1  \(original)"))
        #expect(message.contains("+    qo_1  Reads the quality report"))
        #expect(message.contains("@@ "))
    }

    @Test func updateRoundTrips() throws {
        let folder = try copy("dpic-capability")
        let items = folder.appendingPathComponent("items.lua")
        let text = try String(contentsOf: items, encoding: .utf8)
        try text.replacingOccurrences(of: "Systems leadership", with: "Leading across systems").write(to: items, atomically: true, encoding: .utf8)
        #expect(try run(folder).contains { $0.status == .failed })
        let updated = try run(folder, update: true)
        #expect(updated.allSatisfy { $0.status == .passed })
        #expect(updated.first { $0.name.hasSuffix("model") }?.updates == ["instrument.json: updated", "outline.txt: updated"])
        #expect(updated.first { $0.name.hasSuffix("scores-example") }?.updates == ["scores.json: updated"])
        #expect(try run(folder).allSatisfy { $0.status == .passed }, "after --update the cases pass")
        let again = try run(folder, update: true)
        #expect(again.allSatisfy { $0.updates.isEmpty }, "updating again changes nothing")
    }

    @Test func aMissingGoldenIsRecordedAndFails() throws {
        let folder = try copy("compassionate-leadership-pulse")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tests/model/expected"))
        let first = try run(folder, filter: "tests/model")
        #expect(first.count == 1 && first[0].status == .failed)
        #expect(first[0].message.hasPrefix("no expected/ folder: recorded 2 file(s)"))
        #expect(try run(folder, filter: "tests/model")[0].status == .passed, "the recorded files are then the golden")
    }

    @Test func producedAndMissingFilesAreReported() throws {
        let folder = try copy("hlm-self")
        let expected = folder.appendingPathComponent("tests/model/expected")
        try "stale".write(to: expected.appendingPathComponent("extra.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: expected.appendingPathComponent("outline.txt"))
        let message = try run(folder, filter: "tests/model")[0].message
        #expect(message.contains("extra.txt: expected but not produced"))
        #expect(message.contains("outline.txt: produced but not in expected/"))
    }

    @Test func expectationInCaseJSONIsChecked() throws {
        let folder = try copy("hlm-360")
        let invalid = folder.appendingPathComponent("tests/invalid-unknown-rater")
        try """
            return assess.instrument { api = 1, extends = "hlm-360", id = "fine", version = "1.0.0" }
            """.write(to: invalid.appendingPathComponent("instrument.lua"), atomically: true, encoding: .utf8)
        let results = try run(folder)
        let result = try #require(results.first { $0.name.hasSuffix("invalid-unknown-rater") })
        #expect(result.status == .failed)
        #expect(result.message == "case.json expects an error, but the run succeeded")
    }

    @Test func luaUnitTestFailuresAreReported() throws {
        let folder = try copy("hlm-360")
        try """
            describe("arithmetic", function()
              it("adds", function() expect(1 + 1):to_be(2) end)
              it("is wrong on purpose", function() expect({ a = 1 }):to_equal({ a = 2 }) end)
              it("expects errors", function() expect(function() error("boom") end):to_fail("boom") end)
            end)
            """.write(to: folder.appendingPathComponent("tests/extra.test.lua"), atomically: true, encoding: .utf8)
        let results = try run(folder).filter { $0.name.contains("extra.test.lua") }
        #expect(results.map(\.status) == [.passed, .failed, .passed])
        #expect(results[1].name.hasSuffix("extra.test.lua › arithmetic is wrong on purpose"))
        #expect(results[1].message.contains("expected {[\"a\"] = 2}, got {[\"a\"] = 1}"))
    }

    @Test func filterAndSummaryAndJUnit() throws {
        let folder = try copy("hlm-360")
        let runner = GoldenRunner(filter: "invalid", library: bundled)
        let found = try runner.discover([folder.path])
        #expect(found.cases.count == 2 && found.unitTests.isEmpty)
        let results = runner.run(cases: found.cases, unitTests: found.unitTests)
        #expect(GoldenRunner.summary(results) == "2 passed, 0 failed")
        let xml = JUnitReport.xml(results)
        #expect(xml.contains("<testsuites tests=\"2\" failures=\"0\" skipped=\"0\">"))
        #expect(xml.contains("name=\"invalid-bands-order\""))
    }

    @Test func unifiedDiffFormat() {
        let diff = UnifiedDiff.make(expected: "a\nb\nc\nd\n", actual: "a\nB\nc\nd\ne\n", expectedName: "x", actualName: "y")
        #expect(diff == "--- x\n+++ y\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n")
        #expect(UnifiedDiff.make(expected: "same", actual: "same", expectedName: "x", actualName: "y") == nil)
    }
}

@Suite("Coverage")
struct CoverageTests {
    @Test func reportsLinesRunAndBandsNeverProduced() throws {
        let recorder = CoverageRecorder()
        let runner = GoldenRunner(library: bundled, coverage: recorder)
        let found = try runner.discover([packageRoot.appendingPathComponent("Instruments/hlm-self").path])
        let results = runner.run(cases: found.cases, unitTests: found.unitTests)
        #expect(results.allSatisfy { $0.status == .passed })
        let files = CoverageReport.files(recorder, root: packageRoot)
        let scorer = try #require(files.first { $0.path == "Plugins/scoring/scale-scores.lua" })
        #expect(scorer.covered > 50 && scorer.covered < scorer.lines, "some of scale-scores runs, not all of it")
        #expect(files.contains { $0.path == "Instruments/hlm-self/instrument.lua" && $0.covered > 0 })
        let text = CoverageReport.text(recorder, root: packageRoot)
        #expect(text.contains("hlm-self: never Essential"), "the hlm-self cases never produce the lowest band")
        #expect(text.contains("never ran: "))
    }

    @Test func executableLinesSkipCommentsAndClosers() {
        let lines = CoverageReport.executableLines("-- a comment\nlocal x = 1\n\n--[[ block\nstill comment ]]\nif x then\n  x = 2\nend\n")
        #expect(lines == [2, 6, 7])
    }
}

@Suite("A changed scorer")
struct ChangedScorerTests {
    /// Changing how scale-scores aggregates makes exactly the score cases fail, with diffs that show
    /// the old and new scores.
    @Test func theRightCasesFailWithReadableDiffs() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let folder = scratch.appendingPathComponent("hlm-self")
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("Instruments/hlm-self"), to: folder)
        var scorer = try String(contentsOf: packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua"), encoding: .utf8)
        // Each dimension's score, as the plugin takes it from the kernel or its own loop.
        let original = "local score = kernel_score or total / n"
        #expect(scorer.contains(original))
        scorer = scorer.replacingOccurrences(of: original, with: "local score = (kernel_score or total / n) + 0.5")
        try scorer.write(to: scratch.appendingPathComponent("scale-scores.lua"), atomically: true, encoding: .utf8)
        // Point every score case at the changed copy (the bundled one, under its own name, otherwise).
        let tests = folder.appendingPathComponent("tests")
        for name in try FileManager.default.contentsOfDirectory(atPath: tests.path) {
            let caseJSON = tests.appendingPathComponent("\(name)/case.json")
            guard var spec = try? JSONSerialization.jsonObject(with: Data(contentsOf: caseJSON)) as? [String: Any] else { continue }
            spec["scorer"] = "../../../scale-scores.lua"
            try JSONSerialization.data(withJSONObject: spec).write(to: caseJSON)
        }
        let runner = GoldenRunner(library: bundled)
        let found = try runner.discover([folder.path])
        let results = runner.run(cases: found.cases, unitTests: found.unitTests)
        let failed = Set(results.filter { $0.status == .failed }.map { ($0.name as NSString).lastPathComponent })
        #expect(failed == ["scores-example", "minimum-answered", "skip-invalid"], "score cases fail; the model and the refused input do not")
        let diff = try #require(results.first { $0.name.hasSuffix("minimum-answered") }?.message)
        #expect(diff.contains("--- expected/scores.json"))
        #expect(diff.split(separator: "\n").contains { $0.hasPrefix("-") && $0.contains("\"score\" : 3.75") })
        #expect(diff.split(separator: "\n").contains { $0.hasPrefix("+") && $0.contains("\"score\" : 4.25") })
    }
}
