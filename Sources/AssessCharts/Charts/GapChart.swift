/// Self against others: per row, a bar from zero to the gap (self minus others), right when self
/// rated higher and left when lower, with dashed threshold lines at plus and minus `threshold`.
///
/// The two directions differ in colour and in the arrowhead at the bar's end; the gap is also
/// written beside each row, followed by the row's flag ("blind spot", "hidden strength") in words.
public struct GapChart: Sendable, Equatable {
    /// The prefix of every element id; `[A-Za-z0-9_-]`, unique on the page.
    public let id: String
    /// The chart's title (the SVG `<title>` and the table caption).
    public let title: String
    /// A sentence or two saying what the chart shows (the SVG `<desc>`).
    public let description: String
    /// The rating scale of the self and others scores (for notes on values outside it).
    public let scale: ChartScale
    /// The rows, top to bottom (1 to 60).
    public let rows: [GapRow]
    /// The gap that counts as notable, drawn as lines at plus and minus it; `nil` for none.
    public let threshold: Double?
    /// The largest gap the axis shows either side of zero; larger gaps are drawn at the end and
    /// noted in the tables.
    public let limit: Double
    /// The name of the self score in the legend and tables.
    public let selfLabel: String
    /// The name of the others' score in the legend and tables.
    public let othersLabel: String
    /// The heading of the label column in the tables.
    public let rowHeading: String
    /// The look of the chart.
    public let style: ChartStyle

    /// Makes a gap chart, checking every field.
    ///
    /// - Parameters:
    ///   - threshold: Positive, at most the scale's span and at most `limit`; `nil` draws no threshold lines.
    ///   - limit: Positive and at most the scale's span. When `nil`, the smallest multiple of 0.5
    ///     (of 1 for spans over 10) that holds every gap and the threshold, at least 1, at most the span.
    /// - Throws: `ChartError` naming the field at fault.
    public init(id: String, title: String, description: String, scale: ChartScale, rows: [GapRow],
                threshold: Double? = nil, limit: Double? = nil, selfLabel: String = "Self",
                othersLabel: String = "All others", rowHeading: String = "Dimension",
                style: ChartStyle = .default) throws {
        try Check.id(id, "chart id")
        let chart = "gap chart \"\(id)\""
        try Check.text(title, "chart \"\(id)\" title")
        try Check.text(description, "chart \"\(id)\" description")
        try Check.text(rowHeading, "chart \"\(id)\" row heading")
        try Check.text(selfLabel, "\(chart) self label")
        try Check.text(othersLabel, "\(chart) others label")
        try Check.count(rows.count, 1...60, "rows", chart: chart)
        for (index, row) in rows.enumerated() { try Check.text(row.label, "\(chart) row \(index + 1) label") }
        if let threshold, !(threshold.isFinite && threshold > 0 && threshold <= scale.span) {
            throw ChartError(.invalidSetting, "\(chart) threshold: expected a number above 0 and at most \(DecimalText.plain(scale.span)) (the scale's span)")
        }
        if let limit, !(limit.isFinite && limit > 0 && limit <= scale.span) {
            throw ChartError(.invalidSetting, "\(chart) limit: expected a number above 0 and at most \(DecimalText.plain(scale.span)) (the scale's span)")
        }
        self.id = id
        self.title = title
        self.description = description
        self.scale = scale
        self.rows = rows
        self.threshold = threshold
        self.selfLabel = selfLabel
        self.othersLabel = othersLabel
        self.rowHeading = rowHeading
        self.style = style
        if let limit {
            if let threshold, threshold > limit {
                throw ChartError(.invalidSetting, "\(chart) threshold: \(DecimalText.plain(threshold)) lies beyond the limit \(DecimalText.plain(limit)); expected a threshold at most the limit")
            }
            self.limit = limit
        } else {
            let step = scale.span > 10 ? 1.0 : 0.5
            let largest = rows.compactMap { Self.gap($0) }.map(abs).max() ?? 0
            let needed = max(largest, threshold ?? 0)
            self.limit = min(scale.span, max(1, (needed / step).rounded(.up) * step))
        }
    }

    /// The gap of a row, or `nil` when either score is missing.
    static func gap(_ row: GapRow) -> Double? {
        guard let s = Check.score(row.selfScore), let o = Check.score(row.othersScore) else { return nil }
        return s - o
    }

    /// Draws the chart and writes its tables.
    public func render() -> RenderedChart {
        let table = table()
        return RenderedChart(svg: svg(), tableHTML: table.html(id: id), markdown: table.markdown())
    }

    private var format: FigureFormat { FigureFormat(decimals: style.decimals, scale: scale) }
    private var higherColour: String { style.colour(1) }
    private var lowerColour: String { style.colour(0) }

    private func svg() -> String {
        var canvas = Canvas(id: id, style: style)
        let pad = canvas.padding
        var legend: [(LegendKey, String)] = [
            (.arrow(lowerColour, right: false), "\(selfLabel) lower than \(othersLabel)"),
            (.arrow(higherColour, right: true), "\(selfLabel) higher than \(othersLabel)"),
        ]
        if let threshold { legend.append((.dashedLine(style.axisColor), "Threshold \u{B1}\(format.number(threshold))")) }
        var y = pad + canvas.legend(legend, top: pad) + 6

        let labelWidth = (style.width * style.labelColumnFraction).rounded()
        let valueWidth = (style.width * 0.2).rounded()
        let x0 = pad + labelWidth + 12
        let x1 = style.width - pad - valueWidth - 10
        let zero = (x0 + x1) / 2
        let half = (x1 - x0) / 2
        func x(_ gap: Double) -> Double { zero + half * max(-1, min(1, gap / limit)) }

        let wrapped = rows.map { canvas.metrics.wrap($0.label, width: labelWidth, fontSize: style.fontSize, maxLines: style.maxLabelLines) }
        let flags = rows.map { row in
            canvas.metrics.wrap(row.flag ?? "", width: valueWidth - 46, fontSize: style.smallFontSize, maxLines: 2)
        }
        let heights = zip(wrapped, flags).map { label, flag in
            max(style.rowHeight, Double(label.lines.count) * style.lineHeight + 12, Double(flag.lines.count) * style.smallLineHeight + 8)
        }
        y += 2
        let top = y
        let bottom = top + heights.reduce(0, +)

        // Grid and axis.
        let step = Self.tickStep(limit)
        let count = Int((limit / step).rounded(.down))
        canvas.body.open("g", [("id", "\(id)-axis"), ("font-size", n(style.smallFontSize))])
        for k in -count...count {
            let value = Double(k) * step
            let px = x(value)
            canvas.body.leaf("line", [("x1", n(px)), ("y1", n(top)), ("x2", n(px)), ("y2", n(bottom + 4)),
                                      ("stroke", k == 0 ? style.axisColor : style.gridColor), ("stroke-width", k == 0 ? "1.5" : "1")])
            canvas.body.element("text", [("x", n(px)), ("y", n(bottom + 4 + style.smallLineHeight)), ("text-anchor", "middle")],
                                text: k == 0 ? "0" : (k > 0 ? "+" : "-") + DecimalText.plain(abs(value)))
        }
        canvas.body.leaf("line", [("x1", n(x0)), ("y1", n(bottom)), ("x2", n(x1)), ("y2", n(bottom)), ("stroke", style.axisColor), ("stroke-width", "1")])
        let directionBaseline = bottom + 4 + 2 * style.smallLineHeight
        canvas.body.element("text", [("x", n(x0)), ("y", n(directionBaseline)), ("fill", style.axisColor)],
                            text: "\u{2190} \(selfLabel) lower")
        canvas.body.element("text", [("x", n(x1)), ("y", n(directionBaseline)), ("text-anchor", "end"), ("fill", style.axisColor)],
                            text: "\(selfLabel) higher \u{2192}")
        if let threshold {
            for sign in [-1.0, 1.0] {
                let px = x(sign * threshold)
                canvas.body.leaf("line", [("x1", n(px)), ("y1", n(top - 2)), ("x2", n(px)), ("y2", n(bottom)),
                                          ("stroke", style.axisColor), ("stroke-width", "1.5"), ("stroke-dasharray", "4 3")])
            }
        }
        canvas.body.close("g")

        var rowTop = top
        for (index, row) in rows.enumerated() {
            let height = heights[index]
            let centre = rowTop + height / 2
            canvas.body.open("g", [("id", "\(id)-row-\(index + 1)")])
            canvas.draw(wrapped[index], full: row.label, x: pad, baseline: canvas.firstBaseline(lines: wrapped[index].lines.count, centre: centre, fontSize: style.fontSize),
                        anchor: "start", fontSize: style.fontSize)
            let valueX = x1 + 10
            if let gap = Self.gap(row) {
                let end = x(gap)
                let colour = gap >= 0 ? higherColour : lowerColour
                let head = min(7, abs(end - zero))
                if head > 0 {
                    let barEnd = gap >= 0 ? end - head : end + head
                    let left = min(zero, barEnd)
                    canvas.body.leaf("rect", [("x", n(left)), ("y", n(centre - 5)), ("width", n(abs(barEnd - zero))), ("height", "10"), ("fill", colour)])
                    canvas.body.leaf("polygon", [("points", points([(end, centre), (barEnd, centre - 7), (barEnd, centre + 7)])), ("fill", colour)])
                } else {
                    canvas.body.leaf("line", [("x1", n(zero)), ("y1", n(centre - 7)), ("x2", n(zero)), ("y2", n(centre + 7)), ("stroke", style.textColor), ("stroke-width", "2")])
                }
                canvas.body.element("text", [("x", n(valueX)), ("y", n(centre + style.fontSize * 0.35)), ("font-weight", "bold")], text: format.signed(gap))
            } else {
                canvas.body.element("text", [("x", n(valueX)), ("y", n(centre + style.smallFontSize * 0.35)), ("font-size", n(style.smallFontSize)), ("fill", style.axisColor)],
                                    text: FigureFormat.noScore)
            }
            if let flag = row.flag, !flags[index].lines.isEmpty {
                canvas.draw(flags[index], full: flag, x: valueX + 44, baseline: canvas.firstBaseline(lines: flags[index].lines.count, centre: centre, fontSize: style.smallFontSize),
                            anchor: "start", fontSize: style.smallFontSize, bold: false)
            }
            canvas.body.close("g")
            rowTop += height
        }
        let height = directionBaseline + 4 + pad
        return canvas.svg(kind: "gap", height: height, title: title, description: description)
    }

    /// The tick spacing: the smallest of 0.25, 0.5, 1, 2, 5, ... giving at most two ticks each side of zero.
    static func tickStep(_ limit: Double) -> Double {
        for step in [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100] where limit / step <= 2 { return step }
        return ChartScale.niceStep(limit / 2)
    }

    private func table() -> FigureTable {
        var table = FigureTable(caption: title, columns: [rowHeading, selfLabel, othersLabel, "Gap (\(selfLabel) minus \(othersLabel))", "Flag"], rows: [])
        for row in rows {
            var gapCell = FigureFormat.noScore
            if let gap = Self.gap(row) {
                gapCell = format.signed(gap)
                if abs(gap) > limit {
                    gapCell += " (beyond the axis; drawn at \(gap > 0 ? "+" : "-")\(DecimalText.plain(limit)))"
                }
            }
            table.rows.append([row.label, format.cell(row.selfScore), format.cell(row.othersScore), gapCell, row.flag.map(Text.normalised) ?? ""])
        }
        if let threshold { table.notes.append("Dashed lines on the chart mark gaps of plus and minus \(format.number(threshold)).") }
        return table
    }
}
