/// The look of a chart: size, fonts, colours, marker shapes and how numbers are written.
///
/// The default suits an A4 portrait page: 720 units wide (the SVG scales down to its container),
/// a 12-unit sans-serif font, and the Okabe-Ito palette, which stays distinguishable with the
/// common kinds of colour blindness. Series are told apart by colour and by marker shape together.
public struct ChartStyle: Sendable, Equatable {
    /// The width of the drawing in SVG units, and its largest width on the page in CSS pixels.
    public let width: Double
    /// The CSS font family list for all text.
    public let fontFamily: String
    /// The size of labels and legend text.
    public let fontSize: Double
    /// The size of axis numbers, band names and notes.
    public let smallFontSize: Double
    /// Series colours as `#rrggbb`, in order; the first series takes the first colour.
    public let palette: [String]
    /// Marker shapes, in order; the first series takes the first shape.
    public let markers: [MarkerShape]
    /// The colour of text.
    public let textColor: String
    /// The colour of grid lines and tracks.
    public let gridColor: String
    /// The colour of axes and the zero line.
    public let axisColor: String
    /// The fills of background bands, used in turn.
    public let bandFills: [String]
    /// The fill of bar-chart bars: a neutral colour, so no series colour is reused for them.
    public let barColor: String
    /// The height of a one-line row of a bar chart, gap chart or strip.
    public let rowHeight: Double
    /// The share of the width given to row labels (0.15 to 0.5).
    public let labelColumnFraction: Double
    /// The most lines a row label may take (radar axis labels get one more); longer text ends
    /// with an ellipsis, and the full text stays in a `<title>` beside it and in the tables.
    public let maxLabelLines: Int
    /// The decimal places of figures in the tables and on the drawing (0 to 6).
    public let decimals: Int
    /// How much wider than Helvetica's metrics text is assumed to be when wrapping labels
    /// (1 to 1.5), so that labels fit in whichever sans-serif font the reader has.
    public let textWidthAllowance: Double

    /// The Okabe-Ito colours, ordered so that the first ones contrast well on white; its yellow
    /// (#F0E442, too pale for markers on white) is replaced by a darker olive yellow.
    public static let okabeIto = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#B8A000"]

    /// The default style.
    public static let `default` = try! ChartStyle()

    /// Makes a style; every setting has a default.
    ///
    /// - Throws: `ChartError.Code.invalidStyle` naming the setting that is out of range.
    public init(
        width: Double = 720,
        fontFamily: String = "Arial, Helvetica, 'Liberation Sans', sans-serif",
        fontSize: Double = 12,
        smallFontSize: Double = 10.5,
        palette: [String] = ChartStyle.okabeIto,
        markers: [MarkerShape] = MarkerShape.allCases,
        textColor: String = "#1A1A1A",
        gridColor: String = "#CCCCCC",
        axisColor: String = "#595959",
        bandFills: [String] = ["#F3F3F3", "#E6E6E6"],
        barColor: String = "#8DA0B3",
        rowHeight: Double = 30,
        labelColumnFraction: Double = 0.32,
        maxLabelLines: Int = 2,
        decimals: Int = 2,
        textWidthAllowance: Double = 1.12
    ) throws {
        func require(_ ok: Bool, _ message: String) throws {
            if !ok { throw ChartError(.invalidStyle, "style: \(message)") }
        }
        try require(width.isFinite && width >= 320 && width <= 2400, "width must be from 320 to 2400")
        try require(fontSize.isFinite && fontSize >= 6 && fontSize <= 24, "fontSize must be from 6 to 24")
        try require(smallFontSize.isFinite && smallFontSize >= 6 && smallFontSize <= fontSize, "smallFontSize must be from 6 to fontSize")
        try require(!fontFamily.isEmpty && fontFamily.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || " ,-_'\"".unicodeScalars.contains($0) },
                    "fontFamily may hold only letters, digits, spaces, commas, hyphens, underscores and quotes")
        try require(!palette.isEmpty, "palette must hold at least one colour")
        for (index, colour) in palette.enumerated() { try require(Self.isHexColour(colour), "palette colour \(index + 1) must be written #rrggbb") }
        try require(!markers.isEmpty && Set(markers).count == markers.count, "markers must be at least one shape, each once")
        try require(Self.isHexColour(textColor), "textColor must be written #rrggbb")
        try require(Self.isHexColour(gridColor), "gridColor must be written #rrggbb")
        try require(Self.isHexColour(axisColor), "axisColor must be written #rrggbb")
        try require(Self.isHexColour(barColor), "barColor must be written #rrggbb")
        try require(!bandFills.isEmpty, "bandFills must hold at least one colour")
        for (index, colour) in bandFills.enumerated() { try require(Self.isHexColour(colour), "band fill \(index + 1) must be written #rrggbb") }
        try require(rowHeight.isFinite && rowHeight >= 16 && rowHeight <= 120, "rowHeight must be from 16 to 120")
        try require(labelColumnFraction.isFinite && labelColumnFraction >= 0.15 && labelColumnFraction <= 0.5, "labelColumnFraction must be from 0.15 to 0.5")
        try require(maxLabelLines >= 1 && maxLabelLines <= 6, "maxLabelLines must be from 1 to 6")
        try require(decimals >= 0 && decimals <= 6, "decimals must be from 0 to 6")
        try require(textWidthAllowance.isFinite && textWidthAllowance >= 1 && textWidthAllowance <= 1.5, "textWidthAllowance must be from 1 to 1.5")
        self.width = width
        self.fontFamily = fontFamily
        self.fontSize = fontSize
        self.smallFontSize = smallFontSize
        self.palette = palette
        self.markers = markers
        self.textColor = textColor
        self.gridColor = gridColor
        self.axisColor = axisColor
        self.bandFills = bandFills
        self.barColor = barColor
        self.rowHeight = rowHeight
        self.labelColumnFraction = labelColumnFraction
        self.maxLabelLines = maxLabelLines
        self.decimals = decimals
        self.textWidthAllowance = textWidthAllowance
    }

    /// The most series a chart can tell apart: one colour and one shape each.
    public var maxSeries: Int { Swift.min(palette.count, markers.count) }

    static func isHexColour(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count == 7 && scalars[0] == "#" && scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
    }

    func colour(_ index: Int) -> String { palette[index % palette.count] }
    func marker(_ index: Int) -> MarkerShape { markers[index % markers.count] }
    var lineHeight: Double { (fontSize * 1.25).rounded() }
    var smallLineHeight: Double { (smallFontSize * 1.25).rounded() }
    var metrics: TextMetrics { TextMetrics(allowance: textWidthAllowance) }
}

/// The shape of a series' markers. Each series gets a different shape as well as a different colour.
public enum MarkerShape: String, Sendable, Equatable, Hashable, CaseIterable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled triangle pointing up.
    case triangle
    /// A filled diamond.
    case diamond
    /// A filled triangle pointing down.
    case triangleDown
    /// A filled plus sign.
    case plus
    /// A filled diagonal cross.
    case cross
    /// A filled five-pointed star.
    case star
}
