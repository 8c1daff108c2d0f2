/// The figures of a chart as a table, written as accessible HTML and as Markdown.
struct FigureTable {
    /// The table's caption (the chart's title).
    var caption: String
    /// Column headings; the first heads the row labels.
    var columns: [String]
    /// Rows of cells; the first cell of each is the row's label (a row header).
    var rows: [[String]]
    /// Sentences shown under the table (in `<tfoot>` and after the Markdown table).
    var notes: [String] = []

    /// An HTML table with `<caption>`, `scope`d headers and, for notes, a footer.
    func html(id: String) -> String {
        var out = "<table class=\"assess-chart-table\" id=\"\(Escape.xml(id))-table\">\n"
        out += "<caption>\(Escape.xml(Text.normalised(caption)))</caption>\n"
        out += "<thead>\n<tr>" + columns.map { "<th scope=\"col\">\(Escape.xml(Text.normalised($0)))</th>" }.joined() + "</tr>\n</thead>\n"
        out += "<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                out += index == 0 ? "<th scope=\"row\">\(Escape.xml(Text.normalised(cell)))</th>" : "<td>\(Escape.xml(Text.normalised(cell)))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n"
        if !notes.isEmpty {
            out += "<tfoot>\n"
            for note in notes {
                out += "<tr><td colspan=\"\(columns.count)\">\(Escape.xml(Text.normalised(note)))</td></tr>\n"
            }
            out += "</tfoot>\n"
        }
        out += "</table>\n"
        return out
    }

    /// A GitHub-flavoured Markdown table under the caption in bold, figures right-aligned.
    func markdown() -> String {
        var out = "**\(Escape.markdownCell(caption))**\n\n"
        out += "| " + columns.map(Escape.markdownCell).joined(separator: " | ") + " |\n"
        out += "|" + columns.indices.map { $0 == 0 ? " --- |" : " ---: |" }.joined() + "\n"
        for row in rows {
            out += "| " + row.map(Escape.markdownCell).joined(separator: " | ") + " |\n"
        }
        for (index, note) in notes.enumerated() {
            out += (index == 0 ? "\n" : "") + Escape.markdownCell(note) + "\n"
        }
        return out
    }
}

/// How figures are written in the tables and on the drawing.
struct FigureFormat {
    let decimals: Int
    let scale: ChartScale

    /// The words for a missing value.
    static let noScore = "no score"

    func number(_ x: Double) -> String { DecimalText.fixed(x, decimals: decimals) }

    /// A number with an explicit sign ("+0.50", "-0.25", "0.00").
    func signed(_ x: Double) -> String {
        let text = number(x)
        return text.hasPrefix("-") || DecimalText.fixed(x, decimals: decimals).allSatisfy({ $0 == "0" || $0 == "." }) ? text : "+" + text
    }

    /// A table cell for a value on the scale: "no score", the number, or the number with where it
    /// was drawn when it lies outside the scale.
    func cell(_ value: Double?) -> String {
        guard let value = Check.score(value) else { return Self.noScore }
        return number(value) + outsideNote(value)
    }

    /// " (outside the scale 1 to 5; drawn at 5)" for values outside the scale, else "".
    func outsideNote(_ value: Double) -> String {
        guard value < scale.min || value > scale.max else { return "" }
        let drawnAt = value < scale.min ? scale.min : scale.max
        return " (outside the scale \(DecimalText.plain(scale.min)) to \(DecimalText.plain(scale.max)); drawn at \(DecimalText.plain(drawnAt)))"
    }

    /// The value clamped to the scale.
    func clamped(_ value: Double) -> Double { min(scale.max, max(scale.min, value)) }
}
