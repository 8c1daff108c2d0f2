import AssessCharts
import Foundation
import Ink

/// Markdown for report authors: escaping text so it shows as written, and turning Markdown into
/// HTML that is safe to put in a report (Ink does the parsing; what it lets through is filtered).
enum MarkdownText {
    /// Escapes text so Markdown shows it literally: punctuation Markdown gives meaning to is
    /// backslash-escaped, and `<` and `&` become entities, so no renderer sees HTML in it.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "~", "!":
                out.append("\\")
                out.append(character)
            case "\r\n", "\r", "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// Markdown to HTML. Raw HTML in the input never reaches the output (it shows as text),
    /// images become their alternative text (a report makes no requests), and links keep their
    /// target only when it is `https:`, `http:`, `mailto:` or a `#fragment`.
    static func html(_ markdown: String) -> String {
        let parser = MarkdownParser()
        return sanitise(parser.html(from: markdown))
    }

    /// Tags Ink writes itself, with no attributes (links are handled apart).
    private static let plainTags: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre",
        "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "s", "del",
    ]

    /// Keeps the tags Ink makes and turns anything else that looks like a tag into text.
    static func sanitise(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                out += "&lt;"
                rest = rest[rest.index(after: open)...]
                continue
            }
            let tag = rest[rest.index(after: open)..<close]
            if let kept = allowed(tag) {
                out += kept
            } else {
                out += "&lt;" + escapeText(String(tag)) + "&gt;"
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    private static func allowed(_ tag: Substring) -> String? {
        let closing = tag.hasPrefix("/")
        let body = closing ? tag.dropFirst() : tag
        let name = body.prefix { $0.isLetter || $0.isNumber }.lowercased()
        let attributes = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if plainTags.contains(name) {
            if attributes.isEmpty || attributes == "/" { return "<" + (closing ? "/" : "") + name + (attributes == "/" ? "/" : "") + ">" }
            // Ink writes start="N" on ordered lists and align on table cells.
            if name == "ol", !closing, attributes.range(of: #"^start="[0-9]+"$"#, options: .regularExpression) != nil { return "<ol \(attributes)>" }
            if ["th", "td"].contains(name), !closing,
               attributes.range(of: #"^align="(left|right|center)"$"#, options: .regularExpression) != nil { return "<\(name) \(attributes)>" }
            return nil
        }
        if name == "a" {
            if closing { return attributes.isEmpty ? "</a>" : nil }
            guard let match = attributes.range(of: #"^href="[^"]*"$"#, options: .regularExpression) else { return nil }
            let target = String(attributes[match].dropFirst(6).dropLast())
            let lower = target.lowercased()
            let safe = lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#")
            return safe ? "<a href=\"\(target)\" rel=\"noopener noreferrer\">" : "<a>"
        }
        if name == "img", !closing {
            // The alternative text, never the image: a report makes no requests.
            if let range = attributes.range(of: #"alt="[^"]*""#, options: .regularExpression) {
                return escapeText(String(attributes[range].dropFirst(5).dropLast()))
            }
            return ""
        }
        return nil
    }

    private static func escapeText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// HTML escaping for text placed in HTML (element content or a quoted attribute): the charts'
/// escaping, so report text and chart labels are escaped alike.
enum HTMLText {
    static func escape(_ text: String) -> String { Escape.xml(text) }
}
