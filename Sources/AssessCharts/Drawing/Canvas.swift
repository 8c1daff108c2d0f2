/// What a legend entry shows before its words.
enum LegendKey {
    /// A series marker alone.
    case marker(MarkerShape, String)
    /// A series marker on a short line in the series' dash pattern (empty for solid).
    case markedLine(MarkerShape, String, dash: String)
    /// A filled bar swatch.
    case bar(String)
    /// A bar swatch with an arrowhead, pointing right or left.
    case arrow(String, right: Bool)
    /// A short dashed line.
    case dashedLine(String)
    /// A short thick upright line (a median).
    case tick(String)
    /// An outlined box (a quartile range).
    case box(String)
}

/// The drawing surface one chart writes into, with the pieces every chart shares: wrapped labels,
/// the legend, horizontal axes and bands, and the `<svg>` wrapper with its title and description.
struct Canvas {
    let id: String
    let style: ChartStyle
    let metrics: TextMetrics
    var body = SVGWriter()
    let padding = 10.0

    init(id: String, style: ChartStyle) {
        self.id = id
        self.style = style
        self.metrics = style.metrics
    }

    var width: Double { style.width }

    // MARK: Text

    /// Wraps `text` to `width` and draws it with its first baseline at `baseline`. When the text
    /// was cut, the drawing carries the full text in a `<title>` so it can still be read.
    /// - Returns: the number of lines drawn.
    @discardableResult
    mutating func text(_ text: String, x: Double, baseline: Double, width: Double, anchor: String = "start",
                       fontSize: Double? = nil, maxLines: Int? = nil, bold: Bool = false, colour: String? = nil) -> Int {
        let size = fontSize ?? style.fontSize
        let wrapped = metrics.wrap(text, width: width, fontSize: size, maxLines: maxLines ?? style.maxLabelLines)
        draw(wrapped, full: text, x: x, baseline: baseline, anchor: anchor, fontSize: size, bold: bold, colour: colour)
        return wrapped.lines.count
    }

    /// Draws lines already wrapped.
    mutating func draw(_ wrapped: WrappedText, full: String, x: Double, baseline: Double, anchor: String,
                       fontSize: Double, bold: Bool = false, colour: String? = nil) {
        guard !wrapped.lines.isEmpty else { return }
        let lineHeight = (fontSize * 1.25).rounded()
        if wrapped.truncated {
            body.open("g")
            body.element("title", text: Text.normalised(full))
        }
        var attributes: SVGWriter.Attributes = [("x", n(x)), ("y", n(baseline)), ("font-size", n(fontSize))]
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if bold { attributes.append(("font-weight", "bold")) }
        if let colour { attributes.append(("fill", colour)) }
        if wrapped.lines.count == 1 {
            body.element("text", attributes, text: wrapped.lines[0])
        } else {
            body.open("text", attributes)
            for (index, line) in wrapped.lines.enumerated() {
                body.element("tspan", [("x", n(x)), ("y", n(baseline + Double(index) * lineHeight))], text: line)
            }
            body.close("text")
        }
        if wrapped.truncated { body.close("g") }
    }

    /// The baseline of the first of `lines` lines centred on `centre`.
    func firstBaseline(lines: Int, centre: Double, fontSize: Double) -> Double {
        let lineHeight = (fontSize * 1.25).rounded()
        return centre - Double(max(lines, 1) - 1) * lineHeight / 2 + fontSize * 0.35
    }

    // MARK: Legend

    /// Lays out and draws a legend from `top`, wrapping entries onto new lines.
    /// - Returns: the height used (0 for no entries).
    mutating func legend(_ entries: [(LegendKey, String)], top: Double) -> Double {
        guard !entries.isEmpty else { return 0 }
        let rowHeight = style.lineHeight + 6
        let keyWidth = 18.0
        let maxText = min(240, width - 2 * padding - keyWidth - 6)
        var x = padding
        var y = top
        body.open("g", [("id", "\(id)-legend"), ("font-size", n(style.fontSize))])
        for (key, label) in entries {
            let line = metrics.ellipsized(Text.normalised(label), width: maxText, fontSize: style.fontSize)
            let textWidth = metrics.width(of: line, fontSize: style.fontSize)
            let entryWidth = keyWidth + 6 + textWidth
            if x > padding && x + entryWidth > width - padding {
                x = padding
                y += rowHeight
            }
            let centre = y + rowHeight / 2
            drawKey(key, x: x, centre: centre, width: keyWidth)
            draw(WrappedText(lines: [line], truncated: line != Text.normalised(label)), full: label,
                 x: x + keyWidth + 6, baseline: centre + style.fontSize * 0.35, anchor: "start", fontSize: style.fontSize)
            x += entryWidth + 18
        }
        body.close("g")
        return y + rowHeight - top
    }

    private mutating func drawKey(_ key: LegendKey, x: Double, centre: Double, width: Double) {
        switch key {
        case let .marker(shape, colour):
            body.marker(shape, x: x + width / 2, y: centre, size: 10, colour: colour)
        case let .markedLine(shape, colour, dash):
            var attributes: SVGWriter.Attributes = [("x1", n(x - 4)), ("y1", n(centre)), ("x2", n(x + width + 4)), ("y2", n(centre)), ("stroke", colour), ("stroke-width", "2")]
            if !dash.isEmpty { attributes.append(("stroke-dasharray", dash)) }
            body.leaf("line", attributes)
            body.marker(shape, x: x + width / 2, y: centre, size: 10, colour: colour)
        case let .bar(colour):
            body.leaf("rect", [("x", n(x)), ("y", n(centre - 5)), ("width", n(width)), ("height", "10"), ("fill", colour)])
        case let .arrow(colour, right):
            let tip = right ? x + width : x
            let back = right ? x + width - 6 : x + 6
            let barStart = right ? x : x + 6
            body.leaf("rect", [("x", n(barStart)), ("y", n(centre - 4)), ("width", n(width - 6)), ("height", "8"), ("fill", colour)])
            body.leaf("polygon", [("points", points([(tip, centre), (back, centre - 6), (back, centre + 6)])), ("fill", colour)])
        case let .dashedLine(colour):
            body.leaf("line", [("x1", n(x)), ("y1", n(centre)), ("x2", n(x + width)), ("y2", n(centre)), ("stroke", colour), ("stroke-width", "1.5"), ("stroke-dasharray", "4 3")])
        case let .tick(colour):
            body.leaf("line", [("x1", n(x + width / 2)), ("y1", n(centre - 7)), ("x2", n(x + width / 2)), ("y2", n(centre + 7)), ("stroke", colour), ("stroke-width", "3")])
        case let .box(colour):
            body.leaf("rect", [("x", n(x)), ("y", n(centre - 6)), ("width", n(width)), ("height", "12"), ("fill", "none"), ("stroke", colour), ("stroke-width", "1.5")])
        }
    }

    // MARK: Horizontal value axis (bars and strips)

    /// The wrapped words of each tick, fitted to the space between ticks.
    func tickLabels(_ scale: ChartScale, plotWidth: Double) -> [WrappedText] {
        let values = scale.ticks.map(\.value)
        var gap = scale.span
        for (a, b) in zip(values, values.dropFirst()) { gap = min(gap, b - a) }
        let slot = max(24, min(130, plotWidth * gap / scale.span - 6))
        return scale.ticks.map { tick in
            metrics.wrap(tick.label ?? "", width: slot, fontSize: style.smallFontSize, maxLines: 2)
        }
    }

    /// How far the words of the last tick reach right of its position, so the plot can leave room.
    func rightOverhang(_ scale: ChartScale, plotWidth: Double) -> Double {
        guard let last = scale.ticks.last else { return 0 }
        let labels = tickLabels(scale, plotWidth: plotWidth)
        let number = DecimalText.plain(last.value)
        let widest = ([number] + (labels.last?.lines ?? [])).map { metrics.width(of: $0, fontSize: style.smallFontSize) }.max() ?? 0
        let position = plotWidth * scale.fraction(last.value)
        return max(0, position + widest / 2 - plotWidth)
    }

    /// The height the axis numbers and tick words take under the rows.
    func axisHeight(_ scale: ChartScale, plotWidth: Double) -> Double {
        let lines = tickLabels(scale, plotWidth: plotWidth).map(\.lines.count).max() ?? 0
        return 6 + style.smallLineHeight + Double(lines) * style.smallLineHeight
    }

    /// Draws grid lines at every tick from `top` to `bottom`, then the numbers and words beneath.
    mutating func horizontalAxis(_ scale: ChartScale, x0: Double, x1: Double, top: Double, bottom: Double) {
        let plotWidth = x1 - x0
        let labels = tickLabels(scale, plotWidth: plotWidth)
        body.open("g", [("id", "\(id)-axis"), ("font-size", n(style.smallFontSize))])
        body.leaf("line", [("x1", n(x0)), ("y1", n(bottom)), ("x2", n(x1)), ("y2", n(bottom)), ("stroke", style.axisColor), ("stroke-width", "1")])
        for (tick, words) in zip(scale.ticks, labels) {
            let x = x0 + plotWidth * scale.fraction(tick.value)
            body.leaf("line", [("x1", n(x)), ("y1", n(top)), ("x2", n(x)), ("y2", n(bottom + 4)), ("stroke", style.gridColor), ("stroke-width", "1")])
            let numberBaseline = bottom + 4 + style.smallLineHeight
            body.element("text", [("x", n(x)), ("y", n(numberBaseline)), ("text-anchor", "middle")], text: DecimalText.plain(tick.value))
            if let label = tick.label {
                draw(words, full: label, x: x, baseline: numberBaseline + style.smallLineHeight, anchor: "middle", fontSize: style.smallFontSize, colour: style.axisColor)
            }
        }
        body.close("g")
    }

    /// Draws band backgrounds from `top` to `bottom` with their names in the strip above `top`.
    mutating func bands(_ bands: [ChartBand], scale: ChartScale, x0: Double, x1: Double, top: Double, bottom: Double) {
        guard !bands.isEmpty else { return }
        let plotWidth = x1 - x0
        body.open("g", [("id", "\(id)-bands"), ("font-size", n(style.smallFontSize))])
        for (index, band) in bands.enumerated() {
            let end = index + 1 < bands.count ? bands[index + 1].from : scale.max
            let left = x0 + plotWidth * scale.fraction(band.from)
            let right = x0 + plotWidth * scale.fraction(end)
            body.leaf("rect", [("x", n(left)), ("y", n(top)), ("width", n(right - left)), ("height", n(bottom - top)), ("fill", style.bandFills[index % style.bandFills.count])])
            let words = metrics.wrap(band.label, width: max(8, right - left - 4), fontSize: style.smallFontSize, maxLines: 1)
            draw(words, full: band.label, x: (left + right) / 2, baseline: top - 5, anchor: "middle", fontSize: style.smallFontSize, colour: style.axisColor)
        }
        body.close("g")
    }

    // MARK: The document

    /// The finished `<svg>` element of the given height.
    func svg(kind: String, height: Double, title: String, description: String) -> String {
        var head = SVGWriter()
        head.open("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("id", id),
            ("class", "assess-chart assess-chart-\(kind)"),
            ("role", "img"),
            ("aria-labelledby", "\(id)-title \(id)-desc"),
            ("viewBox", "0 0 \(n(width)) \(n(height.rounded(.up)))"),
            ("width", "100%"),
            ("style", "max-width:\(n(width))px;height:auto;display:block"),
            ("font-family", style.fontFamily),
            ("font-size", n(style.fontSize)),
            ("fill", style.textColor),
        ])
        head.element("title", [("id", "\(id)-title")], text: Text.normalised(title))
        head.element("desc", [("id", "\(id)-desc")], text: Text.normalised(description))
        head.append(body)
        head.close("svg")
        return head.output
    }
}
