/// A unified diff of two texts, line by line (built on the standard library's Myers difference).
public enum UnifiedDiff {
    /// `nil` when the texts are equal; otherwise `--- a`, `+++ b` and `@@` hunks with `context` lines.
    /// - Parameter colour: ANSI colours for a terminal (red removals, green additions, cyan hunks).
    public static func make(expected: String, actual: String, expectedName: String, actualName: String,
                            context: Int = 3, colour: Bool = false) -> String? {
        guard expected != actual else { return nil }
        let old = lines(expected), new = lines(actual)
        let difference = new.difference(from: old)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // Walk both texts together, producing (kind, line) with positions in each.
        enum Kind { case same, removed, added }
        var script: [(kind: Kind, text: String, oldLine: Int, newLine: Int)] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                script.append((.removed, old[i], i, j)); i += 1
            } else if j < new.count, inserted.contains(j) {
                script.append((.added, new[j], i, j)); j += 1
            } else {
                script.append((.same, old[i], i, j)); i += 1; j += 1
            }
        }
        let red = colour ? "\u{1B}[31m" : "", green = colour ? "\u{1B}[32m" : "", cyan = colour ? "\u{1B}[36m" : "",
            bold = colour ? "\u{1B}[1m" : "", reset = colour ? "\u{1B}[0m" : ""
        var out = "\(bold)--- \(expectedName)\(reset)\n\(bold)+++ \(actualName)\(reset)\n"
        var index = 0
        while index < script.count {
            guard script[index].kind != .same else { index += 1; continue }
            // A hunk: from `context` lines before this change to `context` lines after the last
            // change that is within 2 * context lines of the previous one.
            let start = max(0, index - context)
            var end = index
            var scan = index
            while scan < script.count {
                if script[scan].kind != .same { end = scan }
                if scan - end > 2 * context { break }
                scan += 1
            }
            let stop = min(script.count, end + context + 1)
            let hunk = script[start..<stop]
            let oldCount = hunk.filter { $0.kind != .added }.count
            let newCount = hunk.filter { $0.kind != .removed }.count
            let oldStart = hunk.first!.oldLine + (oldCount == 0 ? 0 : 1)
            let newStart = hunk.first!.newLine + (newCount == 0 ? 0 : 1)
            out += "\(cyan)@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\(reset)\n"
            for entry in hunk {
                switch entry.kind {
                case .same: out += " \(entry.text)\n"
                case .removed: out += "\(red)-\(entry.text)\(reset)\n"
                case .added: out += "\(green)+\(entry.text)\(reset)\n"
                }
            }
            index = stop
        }
        if expected.hasSuffix("\n") != actual.hasSuffix("\n") { out += "\\ No newline at end of file (in one of them)\n" }
        return out
    }

    private static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") { result.removeLast() }
        return result
    }
}
