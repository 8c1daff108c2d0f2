/// Appends SVG elements one per line, escaping every attribute value and text, in call order.
struct SVGWriter {
    private(set) var output = ""

    /// An attribute list: names are fixed by this module, values are escaped on writing.
    typealias Attributes = [(String, String)]

    mutating func open(_ name: String, _ attributes: Attributes = []) {
        output += "<" + name + Self.attributes(attributes) + ">\n"
    }

    mutating func close(_ name: String) {
        output += "</" + name + ">\n"
    }

    mutating func leaf(_ name: String, _ attributes: Attributes) {
        output += "<" + name + Self.attributes(attributes) + "/>\n"
    }

    /// An element holding only text.
    mutating func element(_ name: String, _ attributes: Attributes = [], text: String) {
        output += "<" + name + Self.attributes(attributes) + ">" + Escape.xml(text) + "</" + name + ">\n"
    }

    /// Raw markup made by another writer of this module.
    mutating func append(_ other: SVGWriter) {
        output += other.output
    }

    private static func attributes(_ attributes: Attributes) -> String {
        attributes.map { " " + $0.0 + "=\"" + Escape.xml($0.1) + "\"" }.joined()
    }
}

/// Shorthand for a coordinate.
func n(_ x: Double) -> String { DecimalText.coordinate(x) }

/// The points of a polygon as an attribute value.
func points(_ list: [(Double, Double)]) -> String {
    list.map { n($0.0) + "," + n($0.1) }.joined(separator: " ")
}
