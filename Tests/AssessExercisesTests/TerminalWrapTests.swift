@testable import AssessExercises
import Testing

@Suite("Terminal prompts wrap at word boundaries")
struct TerminalWrapTests {
    @Test("long lines break between words, keep their indent, and options hang under their text")
    func wraps() {
        let text = "You are a staff nurse on a busy ward with two colleagues off sick today.\n  12) Check the drug chart and the allergy band yourself first"
        let wrapped = TerminalFrontEnd.wrap(text, width: 30)
        #expect(wrapped == """
            You are a staff nurse on a
            busy ward with two colleagues
            off sick today.
              12) Check the drug chart and
                  the allergy band
                  yourself first
            """)
        for line in wrapped.split(separator: "\n") { #expect(line.count <= 30) }
    }

    @Test("escape codes take no columns, and short lines are left alone")
    func escapeCodes() {
        let styled = "  \u{1B}[36m1)\u{1B}[0m Ask Sam to wait a moment"
        #expect(TerminalFrontEnd.wrap(styled, width: 40) == styled)
        #expect(TerminalFrontEnd.wrap("short\n\nlines", width: 10) == "short\n\nlines")
        let long = TerminalFrontEnd.wrap("  \u{1B}[36m1)\u{1B}[0m Ask Sam to wait a moment please", width: 20)
        #expect(long == "  \u{1B}[36m1)\u{1B}[0m Ask Sam to wait\n     a moment please")
    }
}
