import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime
import Testing

/// Two subjects' scores of the small instrument, as a reporter receives them.
private func smallInput() throws -> (LoadedInstrument, ReportInput) {
    let folder = try scratch(["instrument.lua": smallInstrument])
    let loaded = try InstrumentLoader().load(file: folder.appendingPathComponent("instrument.lua"), displayName: "instrument.lua")
    let output = try score(csv: """
        respondent,subject,rater,a1,a2,a3,b1,b2
        r1,s1,self,4,5,2,3,3
        r2,s2,self,2,2,4,1,Not applicable
        """)
    return (loaded, ReportInput(provenance: output.provenance, subjects: output.subjects))
}

/// Renders `init.lua` (and any other files given) as a reporter over the small instrument.
private func render(_ files: [String: String], limits: ReportOutputLimits = .default, sandbox: SandboxLimits = .default,
                    subject: String? = nil) throws -> [ReportFile] {
    let folder = try scratch(files)
    let reporter = try ReporterPlugin.load(folder.path)
    let (instrument, input) = try smallInput()
    let job = ReportJob(instrument: instrument, reporter: reporter, date: "2026-12-01", limits: sandbox, outputLimits: limits, subject: subject)
    return try job.render(input)
}

private func reporter(formats: String = #"{ "html" }"#, scope: String = "subject", _ body: String) -> String {
    """
    return assess.reporter {
      api = 1, id = "probe", version = "1.0.0", scope = "\(scope)", formats = \(formats),
      render = function(result, instrument, ctx)
        \(body)
      end,
    }
    """
}

private func scriptMessage(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch let error as ScriptError {
        return error.description
    } catch {
        return "\(error)"
    }
}

@Suite("Reporter plugins")
struct ReporterPluginTests {
    @Test("a reporter writes one file per subject through ctx.write, with the subject's scores")
    func writesPerSubject() throws {
        let files = try render(["init.lua": reporter(#"""
            local d1 = result.dimensions[1]
            ctx.write(ctx.file_name(result.subject, "html"), result.subject .. " " .. d1.id .. " " .. assess.format.number(d1.score, 2))
            """#)])
        #expect(files.map(\.name) == ["s1.html", "s2.html"])
        #expect(String(decoding: files[0].contents, as: UTF8.self) == "s1 d1 4.33")
        #expect(String(decoding: files[1].contents, as: UTF8.self) == "s2 d1 2.00")
    }

    @Test("names that leave the output folder, hide, or use other formats are refused", arguments: [
        ("../escape.html", "cannot contain folders"),
        ("/etc/passwd.html", "cannot contain folders"),
        ("sub/dir.html", "cannot contain folders"),
        (".hidden.html", "cannot start with '.'"),
        ("page.exe", "not one of the formats"),
        ("caf\u{e9}.html", "may use only letters"),
        ("", "needs a file name"),
    ])
    func refusedNames(name: String, expected: String) throws {
        let message = scriptMessage { _ = try render(["init.lua": reporter("ctx.write(\"\(name)\", \"x\")")]) }
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains("while rendering subject s1"), "\(message)")
    }

    @Test("an output larger than the limit, too many outputs, or a name written twice end the report with a named error")
    func outputLimits() throws {
        let huge = scriptMessage {
            _ = try render(["init.lua": reporter(#"ctx.write("big.html", string.rep("x", 4096))"#)], limits: ReportOutputLimits(fileBytes: 1024))
        }
        #expect(huge.contains("report output limit exceeded") && huge.contains("big.html"), "\(huge)")
        let many = scriptMessage {
            _ = try render(["init.lua": reporter(#"for i = 1, 10 do ctx.write("f" .. i .. ".html", "x") end"#)], limits: ReportOutputLimits(files: 5))
        }
        #expect(many.contains("more than 5 files"), "\(many)")
        let twice = scriptMessage { _ = try render(["init.lua": reporter(#"ctx.write("same.html", "x")"#)]) }
        #expect(twice.contains("'same.html' was already written (for subject s1)"), "\(twice)")
        let total = scriptMessage {
            _ = try render(["init.lua": reporter(#"ctx.write(result.subject .. ".html", string.rep("y", 800))"#)],
                           limits: ReportOutputLimits(fileBytes: 1000, totalBytes: 1000))
        }
        #expect(total.contains("1000 bytes in all"), "\(total)")
    }

    @Test("a reporter that loops forever is stopped by the instruction limit, naming the subject")
    func runawayRender() throws {
        let message = scriptMessage {
            _ = try render(["init.lua": reporter("while true do end")], sandbox: SandboxLimits(instructions: 1_000_000))
        }
        #expect(message.contains("instruction limit exceeded"), "\(message)")
        #expect(message.contains("while rendering subject s1"), "\(message)")
    }

    @Test("nothing one subject's render stores reaches the next subject's report")
    func isolation() throws {
        let files = try render(["init.lua": """
            local count = 0
            seen = seen or {}
            return assess.reporter {
              api = 1, id = "leaky", version = "1.0.0", formats = { "txt" },
              render = function(result, instrument, ctx)
                count = count + 1
                seen[#seen + 1] = result.subject
                ctx.write(result.subject .. ".txt", count .. " " .. table.concat(seen, ","))
              end,
            }
            """])
        #expect(files.map { String(decoding: $0.contents, as: UTF8.self) } == ["1 s1", "1 s2"])
    }

    @Test("the scores a reporter receives are read-only")
    func readOnlyResult() throws {
        let message = scriptMessage { _ = try render(["init.lua": reporter("result.subject = 'someone else'")]) }
        #expect(message.contains("read-only"), "\(message)")
    }

    @Test("declaration mistakes are reported with the file and what was expected")
    func declarationErrors() throws {
        let folder = try scratch(["init.lua": """
            return assess.reporter { api = 1, id = "x", version = "1.0", formats = { "html" }, scoep = "cohort",
              render = function() end }
            """])
        let message = "\((try? ReporterPlugin.load(folder.path)).map { _ in "loaded" } ?? diagnostics { _ = try ReporterPlugin.load(folder.path) })"
        #expect(message.contains("unknown field 'scoep' in the reporter declaration (did you mean 'scope'?)"), "\(message)")
        #expect(message.contains("version = \"MAJOR.MINOR.PATCH\""), "\(message)")
        let noRender = try scratch(["init.lua": "return assess.reporter { api = 1, id = 'x', version = '1.0.0', formats = { 'html' } }"])
        let second = diagnostics { _ = try ReporterPlugin.load(noRender.path) }
        #expect(second.contains("init.lua:1:") && second.contains("render = function(result, instrument, ctx)"), "\(second)")
        let circle = try scratch(["a/init.lua": "return assess.reporter { api = 1, id = 'a', version = '1.0.0', formats = { 'html' }, extends = '../b' }",
                                  "b/init.lua": "return assess.reporter { api = 1, id = 'b', version = '1.0.0', formats = { 'html' }, extends = '../a' }"])
        let third = diagnostics { _ = try ReporterPlugin.load(circle.appendingPathComponent("a").path) }
        #expect(third.contains("extend each other in a circle"), "\(third)")
    }

    @Test("a reporter for 360 instruments refuses a self-assessment")
    func kinds() throws {
        let folder = try scratch(["init.lua": """
            return assess.reporter { api = 1, id = "only-360", version = "1.0.0", formats = { "html" }, kinds = { "360" },
              render = function() end }
            """])
        let (instrument, input) = try smallInput()
        let message = diagnostics {
            _ = try ReportJob(instrument: instrument, reporter: ReporterPlugin.load(folder.path), date: "2026-12-01").render(input)
        }
        #expect(message.contains("is for 360 instruments; 'small' is a self instrument"), "\(message)")
    }

    @Test("a reporter extending another overrides one template and a hook, and reuses the rest")
    func extendsOverridesSection() throws {
        let base = try scratch([
            "base/init.lua": """
                return assess.reporter { api = 1, id = "base", version = "1.0.0", formats = { "html" },
                  options = { greeting = "Hello" },
                  render = function(result, instrument, ctx)
                    local view = ctx.hook("prepare", { subject = result.subject, greeting = ctx.options.greeting }, { subject = result.subject, greeting = ctx.options.greeting })
                    ctx.write(result.subject .. ".html", ctx.render("page.html", view))
                  end }
                """,
            "base/page.html.mustache": "<h1>{{greeting}} {{subject}}</h1>{{> footer.html}}",
            "base/footer.html.mustache": "<p>base footer</p>",
            "trust/init.lua": """
                return assess.reporter { api = 1, id = "trust", version = "1.0.0", extends = "../base",
                  options = { greeting = "Croeso" },
                  prepare = function(view) view.values = "Compassion" return view end }
                """,
            "trust/footer.html.mustache": "<p>{{values}} footer</p>",
        ])
        let reporter = try ReporterPlugin.load(base.appendingPathComponent("trust").path)
        #expect(reporter.id == "trust" && reporter.layers.count == 2 && reporter.formats == ["html"])
        let (instrument, input) = try smallInput()
        let files = try ReportJob(instrument: instrument, reporter: reporter, date: "2026-12-01").render(input)
        #expect(String(decoding: files[0].contents, as: UTF8.self) == "<h1>Croeso s1</h1><p>Compassion footer</p>")
    }

    @Test("template values are HTML-escaped unless a template asks for raw output")
    func escaping() throws {
        let files = try render(["init.lua": reporter(#"""
            local view = { text = [[<script>alert("x")</script> & 'q']] }
            ctx.write(result.subject .. ".html", assess.template.render("{{text}}|{{{text}}}", view))
            """#)], subject: "s1")
        #expect(String(decoding: files[0].contents, as: UTF8.self)
                == #"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;|<script>alert("x")</script> & 'q'"#)
    }

    @Test("templates that would recurse or multiply without end are refused")
    func templateLimits() throws {
        let cycle = diagnostics {
            _ = try render(["init.lua": reporter(#"ctx.write("a.html", ctx.render("a.html", {}))"#),
                            "a.html.mustache": "{{> b.html}}", "b.html.mustache": "x{{> a.html}}"])
        }
        #expect(cycle.contains("partials include each other without end: a.html -> b.html -> a.html"), "\(cycle)")
        let missing = diagnostics {
            _ = try render(["init.lua": reporter(#"ctx.write("a.html", ctx.render("a.html", {}))"#),
                            "a.html.mustache": "line one\n{{> nowhere}}"])
        }
        #expect(missing.contains("a.html.mustache:2: includes 'nowhere', but there is no nowhere.mustache"), "\(missing)")
        let syntax = diagnostics {
            _ = try render(["init.lua": reporter("ctx.write('a.html', 'x')"), "a.html.mustache": "{{#open}}never closed"])
        }
        #expect(syntax.contains("a.html.mustache:") && syntax.contains("template syntax"), "\(syntax)")
        let blowUp = scriptMessage {
            _ = try render(["init.lua": reporter(#"""
                local list = {}
                for i = 1, 100 do list[i] = i end
                local view = { a = list }
                ctx.write(result.subject .. ".html", assess.template.render("{{#a}}{{#a}}{{#a}}x{{/a}}{{/a}}{{/a}}", view))
                """#)])
        }
        #expect(blowUp.contains("template limit exceeded: more than"), "\(blowUp)")
        // Partials that fan out: each level includes the next 20 times, so four levels would write 80 MB.
        var fanOut: [String: String] = ["init.lua": reporter(#"ctx.write("a.html", ctx.render("l0.html", {}))"#),
                                        "l4.html.mustache": String(repeating: "x", count: 500)]
        for level in 0..<4 { fanOut["l\(level).html.mustache"] = String(repeating: "{{> l\(level + 1).html}}", count: 20) }
        let fanned = diagnostics { _ = try render(fanOut) }
        #expect(fanned.contains("l0.html.mustache: with its partials written out the template is"), "\(fanned)")
        // A large value written again and again.
        let values = scriptMessage {
            _ = try render(["init.lua": reporter(#"""
                local list = {}
                for i = 1, 100 do list[i] = i end
                local view = { list = list, big = string.rep("y", 1 << 20) }
                ctx.write(result.subject .. ".html", assess.template.render("{{#list}}{{big}}{{/list}}", view))
                """#)])
        }
        #expect(values.contains("template limit exceeded: values would write more than 67108864 bytes"), "\(values)")
    }

    @Test("Markdown becomes HTML without raw HTML, images or script links")
    func markdown() throws {
        let files = try render(["init.lua": reporter(#"""
            local md = "# Title\n\nSome *text* <script>x()</script> [ok](https://example.org) [bad](javascript:alert(1)) [worse](javascript:void) ![pic](https://example.org/p.png)"
            ctx.write(result.subject .. ".html", assess.markdown.html(md))
            """#)], subject: "s1")
        let html = String(decoding: files[0].contents, as: UTF8.self)
        #expect(html.contains("<h1>Title</h1>") && html.contains("<em>text</em>"), "\(html)")
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"), "\(html)")
        #expect(html.contains(#"<a href="https://example.org" rel="noopener noreferrer">ok</a>"#), "\(html)")
        // The javascript: link is no link at all (here it shows as the text it was); only the safe one is.
        #expect(!html.contains("href=\"javascript") && html.components(separatedBy: "<a ").count == 2, "\(html)")
        #expect(!html.contains("<img"), "\(html)")
    }

    @Test("Markdown that makes Ink backtrack or recurse (thousands of brackets) is rendered, not a crash or a hang")
    func hostileMarkdown() throws {
        let files = try render(["init.lua": reporter(#"""
            local parts = {
              string.rep("[", 5000), string.rep("![", 2000), string.rep("[a](", 2000), string.rep("<", 5000),
              string.rep("[ok](https://example.org) ", 2000),
            }
            ctx.write(result.subject .. ".html", assess.markdown.html(table.concat(parts, "\n\n")))
            """#)], subject: "s1")
        let html = String(decoding: files[0].contents, as: UTF8.self)
        #expect(html.contains(String(repeating: "&#91;", count: 100)) && html.contains(String(repeating: "&lt;", count: 100)))
        #expect(html.components(separatedBy: #"<a href="https://example.org" rel="noopener noreferrer">ok</a>"#).count == 2001)
        let tooBig = scriptMessage { _ = try render(["init.lua": reporter(#"assess.markdown.html(string.rep("a", 300000))"#)], subject: "s1") }
        #expect(tooBig.contains("the Markdown text is 300000 bytes; at most 262144 are accepted"), "\(tooBig)")
    }

    @Test("numbers and dates follow the stated locale, rounding half away from zero on the exact value")
    func formatting() {
        let gb = ReportFormatting(locale: "en-GB")
        #expect(gb.number(1234.5, decimals: 2) == "1,234.50")
        #expect(gb.number(-0.004, decimals: 2) == "0.00")
        #expect(gb.number(2.5, decimals: 0) == "3")
        #expect(gb.number(4.76875, decimals: 4) == "4.7687")  // the double is just below the half
        #expect(gb.number(1234567, decimals: 0, grouping: false) == "1234567")
        #expect(gb.percent(0.456) == "46%")
        #expect(gb.date("2026-12-01") == "1 December 2026")
        #expect(gb.date("2026-12-01", style: .numeric) == "01/12/2026")
        #expect(ReportFormatting(locale: "en-US").date("2026-12-01") == "December 1, 2026")
        #expect(ReportFormatting(locale: "cy-GB").date("2026-12-01") == "1 Rhagfyr 2026")
        #expect(gb.date("2026-02-31") == nil)
    }

    @Test("files are written all or nothing, and a refused name never reaches the disk")
    func folderWriter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
        let good = ReportFile(name: "a.html", contents: Data("a".utf8), reporter: "r")
        let bad = ReportFile(name: "../b.html", contents: Data("b".utf8), reporter: "r")
        #expect(throws: Diagnostics.self) { try ReportFolderWriter.write([good, bad], to: folder) }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty)
        let written = try ReportFolderWriter.write([good], to: folder)
        #expect(written.map { $0.lastPathComponent } == ["a.html"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.html"])
    }

    @Test("a saved scores file reads back as the same input")
    func scoresFileRoundTrip() throws {
        let output = try score(csv: """
            respondent,subject,rater,a1,a2,a3,b1,b2
            r1,s1,self,4,5,2,3,3
            r2,s2,self,2,2,4,1,Not applicable
            """)
        let data = try ScoreWriter(format: .json).render(output)
        let folder = try scratch([:])
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("scores.json")
        try data.write(to: file)
        let read = try ReportInput.read(scoresFile: file, displayName: "scores.json")
        #expect(read.subjects.map(\.subject) == ["s1", "s2"])
        try Data("{\"provenance\": 3}".utf8).write(to: file)
        let message = diagnostics { _ = try ReportInput.read(scoresFile: file, displayName: "scores.json") }
        #expect(message.hasPrefix("scores.json: not a scores file written by `assess score --format json`"), "\(message)")
    }
}

private func diagnostics(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch let d as Diagnostics {
        return d.description
    } catch {
        return "\(error)"
    }
}
