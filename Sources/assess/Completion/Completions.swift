import ArgumentParser
import AssessEngine
import AssessExercises
import AssessScripting
import Foundation

/// Shell completion for the values of arguments and options, behind
/// `assess --generate-completion-script bash|zsh|fish`.
///
/// The shell calls `assess` back when TAB is pressed on one of these; each closure answers from
/// what is cheap to read: folder listings, the bundled instruments and plugins, the attempt store.
/// Nothing here runs a script, except reading an instrument's rater groups for `take --rater`.
enum Completions {
    /// An instrument: a bundled id, a folder, or a `.lua` file.
    static let instrument = CompletionKind.custom { _, _, prefix in
        matching(prefix, InstrumentLibrary.bundled.all().map(\.id)) + paths(prefix, extensions: ["lua"])
    }

    /// A reporter: a bundled id, a folder with `init.lua`, or a `.lua` file.
    static let reporter = CompletionKind.custom { _, _, prefix in
        matching(prefix, ReporterPlugin.bundled()) + paths(prefix, extensions: ["lua"])
    }

    /// A scorer plugin: a bundled id or a `.lua` file.
    static let scorer = CompletionKind.custom { _, _, prefix in
        matching(prefix, bundledPlugins(declaring: "assess.scorer")) + paths(prefix, extensions: ["lua"])
    }

    /// A cohort plugin: a bundled id or a `.lua` file.
    static let cohortPlugin = CompletionKind.custom { _, _, prefix in
        matching(prefix, bundledPlugins(declaring: "assess.cohort")) + paths(prefix, extensions: ["lua"])
    }

    /// `assess new KIND NAME --from ID`: bundled instruments, or bundled reporters after `reporter`.
    static let newBase = CompletionKind.custom { words, _, prefix in
        matching(prefix, words.contains("reporter") ? ReporterPlugin.bundled() : InstrumentLibrary.bundled.all().map(\.id))
    }

    /// An attempt id from the store named by `--store` on the command line (default ./assess.sqlite).
    static let attempt = CompletionKind.custom { words, _, prefix in
        guard let store = openStore(words), let attempts = try? store.attempts() else { return [] }
        return matching(prefix, attempts.map(\.id))
    }

    /// An exercise id found in the store.
    static let exercise = CompletionKind.custom { words, _, prefix in
        guard let store = openStore(words), let attempts = try? store.attempts() else { return [] }
        return matching(prefix, Array(Set(attempts.map(\.exerciseID))).sorted())
    }

    /// `assess attempts mark ATTEMPT PROMPT`: the assessor prompts the attempt showed.
    static let assessorPrompt = CompletionKind.custom { words, index, prefix in
        guard let store = openStore(words), let attempts = try? store.attempts() else { return [] }
        let ids = Set(attempts.map(\.id))
        guard let attempt = words.prefix(index).last(where: ids.contains),
              let prompts = try? store.prompts(attempt: attempt) else { return [] }
        return matching(prefix, prompts.filter { $0.kind == "assessor" }.map(\.id))
    }

    /// `assess take INSTRUMENT --rater GROUP`: the instrument's rater groups (the instrument is loaded).
    static let rater = CompletionKind.custom { words, index, prefix in
        // The instrument is the first word after "take" that is not an option or an option's value.
        guard let take = words.firstIndex(of: "take") else { return matching(prefix, ["self"]) }
        var position = take + 1
        var instrument: String?
        while position < words.count, position != index {
            let word = words[position]
            if word.hasPrefix("-") { position += word.contains("=") ? 1 : 2; continue }
            instrument = word
            break
        }
        guard let instrument, let loaded = try? InstrumentLoader().load(instrument) else { return matching(prefix, ["self"]) }
        return matching(prefix, loaded.instrument.raters.map(\.id))
    }

    // MARK: - Helpers

    /// The candidates that start with what was typed.
    static func matching(_ prefix: String, _ candidates: [String]) -> [String] {
        candidates.filter { $0.hasPrefix(prefix) }
    }

    /// Folders (with a trailing `/`) and files with one of `extensions` that complete `prefix`;
    /// hidden entries only when the typed name starts with a dot.
    static func paths(_ prefix: String, extensions: [String]) -> [String] {
        let typed = (prefix as NSString).expandingTildeInPath
        let folder: String, partial: String, shown: String
        if typed.hasSuffix("/") {
            (folder, partial, shown) = (typed, "", prefix)
        } else if typed.contains("/") {
            folder = (typed as NSString).deletingLastPathComponent
            partial = (typed as NSString).lastPathComponent
            shown = String(prefix[...(prefix.lastIndex(of: "/") ?? prefix.startIndex)])
        } else {
            (folder, partial, shown) = (".", typed, "")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "/" : folder) else { return [] }
        var result: [String] = []
        for name in names.sorted() where name.hasPrefix(partial) && (!name.hasPrefix(".") || partial.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            if isDirectory.boolValue {
                result.append(shown + name + "/")
            } else if extensions.isEmpty || extensions.contains((name as NSString).pathExtension) {
                result.append(shown + name)
            }
        }
        return result
    }

    /// The ids of the `.lua` files in the bundled Plugins/scoring/ that declare `constructor`.
    static func bundledPlugins(declaring constructor: String) -> [String] {
        guard let home = AssessKitHome.locate() else { return [] }
        let folder = home.appendingPathComponent("Plugins/scoring")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.filter { $0.hasSuffix(".lua") }.compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path),
                  String(decoding: data, as: UTF8.self).contains(constructor) else { return nil }
            return String(name.dropLast(4))
        }
    }

    /// The store named by `--store PATH` or `--store=PATH` in `words`, or ./assess.sqlite; only
    /// when the file exists (completion never creates a store).
    static func openStore(_ words: [String]) -> ExerciseStore? {
        var path = "assess.sqlite"
        for (index, word) in words.enumerated() {
            if word == "--store", index + 1 < words.count { path = words[index + 1] }
            if word.hasPrefix("--store=") { path = String(word.dropFirst("--store=".count)) }
        }
        path = (path as NSString).expandingTildeInPath
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try? ExerciseStore(path: path)
    }
}
