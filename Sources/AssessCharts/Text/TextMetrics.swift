/// Estimates how wide text is drawn and breaks it into lines that fit.
///
/// SVG has no text layout of its own and the reader's font is unknown, so widths come from
/// Helvetica's advance widths (which Arial and Liberation Sans share) for ASCII, a generous
/// average for other scripts, a full em for wide East Asian characters, all multiplied by an
/// allowance for wider fallback fonts.
struct TextMetrics {
    var allowance: Double

    /// Helvetica advance widths, in thousandths of an em, for U+0020 to U+007E.
    private static let ascii: [UInt16] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // space to /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0 to ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @ to O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P to _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // ` to o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  // p to ~
    ]

    /// The width of one character at `fontSize`.
    func width(of character: Character, fontSize: Double) -> Double {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let v = scalar.value
        let thousandths: Double
        if v >= 0x20 && v <= 0x7E {
            thousandths = Double(Self.ascii[Int(v - 0x20)])
        } else if v == 0x2026 {
            thousandths = 1000
        } else if Self.isWide(v) {
            thousandths = 1000
        } else {
            thousandths = 620
        }
        return thousandths / 1000 * fontSize * allowance
    }

    /// The width of a string at `fontSize`.
    func width(of text: some StringProtocol, fontSize: Double) -> Double {
        text.reduce(0) { $0 + width(of: $1, fontSize: fontSize) }
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || v >= 0x20000
    }

    /// Breaks `text` into at most `maxLines` lines no wider than `width`, breaking at spaces
    /// (and inside a word only when the word alone is too wide). When the text does not fit, the
    /// last line ends with an ellipsis and `truncated` is true.
    func wrap(_ text: String, width: Double, fontSize: Double, maxLines: Int) -> WrappedText {
        let words = Text.normalised(text).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return WrappedText(lines: [], truncated: false) }
        var lines: [String] = []
        var current = ""
        for word in words {
            let candidate = current.isEmpty ? word : current + " " + word
            if self.width(of: candidate, fontSize: fontSize) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current); current = "" }
            // The word alone: break it by characters if it is too wide for a line.
            var piece = ""
            for character in word {
                if !piece.isEmpty && self.width(of: piece + String(character), fontSize: fontSize) > width {
                    lines.append(piece)
                    piece = ""
                }
                piece.append(character)
            }
            current = piece
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return WrappedText(lines: lines, truncated: false) }
        var kept = Array(lines.prefix(maxLines))
        kept[maxLines - 1] = ellipsized(kept[maxLines - 1], width: width, fontSize: fontSize, force: true)
        return WrappedText(lines: kept, truncated: true)
    }

    /// `line` shortened until it and a trailing ellipsis fit in `width`; with `force`, the
    /// ellipsis is added even when the line already fits (because text follows it).
    func ellipsized(_ line: String, width: Double, fontSize: Double, force: Bool = false) -> String {
        if !force && self.width(of: line, fontSize: fontSize) <= width { return line }
        var shortened = line
        while !shortened.isEmpty && self.width(of: shortened + "\u{2026}", fontSize: fontSize) > width {
            shortened.removeLast()
        }
        while shortened.last == " " { shortened.removeLast() }
        return shortened + "\u{2026}"
    }
}

/// Text broken into lines for drawing.
struct WrappedText: Equatable {
    /// The lines, top to bottom.
    var lines: [String]
    /// Whether text was cut and an ellipsis added.
    var truncated: Bool
}
