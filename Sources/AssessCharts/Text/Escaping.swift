/// Escaping of untrusted text for the three outputs.
public enum Escape {
    /// Text for XML and HTML content and attribute values: `& < > " '` become entities, and
    /// characters XML 1.0 forbids (most control characters, U+FFFE, U+FFFF) become U+FFFD.
    public static func xml(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text for one cell of a GitHub-flavoured Markdown table: on one line, with `& < >` as
    /// entities (so no raw HTML reaches a Markdown renderer) and Markdown punctuation
    /// backslash-escaped (so a label cannot make links, emphasis or extra columns).
    static func markdownCell(_ text: String) -> String {
        var out = ""
        for scalar in Text.normalised(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "|", "*", "_", "`", "[", "]", "~", "#", "!": out += "\\" + String(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

enum Text {
    /// Runs of white space (spaces, tabs, line breaks) become one space; ends are trimmed.
    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
