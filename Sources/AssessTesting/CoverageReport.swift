import Foundation
import LuaRuntime

/// What `assess test --coverage` prints: for every script the cases loaded, the share of its lines
/// that ran and the lines that never did; for every instrument whose score cases were run, the
/// bands the cases never produced.
public enum CoverageReport {
    public struct FileCoverage: Sendable, Hashable {
        public var path: String
        public var lines: Int
        public var covered: Int
        /// Lines that never ran, as ranges.
        public var missed: [ClosedRange<Int>]
        public var percent: Double { lines == 0 ? 100 : Double(covered) * 100 / Double(lines) }
    }

    public static func files(_ recorder: CoverageRecorder, root: URL) -> [FileCoverage] {
        let hits = recorder.lines
        let rootPath = root.standardizedFileURL.path + "/"
        return recorder.files.map { url -> FileCoverage in
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let ran = hits[url] ?? []
            let executable = executableLines(text).union(ran)
            let missed = executable.subtracting(ran).sorted()
            var ranges: [ClosedRange<Int>] = []
            for line in missed {
                if let last = ranges.last, last.upperBound == line - 1 { ranges[ranges.count - 1] = last.lowerBound...line }
                else { ranges.append(line...line) }
            }
            let path = url.path.hasPrefix(rootPath) ? String(url.path.dropFirst(rootPath.count)) : url.path
            return FileCoverage(path: path, lines: executable.count, covered: executable.count - missed.count, missed: ranges)
        }.sorted { $0.path < $1.path }
    }

    public static func text(_ recorder: CoverageRecorder, root: URL) -> String {
        var out = "coverage (lines run by the cases):\n"
        for file in files(recorder, root: root) {
            out += String(format: "  %5.1f%%  %@  (%d of %d lines)", file.percent, file.path, file.covered, file.lines)
            if !file.missed.isEmpty {
                let shown = file.missed.prefix(12).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
                out += "; never ran: " + shown.joined(separator: ", ") + (file.missed.count > 12 ? ", ..." : "")
            }
            out += "\n"
        }
        let bands = recorder.bandUse.sorted { $0.key < $1.key }
        if !bands.isEmpty {
            out += "bands produced by the score cases:\n"
            for (instrument, use) in bands {
                let never = use.declared.filter { !use.produced.contains($0) }
                out += "  \(instrument): " + (never.isEmpty ? "every band (\(use.declared.joined(separator: ", ")))"
                                                            : "never \(never.joined(separator: ", "))") + "\n"
            }
        }
        return out
    }

    /// Lines that hold code, by a lexical reading: not blank, not comments, not lone `end`, `}`,
    /// `)`, `else`. (Lua gives no line table for functions that never ran, so this approximates
    /// it; lines that ran are always counted.)
    static func executableLines(_ text: String) -> Set<Int> {
        var result = Set<Int>()
        var inBlockComment = false
        let closers: Set<String> = ["end", "end,", "end)", "end),", "end})", "}", "},", "})", "}),", ")", "),", "else", "do", "{", "end }", "} }", "}}", "end }),"]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if inBlockComment {
                if line.contains("]]") || line.contains("]=]") { inBlockComment = false }
                continue
            }
            if line.hasPrefix("--[[") || line.hasPrefix("--[=[") {
                if !(line.dropFirst(4).contains("]]") || line.dropFirst(5).contains("]=]")) { inBlockComment = true }
                continue
            }
            if line.isEmpty || line.hasPrefix("--") || closers.contains(line) { continue }
            result.insert(index + 1)
        }
        return result
    }
}
