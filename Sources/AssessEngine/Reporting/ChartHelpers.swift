import AssessCharts
import LuaRuntime

/// `assess.chart`: accessible SVG charts for reports, drawn by AssessCharts. Each function takes
/// one table and returns `{ svg = ..., table = ..., markdown = ... }`: the drawing (with its title
/// and description), and the same figures as an HTML table and as a Markdown table.
enum ChartHelpers {
    static func namespace() -> LuaValue {
        func fn(_ name: String, _ body: @escaping @Sendable (LuaTable) throws -> RenderedChart) -> LuaValue {
            .function(LuaFunction(name: "assess.chart.\(name)") { call in
                guard let spec = call[0].tableValue else {
                    throw HostFunctionError.misuse("assess.chart.\(name) expects one table: assess.chart.\(name) { id = ..., title = ..., ... }")
                }
                do {
                    let chart = try body(spec)
                    return [["svg": .string(LuaString(chart.svg)), "table": .string(LuaString(chart.tableHTML)),
                             "markdown": .string(LuaString(chart.markdown))]]
                } catch let error as ChartError {
                    throw HostFunctionError.misuse("assess.chart.\(name): \(error.description)")
                }
            })
        }
        return [
            "radar": fn("radar") { spec in
                let axes = try list(spec, "axes")
                let ids = axes.map { $0["id"].stringValue ?? "" }
                let series = try list(spec, "series").map { s in
                    let values = s["values"].tableValue ?? LuaTable()
                    return ChartSeries(id: try text(s, "id"), label: try text(s, "label"), values: ids.map { number(values[$0]) })
                }
                return try RadarChart(id: try text(spec, "id"), title: try text(spec, "title"), description: try text(spec, "description"),
                                      scale: try scale(spec), axes: try axes.map { try text($0, "label") }, series: series,
                                      rowHeading: spec["row_heading"].stringValue ?? "Dimension", style: try style(spec)).render()
            },
            "bars": fn("bars") { spec in
                let rows = try list(spec, "rows")
                let markers = try list(spec, "series").map { s in
                    let id = try text(s, "id")
                    return ChartSeries(id: id, label: try text(s, "label"),
                                       values: rows.map { number($0["markers"].tableValue?[id] ?? .nil) })
                }
                let bar = spec["value_label"].stringValue.map { label in
                    ChartSeries(id: "value", label: label, values: rows.map { number($0["value"]) })
                }
                return try BarChart(id: try text(spec, "id"), title: try text(spec, "title"), description: try text(spec, "description"),
                                    scale: try scale(spec), bands: try bands(spec), rows: try rows.map { try text($0, "label") },
                                    bar: bar, markers: markers, rowHeading: spec["row_heading"].stringValue ?? "Item",
                                    style: try style(spec)).render()
            },
            "gap": fn("gap") { spec in
                let rows = try list(spec, "rows").map { r in
                    GapRow(label: try text(r, "label"), selfScore: number(r["self"]), othersScore: number(r["others"]), flag: r["flag"].stringValue)
                }
                return try GapChart(id: try text(spec, "id"), title: try text(spec, "title"), description: try text(spec, "description"),
                                    scale: try scale(spec), rows: rows, threshold: number(spec["threshold"]), limit: number(spec["limit"]),
                                    selfLabel: spec["self_label"].stringValue ?? "Self",
                                    othersLabel: spec["others_label"].stringValue ?? "All others",
                                    rowHeading: spec["row_heading"].stringValue ?? "Dimension", style: try style(spec)).render()
            },
            "strip": fn("strip") { spec in
                let rows = try list(spec, "rows").map { r in
                    DistributionRow(label: try text(r, "label"), scores: (r["values"].tableValue?.array ?? []).map(number),
                                    highlight: number(r["highlight"]))
                }
                return try DistributionStrip(id: try text(spec, "id"), title: try text(spec, "title"), description: try text(spec, "description"),
                                             scale: try scale(spec), bands: try bands(spec), rows: rows,
                                             highlightLabel: spec["highlight_label"].stringValue ?? "This subject",
                                             rowHeading: spec["row_heading"].stringValue ?? "Dimension", style: try style(spec)).render()
            },
        ]
    }

    private static func text(_ t: LuaTable, _ key: String) throws -> String {
        guard let value = t[key].stringValue else { throw HostFunctionError.misuse("'\(key)' must be text, got \(t[key].typeName)") }
        return value
    }

    private static func list(_ t: LuaTable, _ key: String) throws -> [LuaTable] {
        guard case .table(let table) = t[key] else { throw HostFunctionError.misuse("'\(key)' must be a list of tables") }
        return try table.array.map { value in
            guard let entry = value.tableValue else { throw HostFunctionError.misuse("every entry of '\(key)' must be a table") }
            return entry
        }
    }

    private static func number(_ value: LuaValue) -> Double? {
        switch value {
        case .integer(let i): return Double(i)
        case .number(let d): return d.isFinite ? d : nil
        default: return nil
        }
    }

    private static func scale(_ spec: LuaTable) throws -> ChartScale {
        guard let min = number(spec["min"]), let max = number(spec["max"]) else {
            throw HostFunctionError.misuse("the chart needs min and max (the ends of the scale)")
        }
        var ticks: [ChartTick]?
        if let list = spec["ticks"].tableValue {
            ticks = try list.array.map { value in
                guard let tick = value.tableValue, let v = number(tick["value"]) else {
                    throw HostFunctionError.misuse("every tick must be { value = number, label = text }")
                }
                return ChartTick(value: v, label: tick["label"].stringValue)
            }
        }
        return try ChartScale(min: min, max: max, ticks: ticks)
    }

    private static func bands(_ spec: LuaTable) throws -> [ChartBand] {
        guard let list = spec["bands"].tableValue else { return [] }
        return try list.array.map { value in
            guard let band = value.tableValue, let from = number(band["from"]), let label = band["label"].stringValue else {
                throw HostFunctionError.misuse("every band must be { from = number, label = text }")
            }
            return ChartBand(from: from, label: label)
        }
    }

    private static func style(_ spec: LuaTable) throws -> ChartStyle {
        let decimals = spec["decimals"].integerValue.map(Int.init) ?? 2
        return try ChartStyle(decimals: decimals)
    }
}
