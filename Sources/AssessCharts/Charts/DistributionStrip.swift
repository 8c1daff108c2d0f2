/// A cohort view: per row, one dot per subject's score, with the middle half (quartiles) boxed,
/// the median marked by a thick line, and optionally one value picked out (a diamond).
///
/// Equal or near-equal scores are stacked up and down so every dot stays visible. Quartiles are
/// computed by linear interpolation between order statistics (Hyndman and Fan's type 7, the
/// default of R and NumPy) on the scores as given; values outside the scale are drawn at its
/// ends and noted in the tables.
public struct DistributionStrip: Sendable, Equatable {
    /// The prefix of every element id; `[A-Za-z0-9_-]`, unique on the page.
    public let id: String
    /// The chart's title (the SVG `<title>` and the table caption).
    public let title: String
    /// A sentence or two saying what the chart shows (the SVG `<desc>`).
    public let description: String
    /// The value range and its marks.
    public let scale: ChartScale
    /// Background bands, in ascending order of `from`; may be empty.
    public let bands: [ChartBand]
    /// The rows, top to bottom (1 to 60).
    public let rows: [DistributionRow]
    /// The legend and column name of the highlighted values (for example "This subject").
    public let highlightLabel: String
    /// The heading of the label column in the tables.
    public let rowHeading: String
    /// The look of the chart.
    public let style: ChartStyle

    /// Makes a distribution strip, checking every field.
    ///
    /// - Throws: `ChartError` naming the field at fault; a row may hold at most 10,000 scores.
    public init(id: String, title: String, description: String, scale: ChartScale, bands: [ChartBand] = [],
                rows: [DistributionRow], highlightLabel: String = "This subject", rowHeading: String = "Dimension",
                style: ChartStyle = .default) throws {
        try Check.id(id, "chart id")
        let chart = "distribution strip \"\(id)\""
        try Check.text(title, "chart \"\(id)\" title")
        try Check.text(description, "chart \"\(id)\" description")
        try Check.text(rowHeading, "chart \"\(id)\" row heading")
        try Check.text(highlightLabel, "\(chart) highlight label")
        try Check.count(rows.count, 1...60, "rows", chart: chart)
        for (index, row) in rows.enumerated() {
            try Check.text(row.label, "\(chart) row \(index + 1) label")
            if row.scores.count > 10_000 {
                throw ChartError(.wrongCount, "\(chart) row \(index + 1): \(row.scores.count) scores, expected at most 10000")
            }
        }
        try scale.validate(bands: bands)
        self.id = id
        self.title = title
        self.description = description
        self.scale = scale
        self.bands = bands
        self.rows = rows
        self.highlightLabel = highlightLabel
        self.rowHeading = rowHeading
        self.style = style
    }

    /// Draws the chart and writes its tables.
    public func render() -> RenderedChart {
        let table = table()
        return RenderedChart(svg: svg(), tableHTML: table.html(id: id), markdown: table.markdown())
    }

    /// The five-number summary of a row's scores.
    struct Summary: Equatable {
        var count: Int
        var lowest: Double
        var lowerQuartile: Double
        var median: Double
        var upperQuartile: Double
        var highest: Double
    }

    static func summary(_ scores: [Double?]) -> Summary? {
        let sorted = scores.compactMap(Check.score).sorted()
        guard !sorted.isEmpty else { return nil }
        func quantile(_ p: Double) -> Double {
            let h = Double(sorted.count - 1) * p
            let low = Int(h.rounded(.down))
            let high = min(low + 1, sorted.count - 1)
            return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
        }
        return Summary(count: sorted.count, lowest: sorted[0], lowerQuartile: quantile(0.25), median: quantile(0.5),
                       upperQuartile: quantile(0.75), highest: sorted[sorted.count - 1])
    }

    private var format: FigureFormat { FigureFormat(decimals: style.decimals, scale: scale) }
    private var dotColour: String { style.colour(0) }
    private var summaryColour: String { style.textColor }
    private var highlightColour: String { style.colour(1) }

    private func svg() -> String {
        var canvas = Canvas(id: id, style: style)
        let pad = canvas.padding
        var legend: [(LegendKey, String)] = [
            (.marker(.circle, dotColour), "One subject's score"),
            (.box(summaryColour), "Middle half (quartiles)"),
            (.tick(summaryColour), "Median"),
        ]
        let hasHighlight = rows.contains { Check.score($0.highlight) != nil }
        if hasHighlight { legend.append((.marker(.diamond, highlightColour), highlightLabel)) }
        var y = pad + canvas.legend(legend, top: pad) + 6
        if !bands.isEmpty { y += style.smallLineHeight + 4 }

        let labelWidth = (style.width * style.labelColumnFraction).rounded()
        let countWidth = 56.0
        let x0 = pad + labelWidth + 12
        let guess = style.width - pad - countWidth - x0
        let x1 = style.width - pad - countWidth - canvas.rightOverhang(scale, plotWidth: guess)
        let plotWidth = x1 - x0
        func px(_ value: Double) -> Double { x0 + plotWidth * scale.fraction(value) }

        let wrapped = rows.map { canvas.metrics.wrap($0.label, width: labelWidth, fontSize: style.fontSize, maxLines: style.maxLabelLines) }
        let rowHeight = max(style.rowHeight, 36)
        let heights = wrapped.map { max(rowHeight, Double($0.lines.count) * style.lineHeight + 12) }
        let top = y
        let bottom = top + heights.reduce(0, +)
        canvas.bands(bands, scale: scale, x0: x0, x1: x1, top: top, bottom: bottom)
        canvas.horizontalAxis(scale, x0: x0, x1: x1, top: top, bottom: bottom)

        var rowTop = top
        for (index, row) in rows.enumerated() {
            let height = heights[index]
            let centre = rowTop + height / 2
            canvas.body.open("g", [("id", "\(id)-row-\(index + 1)")])
            canvas.draw(wrapped[index], full: row.label, x: pad, baseline: canvas.firstBaseline(lines: wrapped[index].lines.count, centre: centre, fontSize: style.fontSize),
                        anchor: "start", fontSize: style.fontSize)
            canvas.body.leaf("line", [("x1", n(x0)), ("y1", n(centre)), ("x2", n(x1)), ("y2", n(centre)), ("stroke", style.gridColor), ("stroke-width", "1")])
            if let summary = Self.summary(row.scores) {
                let boxHeight = height - 10
                let q1 = px(summary.lowerQuartile), q3 = px(summary.upperQuartile)
                canvas.body.leaf("rect", [("x", n(q1)), ("y", n(centre - boxHeight / 2)), ("width", n(q3 - q1)), ("height", n(boxHeight)),
                                          ("fill", "none"), ("stroke", summaryColour), ("stroke-width", "1.5")])
                dots(row.scores, centre: centre, room: boxHeight / 2 - 3, px: px, into: &canvas.body)
                let m = px(summary.median)
                canvas.body.leaf("line", [("x1", n(m)), ("y1", n(centre - boxHeight / 2 - 2)), ("x2", n(m)), ("y2", n(centre + boxHeight / 2 + 2)),
                                          ("stroke", summaryColour), ("stroke-width", "3")])
            }
            if let highlight = Check.score(row.highlight) {
                canvas.body.marker(.diamond, x: px(highlight), y: centre, size: 13, colour: highlightColour)
            }
            let count = row.scores.compactMap(Check.score).count
            canvas.body.element("text", [("x", n(style.width - pad)), ("y", n(centre + style.smallFontSize * 0.35)), ("text-anchor", "end"),
                                         ("font-size", n(style.smallFontSize)), ("fill", style.axisColor)], text: "n = \(count)")
            canvas.body.close("g")
            rowTop += height
        }
        let height = bottom + canvas.axisHeight(scale, plotWidth: plotWidth) + pad
        return canvas.svg(kind: "strip", height: height, title: title, description: description)
    }

    /// Draws one dot per score; dots within a dot's width of each other stack outward from the
    /// row's centre line (up, down, further up, ...), folding back when they run out of room.
    private func dots(_ scores: [Double?], centre: Double, room: Double, px: (Double) -> Double, into body: inout SVGWriter) {
        let radius = 3.5
        let positions = scores.compactMap(Check.score).sorted().map(px)
        let levels = max(1, Int((room / (radius * 1.6)).rounded(.down)))
        guard !positions.isEmpty else { return }
        var columnStart = -Double.infinity
        var inColumn = 0
        // Colour and size are set once on the group: a large cohort gives many dots.
        body.open("g", [("fill", dotColour), ("fill-opacity", "0.6")])
        defer { body.close("g") }
        for x in positions {
            if x - columnStart >= radius * 1.6 {
                columnStart = x
                inColumn = 0
            }
            let level = inColumn % (2 * levels + 1)
            let offset = level == 0 ? 0 : Double((level + 1) / 2) * radius * 1.6 * (level % 2 == 1 ? -1 : 1)
            body.leaf("circle", [("cx", n(x)), ("cy", n(centre + offset)), ("r", n(radius))])
            inColumn += 1
        }
    }

    private func table() -> FigureTable {
        let hasHighlight = rows.contains { $0.highlight != nil }
        var columns = [rowHeading, "Scores", "No score", "Lowest", "Lower quartile", "Median", "Upper quartile", "Highest"]
        if hasHighlight { columns.append(highlightLabel) }
        var table = FigureTable(caption: title, columns: columns, rows: [])
        var outside = false
        for row in rows {
            let valid = row.scores.compactMap(Check.score)
            var cells = [row.label, String(valid.count), String(row.scores.count - valid.count)]
            if let summary = Self.summary(row.scores) {
                cells += [summary.lowest, summary.lowerQuartile, summary.median, summary.upperQuartile, summary.highest].map { format.cell($0) }
            } else {
                cells += Array(repeating: FigureFormat.noScore, count: 5)
            }
            if hasHighlight { cells.append(format.cell(row.highlight)) }
            if valid.contains(where: { $0 < scale.min || $0 > scale.max }) { outside = true }
            table.rows.append(cells)
        }
        if outside {
            table.notes.append("Some scores lie outside the scale \(DecimalText.plain(scale.min)) to \(DecimalText.plain(scale.max)); the chart draws them at its nearer end.")
        }
        table.notes.append("Quartiles by linear interpolation between ordered scores.")
        return table
    }
}
