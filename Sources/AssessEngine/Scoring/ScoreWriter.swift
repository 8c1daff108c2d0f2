import AssessModel
import Foundation

/// Output formats for scores.
public enum ScoreFormat: String, Sendable, CaseIterable {
    /// One document: provenance and every subject (stable key order).
    case json
    /// One row per subject x score (dimensions, then overall), with provenance in a header comment-free companion column set.
    case csv
    /// One JSON object per subject per line; the first line is the provenance.
    case jsonl
}

/// Writes scores deterministically: the same scores give the same bytes. Numbers are rounded
/// only here, half away from zero, to ``decimals`` places.
public struct ScoreWriter: Sendable {
    public var format: ScoreFormat
    public var decimals: Int

    public init(format: ScoreFormat, decimals: Int = 4) {
        self.format = format
        self.decimals = decimals
    }

    public func render(_ output: ScoreOutput) throws -> Data {
        switch format {
        case .json:
            var data = try encoder(pretty: true).encode(Document(provenance: output.provenance, subjects: output.subjects.map(rounded)))
            data.append(0x0A)
            return data
        case .jsonl:
            var data = try encoder(pretty: false).encode(["provenance": output.provenance])
            data.append(0x0A)
            for subject in output.subjects {
                data.append(try encoder(pretty: false).encode(rounded(subject)))
                data.append(0x0A)
            }
            return data
        case .csv:
            var text = "subject,dimension,score,band,answered,reason,flags,instrument,instrument_version,scorer,scorer_version\n"
            let p = output.provenance
            let tail = [p.instrument, p.instrumentVersion, p.scorer, p.scorerVersion].map(csv).joined(separator: ",")
            for subject in output.subjects {
                for entry in subject.dimensions + (subject.overall.map { [$0] } ?? []) {
                    let fields = [subject.subject, entry.id, entry.score.map(number) ?? "", entry.band ?? "",
                                  entry.answered.map(String.init) ?? "", entry.reason ?? "", entry.flags.joined(separator: "; ")]
                    text += fields.map(csv).joined(separator: ",") + "," + tail + "\n"
                }
            }
            return Data(text.utf8)
        }
    }

    struct Document: Encodable {
        var provenance: Provenance
        var subjects: [SubjectScores]
    }

    private func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Rounds half away from zero to `decimals` places.
    public func round(_ x: Double) -> Double {
        let scale = pow(10, Double(decimals))
        let r = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
        return r == 0 ? 0 : r  // no negative zero
    }

    /// Fixed notation with exactly `decimals` places.
    public func number(_ x: Double) -> String { String(format: "%.\(decimals)f", round(x)) }

    private func rounded(_ s: SubjectScores) -> SubjectScores {
        var copy = s
        copy.dimensions = s.dimensions.map(rounded)
        copy.overall = s.overall.map(rounded)
        copy.items = s.items.map(rounded)
        copy.extra = s.extra.map(rounded)
        return copy
    }

    private func rounded(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let n): return .number(round(n))
        case .array(let a): return .array(a.map(rounded))
        case .object(let o): return .object(o.mapValues(rounded))
        default: return value
        }
    }

    private func rounded(_ e: ScoreEntry) -> ScoreEntry {
        var copy = e
        copy.score = e.score.map(round)
        copy.stats = e.stats.mapValues(round)
        copy.groups = e.groups.mapValues(rounded)
        return copy
    }

    private func csv(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
