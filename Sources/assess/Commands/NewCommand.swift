import ArgumentParser
import AssessEngine
import AssessModel
import AssessScripting
import AssessTesting
import Foundation

/// `assess new instrument|scorer|reporter NAME [--from ID]`: a working folder that starts green.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a working instrument, scorer, reporter or exercise folder with a README and a passing golden case.",
        discussion: """
            The folder gets the script, a README, a .luarc.json for editor completion, and one golden case \
            whose expected/ is recorded from the script, so `assess test NAME` passes from the start.

            Examples:
              assess new instrument our-360 --from hlm-360     extend a bundled instrument
              assess new instrument team-pulse                 an instrument of your own
              assess new scorer our-means                      a scorer and a golden case
              assess new reporter our-report --from feedback-html  extend a bundled report
              assess new reporter team-summary                 a report format of your own
              assess new exercise handover-drill               a scripted exercise
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case instrument, scorer, reporter, exercise
    }

    @Argument(help: "instrument, scorer, reporter or exercise.")
    var kind: Kind

    @Argument(help: "The new folder's name, which is also the id (lowercase letters, digits, '-' and '_').")
    var name: String

    @Option(help: "For instruments: the bundled instrument to extend; for reporters: the bundled reporter to extend.", completion: Completions.newBase)
    var from: String?

    func validate() throws {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else { throw ValidationError("NAME must be lowercase letters, digits, '-' or '_', starting with a letter (it becomes the id)") }
        guard !FileManager.default.fileExists(atPath: name) else { throw ValidationError("\(name) already exists: choose another name") }
        if from != nil, kind == .scorer { throw ValidationError("--from applies to instruments and reporters") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: name)
        var files: [String: String] = [:]
        let luarc = """
            {
              "runtime.version": "Lua 5.4",
              "runtime.builtin": { "io": "disable", "os": "disable", "debug": "disable", "package": "disable" },
              "workspace.library": ["\(Self.annotationsPath(from: folder))"],
              "diagnostics.globals": ["assess"]
            }

            """
        files[".luarc.json"] = luarc
        switch kind {
        case .instrument:
            if let from {
                guard InstrumentLibrary.bundled.file(for: from) != nil else {
                    throw ValidationError("no bundled instrument '\(from)' (see assess list)")
                }
                files["instrument.lua"] = Templates.extending(id: name, base: from)
            } else {
                files["instrument.lua"] = Templates.instrument(id: name)
            }
            files["README.md"] = Templates.instrumentReadme(id: name, base: from)
            files["tests/model/case.json"] = "{\n  \"description\": \"The resolved instrument. Update with: assess test \(name) --update\"\n}\n"
        case .scorer:
            files["\(name).lua"] = Templates.scorer(id: name)
            files["README.md"] = Templates.scorerReadme(id: name)
            files["tests/example/instrument.lua"] = Templates.scorerCaseInstrument(scorer: name)
            files["tests/example/responses.csv"] = "respondent,subject,rater,q1,q2,q3\nr1,alex,self,4,5,2\nr2,sam,self,3,,Not applicable\n"
            files["tests/example/case.json"] = "{\n  \"description\": \"An example case: replace it with cases that matter for your scorer.\",\n  \"scorer\": \"../../\(name).lua\"\n}\n"
        case .reporter:
            files.merge(try ReporterScaffold.files(id: name, from: from)) { $1 }
        case .exercise:
            files.merge(Templates.exerciseFiles(id: name)) { $1 }
        }
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(Data(text.utf8), to: url)
        }
        // Record the golden case, so the folder starts green.
        let runner = GoldenRunner(update: true)
        let found = try runner.discover([name])
        let results = runner.run(cases: found.cases, unitTests: found.unitTests)
        if let failed = results.first(where: { $0.status == .failed }) {
            Terminal.error("internal error: the new \(kind.rawValue) did not run cleanly (please report it): \(failed.message)")
            throw ExitCode(70)
        }
        for path in files.keys.sorted() { print("created \(name)/\(path)") }
        for result in results { for change in result.updates { print("recorded \(result.name)/expected/\(change.split(separator: ":")[0])") } }
        let script = switch kind {
        case .instrument: "instrument.lua"
        case .scorer: "\(name).lua"
        case .reporter: "init.lua"
        case .exercise: "exercise.lua"
        }
        print("next: edit \(name)/\(script), then run: assess test \(name)")
    }
}

/// The files `assess new` writes.
enum Templates {
    static func extending(id: String, base: String) -> String {
        """
        -- \(id): the bundled \(base), with this trust's changes. Everything not set here comes from
        -- \(base) unchanged. Fields replace the base's; dimensions, elements, items, raters and
        -- comments merge by id; { id = "...", remove = true } deletes one.
        return assess.instrument {
          api = 1,
          extends = "\(base)",
          id = "\(id)",
          version = "1.0.0",
          title = "\(id) (based on \(base))",
          -- anonymity = { minimum = 4 },
          -- dimensions = {
          --   { id = "our_values", title = "Living our values", items = {
          --       { id = "ov_1", text = "Treats everyone with respect, whatever their role" },
          --   } },
          -- },
        }

        """
    }

    static func instrument(id: String) -> String {
        """
        -- \(id): an instrument of your own. See docs/lua-api.md for every field.
        return assess.instrument {
          api = 1,
          id = "\(id)",
          version = "1.0.0",
          title = "\(id)",
          kind = "self",
          scale = "agreement5",
          dimensions = {
            { id = "first_dimension", title = "First dimension", items = {
                { id = "fd_1", text = "Write each item as an observable behaviour" },
                { id = "fd_2", text = "Keep to one idea per item" },
                { id = "fd_3", text = "Avoids difficult conversations", reverse = true },
            } },
          },
          scoring = { plugin = "scale-scores", options = { minimum_answered = 2 } },
        }

        """
    }

    static func instrumentReadme(id: String, base: String?) -> String {
        """
        # \(id)

        \(base.map { "Based on the bundled `\($0)`: see its README for the structure, scale and scoring." } ?? "An instrument of our own.")

        ## Purpose

        Who uses it, when, and what they get.

        ## Working on it

        ```sh
        assess check \(id)/          # validate: every problem as file:line: message
        assess show \(id)/           # the resolved outline
        assess test \(id)            # golden cases in tests/
        assess test \(id) --update   # record expected/ again after a deliberate change
        ```

        """
    }

    static func scorer(id: String) -> String {
        """
        -- \(id): a scorer plugin. It runs once per subject, afresh: nothing it stores reaches another
        -- subject. See docs/scoring.md for the shapes of subject, instrument and the result.
        return assess.scorer {
          api = 1,
          id = "\(id)",
          version = "1.0.0",
          description = "Mean of the answered items of each dimension.",
          options = { minimum_answered = 1 },
          score = function(subject, instrument, options)
            local dimensions = {}
            for _, dimension in ipairs(instrument.dimensions) do
              local values = {}
              for _, item in ipairs(dimension.items) do
                local scale = instrument.scales[item.scale]
                for _, answer in ipairs(subject.answers[item.id]) do
                  if type(answer) == "number" then
                    values[#values + 1] = item.reverse and (scale.min + scale.max - answer) or answer
                  end
                end
              end
              local mean, n = assess.stats.mean(values)
              if mean ~= nil and n >= options.minimum_answered then
                dimensions[#dimensions + 1] = { id = dimension.id, score = mean, answered = n }
              else
                dimensions[#dimensions + 1] = { id = dimension.id, answered = n, reason = "too few answers" }
              end
            end
            return { dimensions = dimensions }
          end,
        }

        """
    }

    static func scorerReadme(id: String) -> String {
        """
        # \(id)

        A scorer plugin. Describe what it computes, every option, and how it treats not-applicable and
        unanswered items.

        ```sh
        assess check \(id)/\(id).lua     # validate the declaration
        assess test \(id)                # golden cases in tests/
        ```

        """
    }

    static func scorerCaseInstrument(scorer: String) -> String {
        """
        -- A small instrument for testing the \(scorer) scorer.
        return assess.instrument {
          api = 1, id = "\(scorer)-example", version = "1.0.0", title = "Example for \(scorer)",
          scale = assess.scale { id = "five", options = {
            { value = 1, label = "Never" }, { value = 2, label = "Rarely" }, { value = 3, label = "Sometimes" },
            { value = 4, label = "Often" }, { value = 5, label = "Always" }, { label = "Not applicable", na = true } } },
          dimensions = {
            { id = "d1", title = "Dimension one", items = {
                { id = "q1", text = "First item" }, { id = "q2", text = "Second item" },
                { id = "q3", text = "Third item", reverse = true } } },
          },
          scoring = { plugin = "\(scorer)" },
        }

        """
    }
}

extension NewCommand {
    /// The LuaLS annotations (`docs/lua`) as a path relative to the new folder, so the folder can be
    /// moved with AssessKit or committed; absolute only when the two share no ancestor but `/`.
    static func annotationsPath(from folder: URL) -> String {
        guard let annotations = AssessKitHome.locate()?.appendingPathComponent("docs/lua").standardizedFileURL else { return "docs/lua" }
        let from = folder.standardizedFileURL.pathComponents, to = annotations.pathComponents
        var common = 0
        while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
        guard common > 1 else { return annotations.path }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...]).joined(separator: "/")
    }
}
