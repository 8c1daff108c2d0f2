import LuaRuntime

/// `assess.chart`: SVG charts for reports (bound to AssessCharts).
enum ChartHelpers {
    static func namespace() -> LuaValue { .table(LuaTable()) }
}
