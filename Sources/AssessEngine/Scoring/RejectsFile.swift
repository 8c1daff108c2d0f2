import Foundation

/// The rejects file: each rejected row verbatim, with where it was and why (CSV:
/// `file,row,column,reason,row_text`).
public enum RejectsFile {
    /// - Parameter folder: where relative file names in the issues are found (for rows rejected after
    ///   import, such as duplicates, whose text is read back from their file).
    public static func render(_ rows: [RejectedRow], folder: URL? = nil) -> String {
        var text = "file,row,column,reason,row_text\n"
        var lines: [String: [Substring]] = [:]
        for row in rows {
            var raw = row.raw
            if raw.isEmpty {
                let path = folder.map { $0.appendingPathComponent(row.issue.file).path } ?? row.issue.file
                if lines[path] == nil {
                    let content = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                    lines[path] = content.split(separator: "\n", omittingEmptySubsequences: false)
                }
                if let fileLines = lines[path], row.issue.row >= 1, row.issue.row <= fileLines.count {
                    raw = String(fileLines[row.issue.row - 1]).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                }
            }
            let fields = [row.issue.file, String(row.issue.row), row.issue.column.map(String.init) ?? "", row.issue.message, raw]
            text += fields.map(quote).joined(separator: ",") + "\n"
        }
        return text
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
