@testable import AssessCharts
import Testing

/// Checks every kind of chart must pass: well-formed, safe, accessible, prefixed, deterministic.
@Suite("Every chart")
struct ChartOutputTests {
    @Test("The SVG and the HTML table are well-formed XML")
    func wellFormed() throws {
        for (name, chart) in try Samples.all() {
            #expect(XMLTree.parse(chart.svg) != nil, "\(name) svg")
            #expect(XMLTree.parse(chart.tableHTML) != nil, "\(name) table")
        }
    }

    @Test("The SVG is one accessible element: role img, labelled by its title and description")
    func accessible() throws {
        for (name, chart) in try Samples.all() {
            let tree = try #require(XMLTree.parse(chart.svg), "\(name)")
            let root = try #require(tree.elements.first)
            #expect(root.name == "svg")
            #expect(root.attributes["role"] == "img")
            #expect(root.attributes["id"] == name)
            #expect(root.attributes["aria-labelledby"] == "\(name)-title \(name)-desc")
            #expect(root.attributes["width"] == "100%")
            #expect(root.attributes["style"]?.contains("max-width:720px") == true)
            #expect(root.attributes["viewBox"]?.hasPrefix("0 0 720 ") == true)
            let title = try #require(tree.element(id: "\(name)-title"))
            let desc = try #require(tree.element(id: "\(name)-desc"))
            #expect(title.name == "title" && title.parent == 0)
            #expect(desc.name == "desc" && desc.parent == 0)
            #expect(title.text.hasSuffix(Hostile.script))
            #expect(desc.text.hasSuffix(Hostile.quotes))
            #expect(chart.svg.hasPrefix("<svg "))
            #expect(chart.svg.hasSuffix("</svg>\n"))
        }
    }

    @Test("Every element id starts with the chart's id and none repeats")
    func prefixedUniqueIDs() throws {
        for (name, chart) in try Samples.all() {
            let tree = try #require(XMLTree.parse(chart.svg))
            let ids = tree.elements.compactMap { $0.attributes["id"] }
            #expect(ids.count > 3)
            #expect(Set(ids).count == ids.count, "\(name): repeated ids")
            for id in ids { #expect(id == name || id.hasPrefix(name + "-"), "\(name): \(id)") }
            let tableIDs = try #require(XMLTree.parse(chart.tableHTML)).elements.compactMap { $0.attributes["id"] }
            #expect(tableIDs == ["\(name)-table"])
        }
    }

    @Test("Two charts on one page share no ids")
    func twoChartsOnOnePage() throws {
        let page = "<div>" + (try Samples.radar(id: "summary").render().svg) + (try Samples.radar(id: "summary2").render().svg) + "</div>"
        let ids = try #require(XMLTree.parse(page)).elements.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count)
    }

    @Test("Hostile labels come out as text: no script, no foreign content, no links, no outside url(")
    func hostileLabels() throws {
        for (name, chart) in try Samples.all() {
            for output in [chart.svg, chart.tableHTML] {
                #expect(!output.contains("<script"), "\(name)")
                #expect(!output.lowercased().contains("foreignobject"), "\(name)")
                #expect(!output.contains("href"), "\(name)")
                #expect(!output.contains("url("), "\(name)")
                #expect(!output.contains("'b'"), "\(name)")
                #expect(!output.contains("\"a\""), "\(name)")
            }
            let tree = try #require(XMLTree.parse(chart.svg))
            #expect(tree.all("script").isEmpty)
            let texts = tree.elements.map(\.text).joined(separator: "\n")
            #expect(texts.contains(Hostile.script), "\(name): the label should be readable text")
            #expect(tree.elements.allSatisfy { element in element.attributes.keys.allSatisfy { !$0.lowercased().hasPrefix("on") } })
            let table = try #require(XMLTree.parse(chart.tableHTML))
            #expect(table.all("script").isEmpty)
            #expect(table.elements.map(\.text).joined().contains(Hostile.script))
            #expect(!chart.markdown.contains("<"), "\(name): markdown must not carry raw HTML")
        }
    }

    @Test("Markdown rows have as many cells as the heading, whatever the labels hold")
    func markdownShape() throws {
        for (name, chart) in try Samples.all() {
            let rows = chart.markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
            #expect(rows.count >= 3)
            let counts = rows.map { row -> Int in
                var count = 0
                var escaped = false
                for c in row {
                    if escaped { escaped = false; continue }
                    if c == "\\" { escaped = true } else if c == "|" { count += 1 }
                }
                return count
            }
            #expect(Set(counts).count == 1, "\(name): \(counts)")
            #expect(chart.markdown.hasPrefix("**"))
        }
    }

    @Test("Numbers in the SVG have no exponent and no negative zero")
    func numbersInSVG() throws {
        for (name, chart) in try Samples.all() {
            let tree = try #require(XMLTree.parse(chart.svg))
            for element in tree.elements {
                for (key, value) in element.attributes where value != "100%" && ["x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "points", "viewBox", "font-size"].contains(key) {
                    let tokens = value.split(whereSeparator: { $0 == " " || $0 == "," })
                    for token in tokens {
                        #expect(Double(token) != nil, "\(name) \(key)=\(value)")
                        #expect(!token.contains("e") && !token.contains("E"), "\(name) \(key)=\(value)")
                        #expect(!(token.hasPrefix("-") && Double(token) == 0), "\(name) \(key)=\(value)")
                    }
                }
            }
        }
    }

    @Test("Rendering is deterministic: same values, same bytes")
    func deterministic() throws {
        let first = try Samples.all()
        let second = try Samples.all()
        for ((name, a), (_, b)) in zip(first, second) {
            #expect(a == b, "\(name)")
            #expect(a.svg == (name == "radar" ? try Samples.radar().render().svg : a.svg))
        }
    }

    @Test("Text stays inside the drawing: estimated ends of every line lie within the viewBox")
    func textInsideViewBox() throws {
        let metrics = ChartStyle.default.metrics
        for (name, chart) in try Samples.all() + [("long", try LongLabels.bars().render()), ("longradar", try LongLabels.radar().render())] {
            let tree = try #require(XMLTree.parse(chart.svg))
            let height = try #require(tree.elements[0].attributes["viewBox"]?.split(separator: " ").last.flatMap { Double($0) })
            for (index, element) in tree.elements.enumerated() where element.name == "text" || element.name == "tspan" {
                let hasLines = tree.elements.contains { $0.parent == index && $0.name == "tspan" }
                guard !hasLines, !element.text.isEmpty, let x = element.number("x"), let y = element.number("y") else { continue }
                let size = tree.inherited("font-size", from: index).flatMap(Double.init) ?? 12
                let width = metrics.width(of: element.text, fontSize: size)
                let (left, right): (Double, Double) = switch tree.inherited("text-anchor", from: index) ?? "start" {
                case "end": (x - width, x)
                case "middle": (x - width / 2, x + width / 2)
                default: (x, x + width)
                }
                #expect(left >= -0.5 && right <= 720.5, "\(name): \"\(element.text)\" runs from \(left) to \(right)")
                #expect(y - size >= 0 && y <= height, "\(name): \"\(element.text)\" at y \(y) outside 0...\(height)")
            }
        }
    }

    @Test("A cut label keeps its full text in a title beside it, and in the table")
    func truncatedLabelsKeepFullText() throws {
        let chart = try LongLabels.bars().render()
        let tree = try #require(XMLTree.parse(chart.svg))
        let titles = tree.all("title").filter { $0.parent != 0 }.map(\.text)
        #expect(titles.contains(LongLabels.long))
        #expect(chart.tableHTML.contains(LongLabels.long))
        let drawn = tree.all("tspan", inside: "long-row-1").map(\.text)
        #expect(drawn.count == 2)
        #expect(drawn.last?.hasSuffix("\u{2026}") == true)
    }
}

enum LongLabels {
    static let long = "Puts the needs of patients and service users at the centre of every decision, even when doing so is inconvenient for the team and slows the delivery of agreed targets"
    static let word = "Supercalifragilisticexpialidocious-and-then-some-more-without-any-spaces-at-all"

    static func bars() throws -> BarChart {
        let scale = try ChartScale(min: 1, max: 4, labels: ["Essential", "Proficient and rather more than that", "Strong", "Exemplary in every respect"])
        return try BarChart(id: "long", title: "Long labels", description: "Labels that must wrap.", scale: scale,
                            bands: [ChartBand(from: 1, label: "A band with a very long name indeed"), ChartBand(from: 3.75, label: "Narrow band name")],
                            rows: [long, word, "Short"],
                            markers: [ChartSeries(id: "s", label: long, values: [1, 4, 2]), ChartSeries(id: "t", label: word, values: [4, 1, nil])])
    }

    static func radar() throws -> RadarChart {
        try RadarChart(id: "longradar", title: "Long axes", description: "Axis labels that must wrap.", scale: try ChartScale(min: 0, max: 10),
                       axes: (0..<12).map { $0 % 2 == 0 ? long : word },
                       series: [ChartSeries(id: "s", label: long, values: Array(repeating: 10, count: 12))])
    }
}
