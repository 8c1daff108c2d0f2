/// A chart drawn three ways: as SVG and as two text alternatives holding the same figures.
///
/// Place `svg` inline in an HTML page and `tableHTML` beside it (or inside a `<details>`), so a
/// screen reader user and a reader of the printed page get every number the picture shows.
public struct RenderedChart: Sendable, Equatable {
    /// One self-contained `<svg>` element (no script, no external references), with `role="img"`
    /// and `aria-labelledby` pointing at its `<title>` and `<desc>`.
    public var svg: String
    /// An HTML `<table>` with a caption and row and column headers, holding the chart's figures.
    /// Missing scores read "no score"; values outside the scale say where they were drawn.
    public var tableHTML: String
    /// The same figures as a GitHub-flavoured Markdown table, preceded by the title in bold.
    public var markdown: String

    /// Makes a rendered chart from its three parts.
    public init(svg: String, tableHTML: String, markdown: String) {
        self.svg = svg
        self.tableHTML = tableHTML
        self.markdown = markdown
    }
}
