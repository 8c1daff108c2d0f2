import Foundation

/// A radar (spider) chart: one axis per dimension, running clockwise from straight up, and one
/// outline per series (for example a rater group).
///
/// The centre is the scale's minimum and the outer ring its maximum, with a ring at every tick.
/// A series with a score on every axis is drawn as a closed, lightly filled outline; a series
/// with gaps is drawn only as lines between neighbouring axes that both have scores, so a missing
/// score is never drawn as if it were the minimum. Every point carries the series' marker, and
/// outlines differ in dash pattern as well as colour.
public struct RadarChart: Sendable, Equatable {
    /// The prefix of every element id; `[A-Za-z0-9_-]`, unique on the page.
    public let id: String
    /// The chart's title (the SVG `<title>` and the table caption).
    public let title: String
    /// A sentence or two saying what the chart shows (the SVG `<desc>`).
    public let description: String
    /// The value range and its rings.
    public let scale: ChartScale
    /// The axis labels, clockwise from the top (3 to 12 axes).
    public let axes: [String]
    /// The series, in legend and drawing order.
    public let series: [ChartSeries]
    /// The heading of the label column in the tables.
    public let rowHeading: String
    /// The look of the chart.
    public let style: ChartStyle

    /// Makes a radar chart, checking every field.
    ///
    /// - Throws: `ChartError` naming the field at fault: a bad id, an empty title, description
    ///   or label, fewer than 3 or more than 12 axes, more series than the style tells apart,
    ///   duplicate series ids, or a series whose value count differs from the axis count.
    public init(id: String, title: String, description: String, scale: ChartScale, axes: [String],
                series: [ChartSeries], rowHeading: String = "Dimension", style: ChartStyle = .default) throws {
        try Check.id(id, "chart id")
        let chart = "radar chart \"\(id)\""
        try Check.text(title, "chart \"\(id)\" title")
        try Check.text(description, "chart \"\(id)\" description")
        try Check.text(rowHeading, "chart \"\(id)\" row heading")
        try Check.count(axes.count, 3...12, "axes", chart: chart)
        for (index, axis) in axes.enumerated() { try Check.text(axis, "\(chart) axis \(index + 1) label") }
        try Check.series(series, rows: axes.count, rowName: "axes", style: style, chart: chart)
        self.id = id
        self.title = title
        self.description = description
        self.scale = scale
        self.axes = axes
        self.series = series
        self.rowHeading = rowHeading
        self.style = style
    }

    /// Draws the chart and writes its tables.
    public func render() -> RenderedChart {
        let table = table()
        return RenderedChart(svg: svg(), tableHTML: table.html(id: id), markdown: table.markdown())
    }

    /// The layout: where the centre is, how long the axes are, and where each axis label goes.
    struct Geometry: Equatable {
        var centreX: Double
        var centreY: Double
        var radius: Double
        var height: Double
        var labels: [AxisLabel]
    }

    /// An axis label, wrapped, placed relative to the centre.
    struct AxisLabel: Equatable {
        var wrapped: WrappedText
        var dx: Double
        var baselineDY: Double
        var anchor: String
    }

    private static let dashes = ["", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4", "3 2 1 2"]

    /// The direction of axis `index` of `count`, as (cos, sin) in SVG coordinates (y down), with
    /// the first axis straight up and exact values at the quarter turns.
    static func direction(_ index: Int, of count: Int) -> (Double, Double) {
        // Quarter turns are exact so the first axis is exactly vertical on every platform.
        if (4 * index) % count == 0 {
            switch (4 * index) / count {
            case 0: return (0, -1)
            case 1: return (1, 0)
            case 2: return (0, 1)
            default: return (-1, 0)
            }
        }
        let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count)
        return (cos(angle), sin(angle))
    }

    /// Lays out the chart below a legend of `legendHeight`: the radius is set by the width left
    /// for side labels, and the height by how far the outline and the labels reach up and down.
    func geometry(legendHeight: Double, metrics: TextMetrics) -> Geometry {
        let pad = 10.0
        let labelWidth = min(150, (style.width * 0.2).rounded())
        let radius = min(240, (style.width - 2 * (pad + labelWidth + 12)) / 2)
        let lineHeight = style.lineHeight
        var above = 0.0, below = 0.0
        var labels: [AxisLabel] = []
        for (index, text) in axes.enumerated() {
            let (c, s) = Self.direction(index, of: axes.count)
            let dx = (radius + 10) * c
            let dy = (radius + 10) * s
            let anchor = abs(c) < 0.2 ? "middle" : (c > 0 ? "start" : "end")
            let width = anchor == "middle" ? labelWidth * 1.4 : labelWidth
            let wrapped = metrics.wrap(text, width: width, fontSize: style.fontSize, maxLines: style.maxLabelLines + 1)
            let lines = Double(max(1, wrapped.lines.count))
            let baseline: Double
            if s < -0.8 {
                baseline = dy - (lines - 1) * lineHeight - 4
            } else if s > 0.8 {
                baseline = dy + style.fontSize + 2
            } else {
                baseline = dy - (lines - 1) * lineHeight / 2 + style.fontSize * 0.35
            }
            labels.append(AxisLabel(wrapped: wrapped, dx: dx, baselineDY: baseline, anchor: anchor))
            above = max(above, -radius * s, -(baseline - style.fontSize))
            below = max(below, radius * s, baseline + (lines - 1) * lineHeight + style.fontSize * 0.3)
        }
        let centreY = (pad + legendHeight + above + 4).rounded()
        return Geometry(centreX: style.width / 2, centreY: centreY, radius: radius,
                        height: (centreY + below + 4 + pad).rounded(.up), labels: labels)
    }

    private func svg() -> String {
        var canvas = Canvas(id: id, style: style)
        let pad = canvas.padding
        let legend = series.enumerated().map { index, s in
            (LegendKey.markedLine(style.marker(index), style.colour(index), dash: Self.dashes[index % Self.dashes.count]), s.label)
        }
        let legendHeight = canvas.legend(legend, top: pad)
        let g = geometry(legendHeight: legendHeight == 0 ? 0 : legendHeight + 6, metrics: canvas.metrics)
        let count = axes.count
        func point(_ axis: Int, _ value: Double) -> (Double, Double) {
            let (c, s) = Self.direction(axis, of: count)
            let r = g.radius * scale.fraction(value)
            return (g.centreX + r * c, g.centreY + r * s)
        }

        // Rings, spokes and ring numbers.
        canvas.body.open("g", [("id", "\(id)-grid"), ("fill", "none"), ("stroke", style.gridColor), ("stroke-width", "1")])
        for tick in scale.ticks where tick.value > scale.min {
            canvas.body.leaf("polygon", [("points", points((0..<count).map { point($0, tick.value) }))])
        }
        for axis in 0..<count {
            let (x, y) = point(axis, scale.max)
            canvas.body.leaf("line", [("x1", n(g.centreX)), ("y1", n(g.centreY)), ("x2", n(x)), ("y2", n(y)), ("stroke", style.axisColor)])
        }
        canvas.body.close("g")
        // Ring numbers go on top of the series (below), with a white halo so lines do not hide them.
        var rings = SVGWriter()
        rings.open("g", [("id", "\(id)-rings"), ("font-size", n(style.smallFontSize)), ("fill", style.axisColor),
                         ("stroke", "#FFFFFF"), ("stroke-width", "3"), ("paint-order", "stroke")])
        for tick in scale.ticks {
            let (_, y) = point(0, tick.value)
            rings.element("text", [("x", n(g.centreX + 4)), ("y", n(y - 3))], text: DecimalText.plain(tick.value))
        }
        rings.close("g")

        // Axis labels.
        canvas.body.open("g", [("id", "\(id)-axes")])
        for (axis, label) in axes.enumerated() {
            let placed = g.labels[axis]
            canvas.body.open("g", [("id", "\(id)-axis-\(axis + 1)")])
            canvas.draw(placed.wrapped, full: label, x: g.centreX + placed.dx, baseline: g.centreY + placed.baselineDY,
                        anchor: placed.anchor, fontSize: style.fontSize)
            canvas.body.close("g")
        }
        canvas.body.close("g")

        // Series.
        for (index, s) in series.enumerated() {
            let colour = style.colour(index)
            let dash = Self.dashes[index % Self.dashes.count]
            let values = s.values.map(Check.score)
            canvas.body.open("g", [("id", "\(id)-series-\(s.id)")])
            var lineAttributes: SVGWriter.Attributes = [("fill", "none"), ("stroke", colour), ("stroke-width", "2")]
            if !dash.isEmpty { lineAttributes.append(("stroke-dasharray", dash)) }
            if values.allSatisfy({ $0 != nil }) {
                let list = values.enumerated().map { point($0.offset, $0.element!) }
                // Fills only while few outlines overlap; more would muddy into one colour.
                if series.count <= 3 {
                    canvas.body.leaf("polygon", [("points", points(list)), ("fill", colour), ("fill-opacity", "0.08"), ("stroke", "none")])
                }
                canvas.body.leaf("polygon", [("points", points(list))] + lineAttributes)
            } else {
                for axis in 0..<count {
                    let next = (axis + 1) % count
                    guard let a = values[axis], let b = values[next] else { continue }
                    let (x1, y1) = point(axis, a), (x2, y2) = point(next, b)
                    canvas.body.leaf("line", [("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2))] + lineAttributes.dropFirst())
                }
            }
            for (axis, value) in values.enumerated() {
                guard let value else { continue }
                let (x, y) = point(axis, value)
                canvas.body.marker(style.marker(index), x: x, y: y, size: 10, colour: colour)
            }
            canvas.body.close("g")
        }
        canvas.body.append(rings)
        var height = g.height
        // Words of the scale: the rings carry numbers only, so name what the numbers mean.
        let named = scale.ticks.filter { $0.label != nil }
        if !named.isEmpty {
            let key = "Rings: " + named.map { DecimalText.plain($0.value) + " " + Text.normalised($0.label!) }.joined(separator: ", ")
            let lines = canvas.text(key, x: style.width / 2, baseline: height - pad + style.smallFontSize + 4, width: style.width - 2 * pad,
                                    anchor: "middle", fontSize: style.smallFontSize, maxLines: 2, colour: style.axisColor)
            height += Double(lines) * style.smallLineHeight + 8
        }
        return canvas.svg(kind: "radar", height: height, title: title, description: description)
    }

    private func table() -> FigureTable {
        let format = FigureFormat(decimals: style.decimals, scale: scale)
        var table = FigureTable(caption: title, columns: [rowHeading] + series.map(\.label), rows: [])
        for (index, axis) in axes.enumerated() {
            table.rows.append([axis] + series.map { format.cell($0.values[index]) })
        }
        if series.isEmpty { table.notes.append("No series to show.") }
        return table
    }
}
