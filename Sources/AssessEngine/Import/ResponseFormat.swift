import AssessModel

/// The layouts a response file can have.
public enum ResponseFormat: String, Sendable, CaseIterable {
    /// One row per response: `respondent`, `subject`, `rater`, then one column per item.
    case wideCSV = "csv"
    /// One row per answer: `respondent`, `subject`, `rater`, `item`, `value`.
    case longCSV = "long-csv"
    /// One JSON object per line, with the answers under `answers` or at the top level.
    case jsonLines = "jsonl"

    /// The format of a file, told from its extension (and, for `.csv`, its header line).
    ///
    /// `.csv` is wide unless the header is exactly `respondent,subject,rater,item,value` (with the
    /// first three named as `columns` maps them); `.jsonl` and `.ndjson` are JSON Lines. Any other
    /// extension gives `nil`.
    /// - Parameters:
    ///   - path: the file's path or name.
    ///   - header: the file's first line, if known (a leading byte order mark and line break are ignored).
    ///   - columns: the instrument's column names.
    public static func detect(path: String, header: String?, columns: ColumnMapping = ColumnMapping()) -> ResponseFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "jsonl", "ndjson":
            return .jsonLines
        case "csv":
            guard let header else { return .wideCSV }
            let names = headerNames(header)
            let long = [columns.respondent, columns.subject, columns.rater, "item", "value"]
            return names == long ? .longCSV : .wideCSV
        default:
            return nil
        }
    }

    /// The column names of a CSV header line (quotes removed, surrounding spaces trimmed).
    static func headerNames(_ line: String) -> [String] {
        var text = Substring(line)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        if let end = text.firstIndex(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) { text = text[..<end] }
        var names: [String] = []
        var current = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = iterator.next() {
                        if n == "\"" { current.unicodeScalars.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else { current.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                names.append(current.trimmingASCIISpaces())
                current = ""
            } else {
                current.unicodeScalars.append(c)
            }
        }
        names.append(current.trimmingASCIISpaces())
        return names
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return String(scalars[first...last])
    }
}
