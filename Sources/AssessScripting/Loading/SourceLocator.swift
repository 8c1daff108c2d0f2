import Foundation

/// Finds the line a problem belongs to by searching the sources a script loaded (the script
/// first, then the modules it required), since Lua records no line for a table field.
struct SourceLocator {
    struct Source {
        var chunk: String
        var lines: [Substring]
    }

    var sources: [Source]

    init(_ sources: [(chunk: String, text: String)]) {
        self.sources = sources.map { Source(chunk: $0.chunk, lines: $0.text.split(separator: "\n", omittingEmptySubsequences: false)) }
    }

    /// The chunk and 1-based line of the n-th declaration `id = "x"`, or of the first `name =`.
    func locate(_ anchor: Anchor) -> (chunk: String, line: Int)? {
        switch anchor {
        case .call:
            return nil
        case .id(let id, let occurrence):
            var seen = 0
            for source in sources {
                for (index, line) in source.lines.enumerated() where declaresId(line, id) {
                    seen += 1
                    if seen == occurrence { return (source.chunk, index + 1) }
                }
            }
            return nil
        case .key(let name):
            for source in sources {
                for (index, line) in source.lines.enumerated() where assigns(line, name) {
                    return (source.chunk, index + 1)
                }
            }
            return nil
        }
    }

    private func declaresId(_ line: Substring, _ id: String) -> Bool {
        for quote in ["\"", "'"] {
            let needle = quote + id + quote
            var rest = line[...]
            while let range = rest.range(of: needle) {
                let before = rest[..<range.lowerBound].trimmingTrailingSpaces()
                if before.hasSuffix("=") {
                    let key = before.dropLast().trimmingTrailingSpaces()
                    if key.hasSuffix("id"), !key.dropLast(2).last.map(isNameCharacter).orFalse { return true }
                }
                rest = rest[range.upperBound...]
            }
        }
        return false
    }

    private func assigns(_ line: Substring, _ name: String) -> Bool {
        var rest = line[...]
        while let range = rest.range(of: name) {
            let before = rest[..<range.lowerBound].last
            let after = rest[range.upperBound...].drop { $0 == " " || $0 == "\t" }
            if !(before.map(isNameCharacter) ?? false), after.hasPrefix("="), !after.hasPrefix("==") { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}

private func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

private extension Optional where Wrapped == Bool {
    var orFalse: Bool { self ?? false }
}

private extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
