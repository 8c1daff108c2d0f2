@testable import AssessCharts

/// Labels a hostile report script might pass.
enum Hostile {
    static let script = "<script>alert(1)</script>"
    static let quotes = "\"a\" & 'b'"
    static let markdown = "a | b ] ( [x](http://example.invalid) *"
}

/// Small charts of every kind, built from one set of values, for the checks every chart must pass.
enum Samples {
    static let dimensions = ["Inspiring shared purpose", "Leading with care", "Evaluating information", Hostile.script, Hostile.quotes]

    static func levels() throws -> ChartScale {
        try ChartScale(min: 1, max: 4, labels: ["Essential", "Proficient", Hostile.script, "Exemplary"])
    }

    static func bands() -> [ChartBand] {
        [ChartBand(from: 1, label: "Essential"), ChartBand(from: 2, label: Hostile.quotes), ChartBand(from: 3, label: "Strong")]
    }

    static func series() -> [ChartSeries] {
        [
            ChartSeries(id: "self", label: "Self", values: [3.5, nil, 4, 2.25, .nan]),
            ChartSeries(id: "manager", label: Hostile.script, values: [3, 3.25, 2.5, 1, 4.5]),
            ChartSeries(id: "peer", label: Hostile.quotes, values: [2.75, 3, .infinity, 3.5, 2]),
        ]
    }

    static func radar(id: String = "radar") throws -> RadarChart {
        try RadarChart(id: id, title: "Summary " + Hostile.script, description: "Ratings by group " + Hostile.quotes,
                       scale: try levels(), axes: dimensions, series: series())
    }

    static func bar(id: String = "bars") throws -> BarChart {
        let all = ChartSeries(id: "others", label: "All others", values: [3, 3.1, nil, 2.4, 5])
        return try BarChart(id: id, title: "Bars " + Hostile.script, description: "Group markers " + Hostile.quotes,
                            scale: try levels(), bands: bands(), rows: dimensions, bar: all, markers: series())
    }

    static func gap(id: String = "gap") throws -> GapChart {
        let rows = [
            GapRow(label: dimensions[0], selfScore: 3.5, othersScore: 2.75, flag: "blind spot"),
            GapRow(label: dimensions[1], selfScore: 2, othersScore: 3, flag: "hidden strength"),
            GapRow(label: dimensions[2], selfScore: nil, othersScore: 3),
            GapRow(label: dimensions[3], selfScore: 3, othersScore: 3, flag: Hostile.script),
            GapRow(label: dimensions[4], selfScore: 4, othersScore: .nan),
        ]
        return try GapChart(id: id, title: "Gaps " + Hostile.script, description: "Self minus others " + Hostile.quotes,
                            scale: try levels(), rows: rows, threshold: 0.5)
    }

    static func strip(id: String = "strip") throws -> DistributionStrip {
        let rows = [
            DistributionRow(label: dimensions[0], scores: [1, 2, 3, 4, 2.5, 2.5, 2.5, nil], highlight: 3.25),
            DistributionRow(label: dimensions[1], scores: [], highlight: nil),
            DistributionRow(label: dimensions[2], scores: [nil, .nan], highlight: .nan),
            DistributionRow(label: dimensions[3], scores: [0, 5, 3], highlight: 9),
            DistributionRow(label: dimensions[4], scores: [2], highlight: nil),
        ]
        return try DistributionStrip(id: id, title: "Cohort " + Hostile.script, description: "Distribution " + Hostile.quotes,
                                     scale: try levels(), bands: bands(), rows: rows)
    }

    /// One rendering of every kind, with its id.
    static func all() throws -> [(String, RenderedChart)] {
        [("radar", try radar().render()), ("bars", try bar().render()), ("gap", try gap().render()), ("strip", try strip().render())]
    }
}
