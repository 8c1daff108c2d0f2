import Foundation
import Testing

@Suite("assess check, list, show, api-docs")
struct InstrumentCommandTests {
    @Test func checkPassesForEveryBundledInstrument() throws {
        let result = try assess(["check", "Instruments/", "Examples/trust-values-360"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 7)
        #expect(result.stdout.contains("ok  Instruments/hlm-360/instrument.lua  hlm-360 1.0.0, 45 items"))
    }

    @Test func checkListsEveryProblemAndExitsOne() throws {
        let folder = try temporaryFolder()
        try """
            return assess.instrument {
              api = 1, id = "bad", version = "1", title = "Bad",
              dimensons = {},
            }
            """.write(to: folder.appendingPathComponent("instrument.lua"), atomically: true, encoding: .utf8)
        let result = try assess(["check", "instrument.lua"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr == """
            instrument.lua:1: instrument has no dimensions (declare dimensions = { ... })
            instrument.lua:2: version '1' must be MAJOR.MINOR.PATCH, e.g. "1.0.0"
            instrument.lua:3: unknown field 'dimensons' in instrument (did you mean 'dimensions'?)
            3 problem(s) in 1 of 1 file(s)

            """)
    }

    @Test func checkOfAMissingPathIsAUsageError() throws {
        let result = try assess(["check", "no/such/place"])
        #expect(result.status == 64)
    }

    @Test func listShowsTheSixBundledInstruments() throws {
        let result = try assess(["list", "--json"])
        #expect(result.status == 0)
        struct Row: Decodable { var id: String; var items: Int }
        let rows = try JSONDecoder().decode([Row].self, from: Data(result.stdout.utf8))
        #expect(rows.map(\.id) == ["board-competency-self", "compassionate-leadership-pulse", "dpic-capability",
                                   "hlm-360", "hlm-self", "leadership-framework-self"])
        #expect(rows.map(\.items) == [30, 15, 24, 45, 45, 112])
    }

    @Test func showOutlinesAndEmitsStableJSON() throws {
        let text = try assess(["show", "hlm-360"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Healthcare Leadership Model 360° feedback\nhlm-360 1.0.0 · 360° feedback · API 1\n"))
        #expect(text.stdout.contains("  manager: Line manager (min 1, always shown)"))
        let a = try assess(["show", "Instruments/hlm-self", "--json"])
        let b = try assess(["show", "Instruments/hlm-self/instrument.lua", "--json"])
        #expect(a.status == 0 && a.stdout == b.stdout, "same model, same bytes")
        let model = try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as! [String: Any]
        #expect(model["id"] as? String == "hlm-self")
        #expect(model["extends"] as? String == "hlm-360")
    }

    @Test func showOfAnUnknownIdSuggests() throws {
        let result = try assess(["show", "hlm-306"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("did you mean 'hlm-360'?"))
    }

    @Test func apiDocsAreCurrent() throws {
        let result = try assess(["api-docs", "--check"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
