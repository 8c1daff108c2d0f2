import AssessModel

/// A readable outline of an instrument: what `assess show` prints and golden cases record.
public struct InstrumentOutline {
    public let instrument: Instrument
    public init(_ instrument: Instrument) { self.instrument = instrument }

    /// The outline as text, one line per entry, ending with a newline.
    public var text: String {
        var out = ""
        let i = instrument
        out += "\(i.title)\n"
        out += "\(i.id) \(i.version) · \(kindName(i.kind)) · API \(i.apiVersion)"
        if let base = i.extends { out += " · extends \(base)" }
        out += "\n"
        if let f = i.framework {
            out += "Framework: \(f.name)" + (f.publisher.map { ", \($0)" } ?? "") + (f.year.map { " (\($0))" } ?? "") + "\n"
        }
        if let d = i.description { out += "\n\(d)\n" }
        out += "\nScales\n"
        for scale in i.scales {
            let options = scale.options.map { o in o.value.map { "\(format($0)) \(o.label)" } ?? "\(o.label) (not applicable)" }
            out += "  \(scale.id)\(scale.id == i.defaultScale ? " (default)" : ""): \(options.joined(separator: " · "))\n"
        }
        out += "\nRaters (anonymity: at least \(i.anonymity.minimum) per group, \(i.anonymity.policy.rawValue)"
        out += (i.anonymity.mergeInto.map { " into \($0)" } ?? "") + ")\n"
        for r in i.raters {
            var notes: [String] = []
            if r.isSelf { notes.append("self") }
            if let min = r.minimum { notes.append("min \(min)") }
            if let max = r.maximum { notes.append("max \(max)") }
            if r.alwaysShow, !r.isSelf { notes.append("always shown") }
            out += "  \(r.id): \(r.label)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))") + "\n"
        }
        out += "\nDimensions (\(i.dimensions.count), \(i.allItems.count) items)\n"
        for d in i.dimensions { outline(d, depth: 1, into: &out) }
        if !i.comments.isEmpty {
            out += "\nComments\n"
            for c in i.comments { out += "  \(c.id): \(c.text)\n" }
        }
        if !i.bands.isEmpty {
            out += "\nBands\n"
            for set in i.bands {
                out += "  \(set.id): " + set.bands.map { "\($0.label) from \(format($0.from))" }.joined(separator: " · ") + "\n"
            }
        }
        out += "\nScoring: \(i.scoring.plugin)" + (i.scoring.bands.map { ", banded by \($0)" } ?? "") + "\n"
        if !i.reports.isEmpty { out += "Reports: \(i.reports.joined(separator: ", "))\n" }
        return out
    }

    private func outline(_ d: Dimension, depth: Int, into out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        out += "\(indent)\(d.title) [\(d.id)]\(d.core ? " core" : "")\(d.weight != 1 ? " weight \(format(d.weight))" : "")\n"
        for item in d.items {
            var flags: [String] = []
            if item.type != .rating { flags.append(item.type.rawValue) }
            if item.reverse { flags.append("reverse") }
            if let scale = item.scale { flags.append("scale \(scale)") }
            out += "\(indent)  \(item.id)  \(item.text)" + (flags.isEmpty ? "" : "  (\(flags.joined(separator: ", ")))") + "\n"
        }
        if let importance = d.importance { out += "\(indent)  \(importance.id)  \(importance.text)  (importance)\n" }
        for element in d.elements { outline(element, depth: depth + 1, into: &out) }
    }

    private func kindName(_ kind: Instrument.Kind) -> String {
        switch kind {
        case .selfAssessment: "self-assessment"
        case .multiRater: "360° feedback"
        case .team: "team survey"
        case .organisation: "organisation self-check"
        }
    }

    private func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
