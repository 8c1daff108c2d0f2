@testable import AssessCharts
import Testing

@Suite("Number formatting")
struct FormattingTests {
    @Test("Fixed decimals round half away from zero on the exact value of the double")
    func fixedRounding() {
        #expect(DecimalText.fixed(4.76875, decimals: 4) == "4.7687")  // stored as 4.768749999...
        #expect(DecimalText.fixed(0.125, decimals: 2) == "0.13")  // exactly half: away from zero
        #expect(DecimalText.fixed(-0.125, decimals: 2) == "-0.13")
        #expect(DecimalText.fixed(2.675, decimals: 2) == "2.67")  // stored as 2.67499999...
        #expect(DecimalText.fixed(9.995, decimals: 2) == "9.99")  // stored as 9.99499999...
        #expect(DecimalText.fixed(99.5, decimals: 0) == "100")
        #expect(DecimalText.fixed(-0.5, decimals: 0) == "-1")
        #expect(DecimalText.fixed(3.5, decimals: 2) == "3.50")
        #expect(DecimalText.fixed(3, decimals: 0) == "3")
        #expect(DecimalText.fixed(0, decimals: 3) == "0.000")
    }

    @Test("No exponent, ever, for tiny and huge values")
    func noExponent() {
        #expect(DecimalText.fixed(1e-05, decimals: 5) == "0.00001")
        #expect(DecimalText.fixed(1e-05, decimals: 2) == "0.00")
        #expect(DecimalText.fixed(Double.leastNonzeroMagnitude, decimals: 2) == "0.00")
        #expect(DecimalText.fixed(1e21, decimals: 1) == "1000000000000000000000.0")
        #expect(DecimalText.fixed(123456789.125, decimals: 2) == "123456789.13")
        #expect(DecimalText.plain(1e-05) == "0")
        #expect(DecimalText.plain(1e-05, maxDecimals: 6) == "0.00001")
    }

    @Test("Negative zero is never printed")
    func noNegativeZero() {
        #expect(DecimalText.fixed(-0.0, decimals: 2) == "0.00")
        #expect(DecimalText.fixed(-0.001, decimals: 2) == "0.00")
        #expect(DecimalText.fixed(-0.004999, decimals: 2) == "0.00")
        #expect(DecimalText.fixed(-0.005, decimals: 2) == "-0.01")
        #expect(DecimalText.coordinate(-0.0) == "0")
        #expect(DecimalText.coordinate(-0.001) == "0")
        #expect(DecimalText.coordinate(-12.5) == "-12.5")
    }

    @Test("Coordinates keep at most two places without trailing zeros")
    func coordinates() {
        #expect(DecimalText.coordinate(12.5) == "12.5")
        #expect(DecimalText.coordinate(12.0) == "12")
        #expect(DecimalText.coordinate(194.0049) == "194")
        #expect(DecimalText.coordinate(1.0 / 3.0) == "0.33")
        #expect(DecimalText.coordinate(719.999) == "720")
    }

    @Test("The decimal expansion of 0.1 is the exact value of the double")
    func exactExpansion() {
        let (digits, integerCount) = DecimalText.expansion(0.1)
        #expect(integerCount == 0)
        #expect(digits.map { String($0) }.joined() == "1000000000000000055511151231257827021181583404541015625")
        let (big, bigCount) = DecimalText.expansion(1024)
        #expect(big == [1, 0, 2, 4] && bigCount == 4)
    }

    @Test("Figures in tables follow the style's decimals and say where clamped values were drawn")
    func figureCells() throws {
        let format = FigureFormat(decimals: 1, scale: try ChartScale(min: 1, max: 5))
        #expect(format.cell(3.25) == "3.3")
        #expect(format.cell(nil) == "no score")
        #expect(format.cell(.nan) == "no score")
        #expect(format.cell(.infinity) == "no score")
        #expect(format.cell(6) == "6.0 (outside the scale 1 to 5; drawn at 5)")
        #expect(format.cell(0.5) == "0.5 (outside the scale 1 to 5; drawn at 1)")
        #expect(format.signed(0.25) == "+0.3")
        #expect(format.signed(-0.25) == "-0.3")
        #expect(format.signed(-0.01) == "0.0")
        #expect(format.signed(0) == "0.0")
    }
}

@Suite("Escaping and text layout")
struct TextTests {
    @Test("XML escaping turns markup into text and replaces characters XML forbids")
    func xmlEscaping() {
        #expect(Escape.xml("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(Escape.xml("\"a\" & 'b'") == "&quot;a&quot; &amp; &#39;b&#39;")
        #expect(Escape.xml("a\u{0}b\u{1B}c\u{FFFE}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(Escape.xml("Café – 360°") == "Café – 360°")
    }

    @Test("Markdown cells cannot add columns, links, emphasis or raw HTML")
    func markdownEscaping() {
        #expect(Escape.markdownCell("a | b") == "a \\| b")
        #expect(Escape.markdownCell("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;")
        #expect(Escape.markdownCell("[link](http://x) *em* _u_") == "\\[link\\](http://x) \\*em\\* \\_u\\_")
        #expect(Escape.markdownCell("two\nlines\r\n\there") == "two lines here")
        #expect(Escape.markdownCell("a\\b") == "a\\\\b")
    }

    @Test("Short text stays on one line; long text wraps at spaces within the width")
    func wrapping() {
        let metrics = TextMetrics(allowance: 1)
        let short = metrics.wrap("Leading with care", width: 200, fontSize: 12, maxLines: 2)
        #expect(short == WrappedText(lines: ["Leading with care"], truncated: false))
        let long = metrics.wrap("Notices when colleagues are under pressure and responds", width: 150, fontSize: 12, maxLines: 4)
        #expect(long.lines.count > 1)
        #expect(!long.truncated)
        #expect(long.lines.joined(separator: " ") == "Notices when colleagues are under pressure and responds")
        for line in long.lines { #expect(metrics.width(of: line, fontSize: 12) <= 150) }
    }

    @Test("Text that needs more lines than allowed ends with an ellipsis within the width")
    func truncation() {
        let metrics = TextMetrics(allowance: 1.12)
        let text = String(repeating: "word ", count: 40)
        let wrapped = metrics.wrap(text, width: 120, fontSize: 12, maxLines: 2)
        #expect(wrapped.truncated)
        #expect(wrapped.lines.count == 2)
        #expect(wrapped.lines[1].hasSuffix("\u{2026}"))
        for line in wrapped.lines { #expect(metrics.width(of: line, fontSize: 12) <= 120) }
    }

    @Test("A word wider than the line is broken inside")
    func longWord() {
        let metrics = TextMetrics(allowance: 1)
        let wrapped = metrics.wrap(String(repeating: "W", count: 30), width: 100, fontSize: 12, maxLines: 10)
        #expect(wrapped.lines.count > 1)
        #expect(wrapped.lines.joined() == String(repeating: "W", count: 30))
        for line in wrapped.lines { #expect(metrics.width(of: line, fontSize: 12) <= 100) }
    }

    @Test("Empty or blank text gives no lines")
    func blank() {
        #expect(TextMetrics(allowance: 1).wrap(" \n\t ", width: 100, fontSize: 12, maxLines: 2).lines.isEmpty)
    }
}
