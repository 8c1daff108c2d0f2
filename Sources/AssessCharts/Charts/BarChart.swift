/// Horizontal bars, one row per dimension or item, with a marker per group on each row.
///
/// A row shows the `bar` series as a bar from the scale's minimum to its value, and every series
/// in `markers` as a marker (its own colour and shape) at its value; markers of one row are
/// spread slightly up and down so equal values stay visible. Optional bands shade the
/// background (for example the four levels of a framework) and are named above the rows.
/// The height grows with the rows; labels wrap onto `style.maxLabelLines` lines.
public struct BarChart: Sendable, Equatable {
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
    /// The row labels, top to bottom (1 to 60 rows).
    public let rows: [String]
    /// The series drawn as bars, if any.
    public let bar: ChartSeries?
    /// The series drawn as markers, in legend order.
    public let markers: [ChartSeries]
    /// The heading of the label column in the tables (for example "Dimension" or "Item").
    public let rowHeading: String
    /// The look of the chart.
    public let style: ChartStyle

    /// Makes a bar chart, checking every field.
    ///
    /// - Throws: `ChartError` naming the field at fault: a bad id, an empty title, description
    ///   or label, bands outside the scale, fewer than 1 or more than 60 rows, more series than the
    ///   style can tell apart, duplicate series ids, or a series whose value count differs from
    ///   the row count.
    public init(id: String, title: String, description: String, scale: ChartScale, bands: [ChartBand] = [],
                rows: [String], bar: ChartSeries? = nil, markers: [ChartSeries] = [],
                rowHeading: String = "Dimension", style: ChartStyle = .default) throws {
        try Check.id(id, "chart id")
        try Check.text(title, "chart \"\(id)\" title")
        try Check.text(description, "chart \"\(id)\" description")
        try Check.text(rowHeading, "chart \"\(id)\" row heading")
        try Check.count(rows.count, 1...60, "rows", chart: "bar chart \"\(id)\"")
        for (index, row) in rows.enumerated() { try Check.text(row, "bar chart \"\(id)\" row \(index + 1) label") }
        try scale.validate(bands: bands)
        let all = (bar.map { [$0] } ?? []) + markers
        try Check.series(all, rows: rows.count, rowName: "rows", style: style, chart: "bar chart \"\(id)\"")
        self.id = id
        self.title = title
        self.description = description
        self.scale = scale
        self.bands = bands
        self.rows = rows
        self.bar = bar
        self.markers = markers
        self.rowHeading = rowHeading
        self.style = style
    }

    /// Draws the chart and writes its tables.
    public func render() -> RenderedChart {
        RenderedChart(svg: svg(), tableHTML: table().html(id: id), markdown: table().markdown())
    }

    private var format: FigureFormat { FigureFormat(decimals: style.decimals, scale: scale) }

    private func svg() -> String {
        var canvas = Canvas(id: id, style: style)
        let pad = canvas.padding
        var legend: [(LegendKey, String)] = []
        if let bar { legend.append((.bar(barColour), bar.label)) }
        for (index, series) in markers.enumerated() {
            legend.append((.marker(style.marker(index), style.colour(index)), series.label))
        }
        var y = pad + canvas.legend(legend, top: pad)
        if !legend.isEmpty { y += 6 }
        if !bands.isEmpty { y += style.smallLineHeight + 4 }

        let labelWidth = (style.width * style.labelColumnFraction).rounded()
        let x0 = pad + labelWidth + 12
        let guess = style.width - pad - x0
        let x1 = style.width - pad - canvas.rightOverhang(scale, plotWidth: guess)
        let plotWidth = x1 - x0

        let wrapped = rows.map { canvas.metrics.wrap($0, width: labelWidth, fontSize: style.fontSize, maxLines: style.maxLabelLines) }
        let heights = wrapped.map { max(style.rowHeight, Double($0.lines.count) * style.lineHeight + 12) }
        let top = y
        let bottom = top + heights.reduce(0, +)

        canvas.bands(bands, scale: scale, x0: x0, x1: x1, top: top, bottom: bottom)
        canvas.horizontalAxis(scale, x0: x0, x1: x1, top: top, bottom: bottom)

        let markerCount = markers.count
        let spread = markerCount > 1 ? min(5.0, (style.rowHeight - 14) / Double(markerCount - 1)) : 0
        var rowTop = top
        for (index, label) in rows.enumerated() {
            let height = heights[index]
            let centre = rowTop + height / 2
            canvas.body.open("g", [("id", "\(id)-row-\(index + 1)")])
            canvas.draw(wrapped[index], full: label, x: pad, baseline: canvas.firstBaseline(lines: wrapped[index].lines.count, centre: centre, fontSize: style.fontSize),
                        anchor: "start", fontSize: style.fontSize)
            canvas.body.leaf("line", [("x1", n(x0)), ("y1", n(centre)), ("x2", n(x1)), ("y2", n(centre)), ("stroke", style.gridColor), ("stroke-width", "1")])
            if let bar, let value = Check.score(bar.values[index]) {
                let right = x0 + plotWidth * scale.fraction(value)
                canvas.body.leaf("rect", [("x", n(x0)), ("y", n(centre - 6)), ("width", n(right - x0)), ("height", "12"),
                                          ("fill", barColour), ("fill-opacity", "0.85"), ("data-series", bar.id)])
            }
            for (seriesIndex, series) in markers.enumerated() {
                guard let value = Check.score(series.values[index]) else { continue }
                let x = x0 + plotWidth * scale.fraction(value)
                let dy = (Double(seriesIndex) - Double(markerCount - 1) / 2) * spread
                canvas.body.marker(style.marker(seriesIndex), x: x, y: centre + dy, size: 10, colour: style.colour(seriesIndex))
            }
            canvas.body.close("g")
            rowTop += height
        }
        let height = bottom + canvas.axisHeight(scale, plotWidth: plotWidth) + pad
        return canvas.svg(kind: "bar", height: height, title: title, description: description)
    }

    private var barColour: String { style.barColor }

    private func table() -> FigureTable {
        let all = (bar.map { [$0] } ?? []) + markers
        var table = FigureTable(caption: title, columns: [rowHeading] + all.map(\.label), rows: [])
        for (index, label) in rows.enumerated() {
            var cells = [label]
            for series in all {
                var cell = format.cell(series.values[index])
                if let value = Check.score(series.values[index]), let band = scale.band(of: value, in: bands) {
                    cell += " (\(band.label))"
                }
                cells.append(cell)
            }
            table.rows.append(cells)
        }
        if all.isEmpty { table.notes.append("No series to show.") }
        return table
    }
}
