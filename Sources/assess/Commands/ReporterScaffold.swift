import ArgumentParser
import AssessEngine
import AssessScripting
import Foundation

/// The files `assess new reporter NAME [--from ID]` writes: a reporter (its own, or one that
/// extends a bundled reporter), a README, and a golden case on simulated responses.
enum ReporterScaffold {
    static func files(id: String, from: String?) throws -> [String: String] {
        var files: [String: String] = [:]
        var instrumentID = "hlm-self"
        if let from {
            let base: ReporterPlugin
            do {
                base = try ReporterPlugin.load(from)
            } catch {
                throw ValidationError("no bundled reporter '\(from)' (bundled: \(ReporterPlugin.bundled().joined(separator: ", ")))")
            }
            if base.kinds.contains("360") { instrumentID = "hlm-360" }
            let sections = base.layers.last.map { layer in
                ((try? FileManager.default.contentsOfDirectory(atPath: layer.folder.path)) ?? [])
                    .filter { $0.hasSuffix(".mustache") }.sorted()
            } ?? []
            files["init.lua"] = extending(id: id, base: from)
            files["README.md"] = extendingReadme(id: id, base: from, sections: sections)
        } else {
            files["init.lua"] = ownReporter(id: id)
            files["report.html.mustache"] = ownTemplate
            files["README.md"] = ownReadme(id: id)
        }
        let loaded = try InstrumentLoader().load(instrumentID)
        var csv = ""
        try Simulator(instrument: loaded.instrument, subjects: 2, seed: 1).writeWideCSV { csv += $0 }
        files["tests/example/responses.csv"] = csv
        files["tests/example/case.json"] = """
            {
              "description": "Two simulated people: replace them with cases that matter for your report (suppressed groups, missing scores, long comments).",
              "reporter": "../..",
              "instrument": "\(instrumentID)"
            }

            """
        return files
    }

    static func extending(id: String, base: String) -> String {
        """
        -- \(id): the bundled \(base) with this organisation's changes. Put a <section>.mustache
        -- file beside this one to replace that section of \(base) (copy it from
        -- Plugins/reports/\(base)/ to start); everything else stays \(base)'s.
        return assess.reporter {
          api = 1,
          id = "\(id)",
          version = "1.0.0",
          extends = "\(base)",
          title = "\(id) (based on \(base))",
          options = { organisation = "Our NHS Trust" },
          -- Add to what the templates see; return the view.
          prepare = function(view, result, instrument, ctx)
            view.contact = "learning.development@example.nhs.uk"
            return view
          end,
        }

        """
    }

    static func extendingReadme(id: String, base: String, sections: [String]) -> String {
        """
        # \(id)

        The bundled `\(base)` report with our changes. Its sections, any of which a file of the same
        name beside `init.lua` replaces:

        \(sections.map { "- `\($0)`" }.joined(separator: "\n"))

        ```sh
        assess check \(id)/init.lua                      # the declaration and every template
        assess test \(id)                                # golden cases in tests/
        assess report INSTRUMENT responses.csv --reporter \(id)/ --out reports/
        ```

        """
    }

    static func ownReporter(id: String) -> String {
        """
        -- \(id): a report format of our own. render runs once per person, afresh each time; the
        -- host writes what ctx.write is given (see docs/reports.md for result, instrument and ctx).
        return assess.reporter {
          api = 1,
          id = "\(id)",
          version = "1.0.0",
          title = "\(id)",
          scope = "subject",
          formats = { "html" },
          options = { decimals = 2 },
          render = function(result, instrument, ctx)
            local titles = {}
            for _, d in ipairs(instrument.dimensions) do titles[d.id] = d.title end
            local rows = {}
            for _, d in ipairs(result.dimensions) do
              rows[#rows + 1] = {
                title = titles[d.id] or d.id,
                score = d.score and assess.format.number(d.score, ctx.options.decimals) or "no score",
                band = d.band or false,
                reason = d.reason or false,
              }
            end
            local view = {
              title = instrument.title, subject = result.subject,
              date = assess.format.date(ctx.date), rows = rows,
            }
            ctx.write(ctx.file_name(result.subject, "html"), ctx.render("report.html", view))
          end,
        }

        """
    }

    static let ownTemplate = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>{{title}}: {{subject}}</title>
        {{> style.html}}
        </head>
        <body>
        <main>
        <h1>{{title}}</h1>
        <p>{{subject}}, {{date}}</p>
        <table>
        <thead><tr><th scope="col">Dimension</th><th scope="col" class="num">Score</th><th scope="col">Band</th></tr></thead>
        <tbody>
        {{#rows}}<tr><td>{{title}}</td><td class="num">{{score}}</td><td>{{#band}}{{band}}{{/band}}{{#reason}}{{reason}}{{/reason}}</td></tr>
        {{/rows}}</tbody>
        </table>
        </main>
        </body>
        </html>

        """

    static func ownReadme(id: String) -> String {
        """
        # \(id)

        A report format of our own: `init.lua` builds a view from each person's scores and
        `report.html.mustache` lays it out (values are HTML-escaped; `{{> style.html}}` is the bundled
        reports' stylesheet). Give absent values as `false`, not `nil`.

        ```sh
        assess check \(id)/init.lua
        assess test \(id)
        assess report hlm-self responses.csv --reporter \(id)/ --out reports/
        ```

        """
    }
}
