import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML document: every element in document order with its attributes, its text and the
/// ids of the elements around it. Parsing fails on anything that is not well-formed XML.
final class XMLTree: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
        /// Names of the enclosing elements, outermost first.
        var ancestors: [String]
        /// Ids of the enclosing elements that have one, outermost first.
        var ancestorIDs: [String]
        /// Index of the parent element in `elements`, if any.
        var parent: Int?
    }

    private(set) var elements: [Element] = []
    private var stack: [Int] = []
    private(set) var failure: String?

    static func parse(_ text: String) -> XMLTree? {
        let tree = XMLTree()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = tree
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), tree.failure == nil, tree.stack.isEmpty else { return nil }
        return tree
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let ancestors = stack.map { elements[$0].name }
        let ids = stack.compactMap { elements[$0].attributes["id"] }
        elements.append(Element(name: elementName, attributes: attributes, text: "", ancestors: ancestors, ancestorIDs: ids, parent: stack.last))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let last = stack.popLast(), elements[last].name == elementName else {
            failure = "mismatched end of \(elementName)"
            return
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let last = stack.last else { return }
        elements[last].text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        failure = parseError.localizedDescription
    }

    /// Elements with the given name.
    func all(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    /// Elements with the given name inside the element with the given id.
    func all(_ name: String, inside id: String) -> [Element] { elements.filter { $0.name == name && $0.ancestorIDs.contains(id) } }

    /// The element with the given id.
    func element(id: String) -> Element? { elements.first { $0.attributes["id"] == id } }

    /// The value of an attribute on the element at `index` or, failing that, its nearest ancestor.
    func inherited(_ name: String, from index: Int) -> String? {
        var current: Int? = index
        while let i = current {
            if let value = elements[i].attributes[name] { return value }
            current = elements[i].parent
        }
        return nil
    }

    /// All text under the element at `index` (its own and its descendants').
    func fullText(of index: Int) -> String {
        var text = elements[index].text
        for (i, element) in elements.enumerated() where i > index {
            var p = element.parent
            while let q = p, q != index { p = elements[q].parent }
            if p == index { text += element.text }
        }
        return text
    }
}

extension XMLTree.Element {
    func number(_ name: String) -> Double? { attributes[name].flatMap(Double.init) }
}
