@testable import AssessCharts
import Testing

@Suite("Radar chart")
struct RadarChartTests {
    @Test("A score at the maximum on the first axis sits straight up from the centre at the full radius")
    func firstAxisGeometry() throws {
        let chart = try RadarChart(id: "r", title: "T", description: "D", scale: try ChartScale(min: 1, max: 5),
                                   axes: ["A", "B", "C", "D"], series: [ChartSeries(id: "s", label: "Self", values: [5, 3, 1, 2])])
        let tree = try #require(XMLTree.parse(chart.render().svg))
        // Width 720: side labels get min(150, 144) = 144, so R = (720 - 2 * (10 + 144 + 12)) / 2 = 194.
        let spokes = tree.all("line", inside: "r-grid")
        #expect(spokes.count == 4)
        let up = spokes[0]
        #expect(up.number("x1") == 360 && up.number("x2") == 360)
        let centreY = try #require(up.number("y1"))
        #expect(up.number("y2") == centreY - 194)
        // The second axis points right, the third down, the fourth left.
        #expect(spokes[1].number("x2") == 360 + 194 && spokes[1].number("y2") == centreY)
        #expect(spokes[2].number("x2") == 360 && spokes[2].number("y2") == centreY + 194)
        #expect(spokes[3].number("x2") == 360 - 194 && spokes[3].number("y2") == centreY)
        // Self's marker on the first axis (a circle) is at the top of the spoke.
        let markers = tree.all("circle", inside: "r-series-s")
        #expect(markers.count == 4)
        #expect(markers[0].number("cx") == 360 && markers[0].number("cy") == centreY - 194)
        // 3 on 1..5 is half way along the second axis; 1 (the minimum) is the centre.
        #expect(markers[1].number("cx") == 360 + 97 && markers[1].number("cy") == centreY)
        #expect(markers[2].number("cx") == 360 && markers[2].number("cy") == centreY)
        // The outline joins the four points.
        let outline = try #require(tree.all("polygon", inside: "r-series-s").last)
        #expect(outline.attributes["points"] == "360,\(n(centreY - 194)) 457,\(n(centreY)) 360,\(n(centreY)) 311.5,\(n(centreY))")
    }

    @Test("Rings are drawn at every tick above the minimum")
    func rings() throws {
        let chart = try RadarChart(id: "r", title: "T", description: "D", scale: try ChartScale(min: 1, max: 5),
                                   axes: ["A", "B", "C"], series: [])
        let tree = try #require(XMLTree.parse(chart.render().svg))
        #expect(tree.all("polygon", inside: "r-grid").count == 4)
        #expect(tree.all("text", inside: "r-rings").map(\.text) == ["1", "2", "3", "4", "5"])
    }

    @Test("A missing score draws no marker and breaks the outline on both sides; the table says no score")
    func missingScores() throws {
        let chart = try RadarChart(id: "r", title: "T", description: "D", scale: try ChartScale(min: 1, max: 5),
                                   axes: ["A", "B", "C", "D", "E"],
                                   series: [ChartSeries(id: "s", label: "Self", values: [5, nil, 3, .nan, 4])]).render()
        let tree = try #require(XMLTree.parse(chart.svg))
        #expect(tree.all("circle", inside: "r-series-s").count == 3)
        #expect(tree.all("polygon", inside: "r-series-s").isEmpty)
        // Only E to A (axes 5 and 1) are neighbours with both scores.
        #expect(tree.all("line", inside: "r-series-s").count == 1)
        #expect(chart.tableHTML.contains("<tr><th scope=\"row\">B</th><td>no score</td></tr>"))
        #expect(chart.tableHTML.contains("<tr><th scope=\"row\">D</th><td>no score</td></tr>"))
        #expect(chart.markdown.contains("| B | no score |"))
        #expect(!chart.tableHTML.contains("0.00"))
    }

    @Test("Series differ by shape and colour, and the legend names each")
    func seriesShapes() throws {
        let series = (0..<8).map { ChartSeries(id: "s\($0)", label: "Group \($0)", values: [3, 3, 3]) }
        let chart = try RadarChart(id: "r", title: "T", description: "D", scale: try ChartScale(min: 1, max: 5),
                                   axes: ["A", "B", "C"], series: series).render()
        let tree = try #require(XMLTree.parse(chart.svg))
        var signatures = Set<String>()
        for index in 0..<8 {
            let shapes = tree.elements.filter { $0.ancestorIDs.contains("r-series-s\(index)") && ["circle", "rect", "polygon"].contains($0.name) && $0.attributes["stroke"] == "#FFFFFF" }
            let first = try #require(shapes.first)
            signatures.insert(first.name + (first.attributes["points"].map { "\($0.split(separator: " ").count)" } ?? "") + "/" + (first.attributes["fill"] ?? ""))
            #expect(Set(shapes.map { $0.attributes["fill"] ?? "" }).count == 1)
        }
        let colours = Set(series.indices.map { ChartStyle.default.colour($0) })
        #expect(colours.count == 8)
        #expect(signatures.count == 8)
        #expect(tree.all("text", inside: "r-legend").map(\.text) == series.map(\.label))
    }

    @Test("Edge cases: no series, all missing, twelve axes")
    func edges() throws {
        let scale = try ChartScale(min: 1, max: 5)
        let empty = try RadarChart(id: "r", title: "T", description: "D", scale: scale, axes: ["A", "B", "C"], series: []).render()
        #expect(XMLTree.parse(empty.svg) != nil)
        #expect(empty.tableHTML.contains("No series to show."))
        let missing = try RadarChart(id: "r", title: "T", description: "D", scale: scale, axes: ["A", "B", "C"],
                                     series: [ChartSeries(id: "s", label: "S", values: [nil, nil, nil])]).render()
        let tree = try #require(XMLTree.parse(missing.svg))
        #expect(tree.all("circle", inside: "r-series-s").isEmpty && tree.all("line", inside: "r-series-s").isEmpty)
        #expect(missing.markdown.components(separatedBy: "no score").count == 4)
        let twelve = try RadarChart(id: "r", title: "T", description: "D", scale: scale, axes: (1...12).map { "Axis \($0)" },
                                    series: [ChartSeries(id: "s", label: "S", values: (1...12).map { Double($0 % 5 + 1) })]).render()
        #expect(try #require(XMLTree.parse(twelve.svg)).all("line", inside: "r-grid").count == 12)
    }

    @Test("Values outside the scale are drawn at its end and the table says so")
    func clamping() throws {
        let chart = try RadarChart(id: "r", title: "T", description: "D", scale: try ChartScale(min: 1, max: 5),
                                   axes: ["A", "B", "C"], series: [ChartSeries(id: "s", label: "S", values: [7, 0, 3])]).render()
        let tree = try #require(XMLTree.parse(chart.svg))
        let spoke = tree.all("line", inside: "r-grid")[0]
        let marker = tree.all("circle", inside: "r-series-s")[0]
        #expect(marker.number("cy") == spoke.number("y2"))
        #expect(chart.tableHTML.contains("7.00 (outside the scale 1 to 5; drawn at 5)"))
        #expect(chart.tableHTML.contains("0.00 (outside the scale 1 to 5; drawn at 1)"))
    }
}

@Suite("Bar chart")
struct BarChartTests {
    @Test("A bar runs from the scale's minimum; one at the maximum spans the axis; half way is half")
    func barGeometry() throws {
        let chart = try BarChart(id: "b", title: "T", description: "D", scale: try ChartScale(min: 1, max: 5), rows: ["A", "B", "C"],
                                 bar: ChartSeries(id: "all", label: "All", values: [5, 3, nil]))
        let tree = try #require(XMLTree.parse(chart.render().svg))
        let axis = try #require(tree.all("line", inside: "b-axis").first)
        let x0 = try #require(axis.number("x1")), x1 = try #require(axis.number("x2"))
        // The label column is 0.32 of 720 = 230.4, rounded to 230, after a padding of 10 and a gap of 12.
        #expect(x0 == 252)
        let full = try #require(tree.all("rect", inside: "b-row-1").first)
        #expect(full.number("x") == 252)
        #expect(full.number("width") == x1 - x0)
        let half = try #require(tree.all("rect", inside: "b-row-2").first)
        #expect(abs(try #require(half.number("width")) - (x1 - x0) / 2) <= 0.01)
        #expect(tree.all("rect", inside: "b-row-3").isEmpty)
    }

    @Test("Markers of a row sit at their values; a missing score draws nothing and reads no score")
    func markers() throws {
        let chart = try BarChart(id: "b", title: "T", description: "D", scale: try ChartScale(min: 0, max: 10), rows: ["A", "B"],
                                 markers: [ChartSeries(id: "self", label: "Self", values: [10, nil]),
                                           ChartSeries(id: "peer", label: "Peers", values: [0, .infinity])]).render()
        let tree = try #require(XMLTree.parse(chart.svg))
        let axis = try #require(tree.all("line", inside: "b-axis").first)
        let circle = try #require(tree.all("circle", inside: "b-row-1").first)
        #expect(circle.number("cx") == axis.number("x2"))
        let square = try #require(tree.all("rect", inside: "b-row-1").first)
        let squareX = try #require(square.number("x")), squareWidth = try #require(square.number("width"))
        #expect(squareX + squareWidth / 2 == axis.number("x1"))
        #expect(tree.all("circle", inside: "b-row-2").isEmpty && tree.all("rect", inside: "b-row-2").isEmpty)
        #expect(chart.markdown.contains("| B | no score | no score |"))
    }

    @Test("Bands shade the background, are named, and name the band of each figure in the table")
    func bands() throws {
        let chart = try BarChart(id: "b", title: "T", description: "D", scale: try ChartScale(min: 1, max: 4),
                                 bands: [ChartBand(from: 1, label: "Essential"), ChartBand(from: 2.5, label: "Strong")],
                                 rows: ["A"], bar: ChartSeries(id: "all", label: "All", values: [3]))
        let rendered = chart.render()
        let tree = try #require(XMLTree.parse(rendered.svg))
        let rects = tree.all("rect", inside: "b-bands")
        #expect(rects.count == 2)
        let axis = try #require(tree.all("line", inside: "b-axis").first)
        let x0 = try #require(axis.number("x1")), x1 = try #require(axis.number("x2"))
        #expect(abs(try #require(rects[1].number("x")) - (x0 + (x1 - x0) / 2)) <= 0.01)
        #expect(tree.all("text", inside: "b-bands").map(\.text) == ["Essential", "Strong"])
        #expect(rendered.tableHTML.contains("<td>3.00 (Strong)</td>"))
    }

    @Test("Height grows with the rows, up to sixty")
    func growsWithRows() throws {
        func height(_ rows: Int) throws -> Double {
            let chart = try BarChart(id: "b", title: "T", description: "D", scale: try ChartScale(min: 1, max: 5),
                                     rows: (1...rows).map { "Row \($0)" }, bar: ChartSeries(id: "a", label: "A", values: Array(repeating: 3, count: rows)))
            let box = try #require(XMLTree.parse(chart.render().svg)?.elements.first?.attributes["viewBox"])
            return try #require(Double(String(box.split(separator: " ")[3])))
        }
        let one = try height(1), sixty = try height(60)
        #expect(sixty - one == 59 * ChartStyle.default.rowHeight)
    }
}

@Suite("Gap chart")
struct GapChartTests {
    @Test("Self above others draws right of zero, below draws left; the flag is words beside the row")
    func directions() throws {
        let chart = try Samples.gap().render()
        let tree = try #require(XMLTree.parse(chart.svg))
        let zero = try #require(tree.all("line", inside: "gap-axis").first { $0.attributes["stroke-width"] == "1.5" && $0.attributes["stroke-dasharray"] == nil })
        let zeroX = try #require(zero.number("x1"))
        let up = try #require(tree.all("rect", inside: "gap-row-1").first)
        #expect(up.number("x") == zeroX)
        let down = try #require(tree.all("rect", inside: "gap-row-2").first)
        let downX = try #require(down.number("x")), downWidth = try #require(down.number("width"))
        #expect(downX + downWidth == zeroX)
        #expect(up.attributes["fill"] != down.attributes["fill"])
        #expect(tree.all("text", inside: "gap-row-1").map(\.text).contains("blind spot"))
        #expect(tree.all("text", inside: "gap-row-2").map(\.text).contains("hidden strength"))
        #expect(tree.all("text", inside: "gap-row-1").map(\.text).contains("+0.75"))
        #expect(tree.all("text", inside: "gap-row-2").map(\.text).contains("-1.00"))
        // No score on either side: no bar, and the words say so.
        #expect(tree.all("rect", inside: "gap-row-3").isEmpty)
        #expect(tree.all("text", inside: "gap-row-3").map(\.text).contains("no score"))
        #expect(tree.all("rect", inside: "gap-row-5").isEmpty)
        #expect(chart.markdown.contains("| Inspiring shared purpose | 3.50 | 2.75 | +0.75 | blind spot |"))
        #expect(chart.markdown.contains("| Evaluating information | no score | 3.00 | no score |  |"))
        // Threshold lines at plus and minus 0.5, dashed.
        #expect(tree.all("line", inside: "gap-axis").filter { $0.attributes["stroke-dasharray"] != nil }.count == 2)
    }

    @Test("The axis holds every gap by default; a set limit clamps longer bars and the table says so")
    func limits() throws {
        let scale = try ChartScale(min: 1, max: 5)
        let rows = [GapRow(label: "A", selfScore: 5, othersScore: 2.6)]
        #expect(try GapChart(id: "g", title: "T", description: "D", scale: scale, rows: rows).limit == 2.5)
        #expect(try GapChart(id: "g", title: "T", description: "D", scale: scale, rows: [GapRow(label: "A", selfScore: 3, othersScore: 3)]).limit == 1)
        let clamped = try GapChart(id: "g", title: "T", description: "D", scale: scale, rows: rows, limit: 1).render()
        #expect(clamped.tableHTML.contains("+2.40 (beyond the axis; drawn at +1)"))
    }
}

@Suite("Distribution strip")
struct DistributionStripTests {
    @Test("Quartiles interpolate between ordered scores; missing scores are counted, not used")
    func summary() throws {
        let s = try #require(DistributionStrip.summary([4, nil, 1, 3, .nan, 2]))
        #expect(s == DistributionStrip.Summary(count: 4, lowest: 1, lowerQuartile: 1.75, median: 2.5, upperQuartile: 3.25, highest: 4))
        #expect(DistributionStrip.summary([nil, .nan]) == nil)
        #expect(DistributionStrip.summary([2]) == DistributionStrip.Summary(count: 1, lowest: 2, lowerQuartile: 2, median: 2, upperQuartile: 2, highest: 2))
    }

    @Test("One dot per score, a box and a median per row with scores, the highlight as a diamond")
    func drawing() throws {
        let chart = try Samples.strip().render()
        let tree = try #require(XMLTree.parse(chart.svg))
        #expect(tree.all("circle", inside: "strip-row-1").count == 7)
        #expect(tree.all("rect", inside: "strip-row-1").count == 1)
        #expect(tree.all("polygon", inside: "strip-row-1").count == 1)
        #expect(tree.all("circle", inside: "strip-row-2").isEmpty && tree.all("rect", inside: "strip-row-2").isEmpty)
        #expect(tree.all("circle", inside: "strip-row-3").isEmpty && tree.all("polygon", inside: "strip-row-3").isEmpty)
        // Three dots at 2.5 share one x and are stacked apart.
        let dots = tree.all("circle", inside: "strip-row-1")
        let stacked = dots.filter { $0.attributes["cx"] == dots[3].attributes["cx"] }
        #expect(stacked.count == 3)
        #expect(Set(stacked.compactMap { $0.attributes["cy"] }).count == 3)
        #expect(chart.markdown.contains("| Inspiring shared purpose | 7 | 1 | 1.00 | 2.25 | 2.50 | 2.75 | 4.00 | 3.25 |"))
        #expect(chart.markdown.contains("| Leading with care | 0 | 0 | no score | no score | no score | no score | no score | no score |"))
        #expect(chart.tableHTML.contains("9.00 (outside the scale 1 to 4; drawn at 4)"))
        #expect(chart.tableHTML.contains("Some scores lie outside the scale 1 to 4"))
    }
}

@Suite("Validation")
struct ValidationTests {
    let scale = try! ChartScale(min: 1, max: 5)

    @Test("Ids must be letters, digits, hyphens or underscores")
    func ids() throws {
        for bad in ["", "a b", "a\"b", "<x>", "é", String(repeating: "a", count: 65)] {
            #expect(throws: ChartError.self) { try BarChart(id: bad, title: "T", description: "D", scale: scale, rows: ["A"]) }
        }
        #expect(throws: ChartError(.invalidID, "bar chart \"b\": series 1 id \"bad id\": expected 1 to 64 letters, digits, '-' or '_'")) {
            try BarChart(id: "b", title: "T", description: "D", scale: scale, rows: ["A"], markers: [ChartSeries(id: "bad id", label: "L", values: [1])])
        }
        _ = try BarChart(id: "Chart_1-a", title: "T", description: "D", scale: scale, rows: ["A"])
    }

    @Test("Title, description and labels are required")
    func texts() {
        #expect(throws: ChartError(.missingText, "chart \"b\" title is empty: expected some text")) {
            try BarChart(id: "b", title: " ", description: "D", scale: scale, rows: ["A"])
        }
        #expect(throws: ChartError(.missingText, "chart \"b\" description is empty: expected some text")) {
            try BarChart(id: "b", title: "T", description: "", scale: scale, rows: ["A"])
        }
        #expect(throws: ChartError(.missingText, "radar chart \"r\" axis 2 label is empty: expected some text")) {
            try RadarChart(id: "r", title: "T", description: "D", scale: scale, axes: ["A", "", "C"], series: [])
        }
    }

    @Test("Counts: radar 3 to 12 axes, rows 1 to 60, series no more than the style tells apart")
    func counts() {
        #expect(throws: ChartError(.wrongCount, "radar chart \"r\": 2 axes, expected 3 to 12")) {
            try RadarChart(id: "r", title: "T", description: "D", scale: scale, axes: ["A", "B"], series: [])
        }
        #expect(throws: ChartError.self) { try RadarChart(id: "r", title: "T", description: "D", scale: scale, axes: (0..<13).map { "A\($0)" }, series: []) }
        #expect(throws: ChartError(.wrongCount, "bar chart \"b\": 0 rows, expected 1 to 60")) {
            try BarChart(id: "b", title: "T", description: "D", scale: scale, rows: [])
        }
        #expect(throws: ChartError.self) { try GapChart(id: "g", title: "T", description: "D", scale: scale, rows: Array(repeating: GapRow(label: "A", selfScore: 1, othersScore: 1), count: 61)) }
        #expect(throws: ChartError.self) { try DistributionStrip(id: "d", title: "T", description: "D", scale: scale, rows: []) }
        let nine = (0..<9).map { ChartSeries(id: "s\($0)", label: "S", values: [1]) }
        #expect(throws: ChartError(.wrongCount, "bar chart \"b\": 9 series, but the style tells at most 8 apart (one colour and one marker shape each)")) {
            try BarChart(id: "b", title: "T", description: "D", scale: scale, rows: ["A"], markers: nine)
        }
    }

    @Test("Series: one value per row, unique ids, including the bar series")
    func series() {
        #expect(throws: ChartError(.valueCountMismatch, "radar chart \"r\": series 1 (\"s\"): 2 values for 3 axes, expected one value per axis")) {
            try RadarChart(id: "r", title: "T", description: "D", scale: scale, axes: ["A", "B", "C"], series: [ChartSeries(id: "s", label: "S", values: [1, 2])])
        }
        #expect(throws: ChartError(.duplicateID, "bar chart \"b\": series 2 (\"s\"): id used by another series of this chart")) {
            try BarChart(id: "b", title: "T", description: "D", scale: scale, rows: ["A"], bar: ChartSeries(id: "s", label: "S", values: [1]),
                         markers: [ChartSeries(id: "s", label: "S", values: [1])])
        }
    }

    @Test("Scales, ticks and bands are checked")
    func scales() throws {
        #expect(throws: ChartError.self) { try ChartScale(min: 5, max: 1) }
        #expect(throws: ChartError.self) { try ChartScale(min: 1, max: .infinity) }
        #expect(throws: ChartError.self) { try ChartScale(min: 1, max: 5, ticks: [ChartTick(value: 2), ChartTick(value: 2)]) }
        #expect(throws: ChartError.self) { try ChartScale(min: 1, max: 5, ticks: [ChartTick(value: 6)]) }
        #expect(throws: ChartError(.invalidScale, "scale: 3 labels for the 4 whole numbers from 1 to 4")) {
            try ChartScale(min: 1, max: 4, labels: ["a", "b", "c"])
        }
        #expect(throws: ChartError.self) {
            try BarChart(id: "b", title: "T", description: "D", scale: scale, bands: [ChartBand(from: 3, label: "x"), ChartBand(from: 2, label: "y")], rows: ["A"])
        }
        #expect(throws: ChartError.self) { try BarChart(id: "b", title: "T", description: "D", scale: scale, bands: [ChartBand(from: 5, label: "x")], rows: ["A"]) }
        #expect(try ChartScale(min: 1, max: 5).ticks.map(\.value) == [1, 2, 3, 4, 5])
        #expect(try ChartScale(min: 0, max: 100).ticks.map(\.value) == [0, 20, 40, 60, 80, 100])
        #expect(try ChartScale(min: 0, max: 1).ticks.map(\.value) == [0, 1])
        #expect(try ChartScale(min: 0, max: 0.5).ticks.map(\.value) == [0, 0.1, 0.2, 0.3, 0.4, 0.5])
        let labelled = try ChartScale(min: 1, max: 4, labels: ["Essential", "Proficient", "Strong", "Exemplary"])
        #expect(labelled.ticks.map(\.label) == ["Essential", "Proficient", "Strong", "Exemplary"])
    }

    @Test("Style settings are checked; colours must be #rrggbb so nothing else reaches an attribute")
    func style() {
        #expect(throws: ChartError(.invalidStyle, "style: palette colour 1 must be written #rrggbb")) {
            try ChartStyle(palette: ["url(http://example.invalid/x)"])
        }
        #expect(throws: ChartError.self) { try ChartStyle(fontFamily: "x;background:url(y)") }
        #expect(throws: ChartError.self) { try ChartStyle(width: 100) }
        #expect(throws: ChartError.self) { try ChartStyle(decimals: 9) }
        #expect(throws: ChartError.self) { try ChartStyle(markers: [.circle, .circle]) }
    }

    @Test("Gap settings are checked")
    func gapSettings() {
        #expect(throws: ChartError(.invalidSetting, "gap chart \"g\" threshold: expected a number above 0 and at most 4 (the scale's span)")) {
            try GapChart(id: "g", title: "T", description: "D", scale: scale, rows: [GapRow(label: "A", selfScore: 1, othersScore: 1)], threshold: -1)
        }
        #expect(throws: ChartError.self) {
            try GapChart(id: "g", title: "T", description: "D", scale: scale, rows: [GapRow(label: "A", selfScore: 1, othersScore: 1)], limit: .nan)
        }
        #expect(throws: ChartError(.invalidSetting, "gap chart \"g\" threshold: 1.5 lies beyond the limit 1; expected a threshold at most the limit")) {
            try GapChart(id: "g", title: "T", description: "D", scale: scale, rows: [GapRow(label: "A", selfScore: 1, othersScore: 1)], threshold: 1.5, limit: 1)
        }
    }
}
