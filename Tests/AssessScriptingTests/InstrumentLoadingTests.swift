import AssessModel
import AssessScripting
import Foundation
import Testing

@Suite("Bundled instruments")
struct BundledInstrumentTests {
    @Test("each loads with the expected structure", arguments: [
        ("hlm-360", Instrument.Kind.multiRater, 9, 45, 5),
        ("hlm-self", .selfAssessment, 9, 45, 1),
        ("leadership-framework-self", .selfAssessment, 7, 112, 1),
        ("board-competency-self", .selfAssessment, 6, 30, 1),
        ("dpic-capability", .organisation, 4, 24, 1),
        ("compassionate-leadership-pulse", .team, 5, 15, 1),
    ])
    func bundled(_ id: String, _ kind: Instrument.Kind, _ dimensions: Int, _ items: Int, _ raters: Int) throws {
        let instrument = try loader.load(id).instrument
        #expect(instrument.id == id)
        #expect(instrument.kind == kind)
        #expect(instrument.dimensions.count == dimensions)
        #expect(instrument.allItems.count == items)
        #expect(instrument.raters.count == raters)
        #expect(!instrument.title.isEmpty)
        let ids = instrument.allItems.map(\.id) + instrument.comments.map(\.id)
        #expect(Set(ids).count == ids.count, "item ids are unique")
    }

    @Test func hlm360Details() throws {
        let hlm = try loader.load("hlm-360").instrument
        #expect(hlm.raters.map(\.id) == ["self", "manager", "peer", "direct_report", "other"])
        #expect(hlm.raterGroup("manager")?.alwaysShow == true)
        #expect(hlm.raterGroup("peer")?.minimum == 3)
        #expect(hlm.scale(hlm.defaultScale)?.options.last?.notApplicable == true)
        #expect(hlm.dimensions.allSatisfy { $0.importance != nil })
        #expect(hlm.bands.first?.bands.map(\.label) == ["Essential", "Proficient", "Strong", "Exemplary"])
        #expect(hlm.allItems.filter(\.reverse).count == 9)
    }

    @Test func leadershipFrameworkCoreDomains() throws {
        let lf = try loader.load("leadership-framework-self").instrument
        #expect(lf.dimensions.map(\.core) == [true, true, true, true, true, false, false])
        #expect(lf.dimensions.allSatisfy { $0.elements.count == 4 && $0.elements.allSatisfy { $0.items.count == 4 } })
    }

    @Test func hlmSelfExtendsThe360() throws {
        let loaded = try loader.load("hlm-self")
        #expect(loaded.instrument.extends == "hlm-360")
        #expect(loaded.instrument.raters.map(\.id) == ["self"])
        #expect(loaded.instrument.comments.map(\.id) == ["proudest", "next_step"])
        #expect(loaded.instrument.dimensions.allSatisfy { $0.prompts.count == 2 })
    }
}

@Suite("Wrong scripts give located messages")
struct DiagnosticTests {
    let header = "return assess.instrument {\n  api = 1, id = \"t\", version = \"1.0.0\", title = \"T\",\n"

    @Test func unknownAPIVersion() throws {
        let result = try problems("return assess.instrument {\n  api = 7, id = \"t\", version = \"1.0.0\", title = \"T\",\n}\n")
        #expect(result == ["instrument.lua:1: api = 7 is not supported: this AssessKit supports api = 1 (framework API 1.0)"])
    }

    @Test func missingAPIVersion() throws {
        let result = try problems("return assess.instrument { id = 't' }\n")
        #expect(result == ["instrument.lua:1: the instrument does not declare its API version: add api = 1"])
    }

    @Test func duplicateItemInADimension() throws {
        let result = try problems(header + """
              dimensions = {
                { id = "care", title = "Care", items = {
                    { id = "c1", text = "One" },
                    { id = "c9", text = "Two" },
                    { id = "c9", text = "Three" },
                } },
              },
            }
            """)
        #expect(result == ["instrument.lua:7: dimension 'care' lists item 'c9' twice"])
    }

    @Test func itemInNoDimension() throws {
        let result = try problems(header + """
              dimensions = { { id = "care", title = "Care" } },
              items = {
                { id = "q1", text = "One", dimension = "care" },
                { id = "q2", text = "Two" },
              },
            }
            """)
        #expect(result == ["instrument.lua:6: item 'q2' is in no dimension (add dimension = \"<id>\" or list it in a dimension's items)"])
    }

    @Test func bandsOutOfOrder() throws {
        let result = try problems("""
            local bands = assess.bands {
              { from = 1, label = "Essential" },
              { from = 3.5, label = "Strong" },
              { from = 2.5, label = "Proficient" },
            }
            """)
        #expect(result == ["instrument.lua:1: bands 'default' are out of order: 'Proficient' (from 2.5) must start above 'Strong' (from 3.5)"])
    }

    @Test func misspeltField() throws {
        let result = try problems(header + """
              dimensons = { { id = "care", title = "Care", items = { { id = "c1", text = "One" } } } },
            }
            """)
        #expect(result == [
            "instrument.lua:1: instrument has no dimensions (declare dimensions = { ... })",
            "instrument.lua:3: unknown field 'dimensons' in instrument (did you mean 'dimensions'?)",
        ])
    }

    @Test func everyProblemIsListed() throws {
        let result = try problems(header + """
              raters = { { id = "peer", min = 0 } },
              dimensions = {
                { id = "care", title = "Care", items = {
                    { id = "c1", text = "One", scale = "nonexistent" },
                    { id = "c2", txt = "Two" },
                } },
                { id = "empty", title = "Empty" },
              },
            }
            """)
        #expect(result.count == 5, "\(result)")
        #expect(result.contains("instrument.lua:3: 'min' in rater group 'peer' must be a whole number of at least 1"))
        #expect(result.contains("instrument.lua:7: unknown field 'txt' in item 'c2' (did you mean 'text'?)"))
        #expect(result.contains("instrument.lua:7: item 'c2' is missing 'text'"))
        #expect(result.contains("instrument.lua:9: dimension 'empty' has no items"))
        #expect(result.contains { $0.hasPrefix("instrument.lua:6: item 'c1' uses scale 'nonexistent', which is neither declared nor built in") })
    }

    @Test func problemsInARequiredFileAreLocatedThere() throws {
        let result = try problems(header + """
              dimensions = require "bank",
            }
            """, extra: ["bank.lua": """
            return {
              { id = "care", title = "Care", items = {
                  { id = "c1", text = "One", reverse = "yes" },
              } },
            }
            """])
        #expect(result == ["bank.lua:3: 'reverse' in item 'c1' must be true or false, not a string"])
    }

    @Test func syntaxErrorAndMissingReturn() throws {
        #expect(try problems("return assess.instrument {\n  api = 1,\n  id = = 'x'\n}\n") == ["instrument.lua:3: unexpected symbol near '='"])
        #expect(try problems("local x = 1\n") == ["instrument.lua: an instrument script must end with: return assess.instrument { ... }"])
    }

    @Test func scaleProblemsAtTheConstructor() throws {
        let result = try problems("""
            local s = assess.scale { id = "s", options = {
              { value = 2, label = "Two" }, { value = 1, label = "One" } } }
            """)
        #expect(result == ["instrument.lua:1: options of scale 's' must be listed in ascending order of value"])
    }
}

@Suite("Extending and reuse")
struct ExtendsTests {
    @Test func trustValuesDimensionOnTopOfHLM360() throws {
        let dir = try folder(["instrument.lua": """
            return assess.instrument {
              api = 1, extends = "hlm-360",
              id = "trust-360", version = "2.1.0", title = "Our leadership 360",
              anonymity = { minimum = 4 },
              raters = {
                { id = "other", remove = true },
                { id = "manager", label = "Your line manager" },
              },
              dimensions = {
                { id = "leading_with_care", items = { { id = "lwc_1", text = "Checks in on colleagues after a hard day" } } },
                { id = "holding_to_account", items = { { id = "hta_3", remove = true } } },
                { id = "our_values", title = "Living our values", items = {
                    { id = "ov_1", text = "Treats patients and colleagues with kindness" },
                    { id = "ov_2", text = "Speaks up for patient safety" },
                } },
              },
            }
            """])
        let instrument = try loader.load(dir.path).instrument
        #expect(instrument.id == "trust-360")
        #expect(instrument.extends == "hlm-360")
        #expect(instrument.anonymity.minimum == 4)
        #expect(instrument.raters.map(\.id) == ["self", "manager", "peer", "direct_report"])
        #expect(instrument.raterGroup("manager")?.label == "Your line manager")
        #expect(instrument.raterGroup("manager")?.alwaysShow == true, "fields not overridden are kept")
        #expect(instrument.dimensions.count == 10)
        #expect(instrument.dimensions.last?.id == "our_values")
        let care = instrument.dimensions.first { $0.id == "leading_with_care" }!
        #expect(care.items.first?.text == "Checks in on colleagues after a hard day")
        #expect(care.items.count == 5)
        #expect(instrument.allItems.count == 46)
        #expect(!instrument.allItems.contains { $0.id == "hta_3" })
        #expect(instrument.scale(instrument.defaultScale)?.id == "hlm_frequency", "the base's scale is inherited")
    }

    @Test func extendingSomethingMissingOrCircular() throws {
        let missing = try problems("return assess.instrument { api = 1, extends = \"nope\", id = \"x\" }\n")
        #expect(missing.first == "instrument.lua:1: cannot extend 'nope'")
        let dir = try folder([
            "a/instrument.lua": "return assess.instrument { api = 1, extends = \"b\", id = \"a\" }\n",
            "b/instrument.lua": "return assess.instrument { api = 1, extends = \"a\", id = \"b\" }\n",
        ])
        #expect(throws: Diagnostics.self) { try loader.load(dir.appendingPathComponent("a").path) }
    }

    @Test func sharedScaleBesideTheScript() throws {
        let dir = try folder([
            "shared/scales.lua": """
                return { agreement = assess.scale { id = "agree4", options = {
                  { value = 1, label = "Disagree" }, { value = 2, label = "Tend to disagree" },
                  { value = 3, label = "Tend to agree" }, { value = 4, label = "Agree" } } } }
                """,
            "instrument.lua": """
                local scales = require "shared.scales"
                assert(assess.version:at_least("1.0") and not assess.version:at_least("2"))
                return assess.instrument {
                  api = 1, id = "pulse", version = "1.0.0", title = "Pulse", scale = scales.agreement,
                  dimensions = { { id = "d", title = "D", items = { { id = "q1", text = "Q" } } } },
                }
                """,
        ])
        let instrument = try loader.load(dir.path).instrument
        #expect(instrument.defaultScale == "agree4")
        #expect(instrument.scale("agree4")?.maximum == 4)
    }
}

@Suite("Suggestions for misspelt names")
struct SuggestionTests {
    @Test("a likely typo gets the intended name", arguments: [
        ("scael", "scale"), ("dimensons", "dimensions"), ("rater", "raters"), ("tittle", "title"), ("vresion", "version"),
    ])
    func suggestion(_ typo: String, _ intended: String) throws {
        let result = try problems("return assess.instrument {\n  api = 1, id = \"t\", version = \"1.0.0\", title = \"T\",\n  \(typo) = 1,\n}\n")
        #expect(result.contains("instrument.lua:3: unknown field '\(typo)' in instrument (did you mean '\(intended)'?)"), "\(result)")
    }

    @Test func unrelatedNamesGetNoSuggestion() throws {
        let result = try problems("return assess.instrument {\n  api = 1, id = \"t\", version = \"1.0.0\", title = \"T\",\n  colour = 1,\n}\n")
        #expect(result.contains("instrument.lua:3: unknown field 'colour' in instrument"))
    }
}

/// The configuration examples in each bundled instrument's README are real instruments: they load.
@Suite("README examples")
struct ReadmeExampleTests {
    static var examples: [(String, String)] {
        let folder = packageRoot.appendingPathComponent("Instruments")
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var result: [(String, String)] = []
        for id in ids {
            guard let text = try? String(contentsOf: folder.appendingPathComponent("\(id)/README.md"), encoding: .utf8) else { continue }
            for block in text.components(separatedBy: "```lua\n").dropFirst() {
                let code = block.components(separatedBy: "```").first ?? ""
                if code.contains("return assess.instrument") { result.append((id, code)) }
            }
        }
        return result
    }

    @Test func everyInstrumentHasAReadmeWithAnExample() {
        #expect(Set(Self.examples.map(\.0)) == ["hlm-360", "hlm-self", "leadership-framework-self", "board-competency-self",
                                                  "dpic-capability", "compassionate-leadership-pulse"])
    }

    @Test("the example loads", arguments: examples.map(\.1))
    func exampleLoads(_ code: String) throws {
        #expect(try problems(code) == [])
    }
}

@Suite("Hostile instrument scripts")
struct HostileInstrumentTests {
    @Test func millionsOfProblemsAreCappedQuickly() throws {
        let items = (0..<6000).map { "{ id = \"x\($0 / 2)\", text = \"t\" }" }.joined(separator: ",\n")
        let result = try problems("return assess.instrument { api = 1, id = \"h\", version = \"1.0.0\", title = \"T\",\n dimensions = { { id = \"d\", title = \"D\", items = {\n\(items)\n} } } }\n")
        #expect(result.count == 201)
        #expect(result.first == "instrument.lua:1: ... and 2800 more problem(s)")
    }

    @Test func aLoopingInstrumentEndsWithALimit() throws {
        let result = try problems("while true do end\n")
        #expect(result == ["instrument.lua:1: instruction limit exceeded (1000000000 instructions)"])
    }
}
