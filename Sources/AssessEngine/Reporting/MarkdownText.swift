import AssessCharts
import Foundation
import Ink
import LuaRuntime

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

    /// Largest Markdown text accepted.
    static let maximumBytes = 256 << 10

    /// Markdown to HTML. Raw HTML in the input never reaches the output (it shows as text),
    /// images become their alternative text (a report makes no requests), and links keep their
    /// target only when it is `https:`, `http:`, `mailto:` or a `#fragment`.
    ///
    /// Ink backtracks without bound on brackets and angle brackets (a thousand `[` take minutes,
    /// five thousand overflow the stack), so before Ink sees the text, links and images are found
    /// here in one pass and put back afterwards, and every other `[`, `]`, `!`, `<` and `>` that
    /// is not a quote marker reaches Ink as an entity. What Ink then parses is linear in practice.
    static func html(_ markdown: String) throws -> String {
        guard markdown.utf8.count <= maximumBytes else {
            throw HostFunctionError.misuse("the Markdown text is \(markdown.utf8.count) bytes; at most \(maximumBytes) are accepted")
        }
        let (prepared, links) = extractLinks(markdown)
        let html = sanitise(MarkdownParser().html(from: prepared))
        guard !links.isEmpty else { return html }
        // Links back in place of their markers (text escaped, targets checked), in one pass.
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "\u{E000}") {
            out += rest[..<open]
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "\u{E001}"), let index = Int(rest[after..<close]), index < links.count else {
                rest = rest[after...]
                continue
            }
            out += links[index]
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    private static func marker(_ index: Int) -> String { "\u{E000}\(index)\u{E001}" }

    /// Finds `[text](target)` and `![alt](target)` in one pass (no nesting, text up to 500
    /// characters, target up to 2,000 without spaces), replaces each with a marker and returns the
    /// HTML for each; escapes the brackets, `!` and angle brackets that are left.
    static func extractLinks(_ text: String) -> (String, [String]) {
        let chars = Array(text.replacingOccurrences(of: "\u{E000}", with: "").replacingOccurrences(of: "\u{E001}", with: ""))
        var out = ""
        out.reserveCapacity(chars.count)
        var links: [String] = []
        var atLineStart = true
        var i = 0
        func escapedText(_ s: ArraySlice<Character>) -> String { escapeText(String(s)) }
        while i < chars.count {
            let c = chars[i]
            let image = c == "!" && i + 1 < chars.count && chars[i + 1] == "["
            if c == "[" || image {
                let open = image ? i + 1 : i
                // The link text: up to 500 characters, no brackets or line breaks.
                var j = open + 1
                while j < chars.count, j - open <= 500, chars[j] != "]", chars[j] != "[", chars[j] != "\n" { j += 1 }
                if j < chars.count, chars[j] == "]", j + 1 < chars.count, chars[j + 1] == "(" {
                    var k = j + 2
                    while k < chars.count, k - j <= 2000, chars[k] != ")", chars[k] != " ", chars[k] != "\n", chars[k] != "(", chars[k] != "\"" { k += 1 }
                    if k < chars.count, chars[k] == ")" {
                        let label = escapedText(chars[(open + 1)..<j])
                        let target = String(chars[(j + 2)..<k])
                        let lower = target.lowercased()
                        let safe = lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#")
                        if image {
                            links.append(label)  // the alternative text, never the image
                        } else if safe {
                            links.append("<a href=\"\(escapeText(target))\" rel=\"noopener noreferrer\">\(label)</a>")
                        } else {
                            links.append(label)
                        }
                        out += marker(links.count - 1)
                        i = k + 1
                        atLineStart = false
                        continue
                    }
                }
            }
            switch c {
            case "[": out += "&#91;"
            case "]": out += "&#93;"
            case "!": out += "&#33;"
            case "<": out += "&lt;"
            case ">" where !atLineStart: out += "&gt;"
            default: out.append(c)
            }
            if c == "\n" {
                atLineStart = true
            } else if c != " ", c != ">" {
                atLineStart = false
            }
            i += 1
        }
        return (out, links)
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

    private static func escapeText(_ text: String) -> String { HTMLText.escape(text) }
}

/// HTML escaping for text placed in HTML (element content or a quoted attribute): the charts'
/// escaping, so report text and chart labels are escaped alike.
enum HTMLText {
    static func escape(_ text: String) -> String { Escape.xml(text) }
}
