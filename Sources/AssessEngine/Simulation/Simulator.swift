import AssessModel
import Foundation

/// Makes realistic synthetic responses for an instrument, reproducibly from a seed: the same
/// instrument, subject count and seed give the same bytes.
///
/// Each subject has a latent level per dimension; each response adds rater-group leniency and
/// noise, rounds to the scale, and sometimes answers "not applicable" (when the scale allows it)
/// or leaves an item blank. 360° subjects get varied numbers of raters per group, so some groups
/// fall below the anonymity minimum. Comments are drawn from a small bank of neutral phrases.
public struct Simulator: Sendable {
    public var instrument: Instrument
    public var subjects: Int
    public var seed: UInt64

    public init(instrument: Instrument, subjects: Int, seed: UInt64) {
        self.instrument = instrument
        self.subjects = subjects
        self.seed = seed
    }

    /// Writes a wide CSV (header, then one row per response) through `write`, in chunks.
    public func writeWideCSV(_ write: (String) throws -> Void) throws {
        let layout = ResponseLayout(instrument)
        var header = [instrument.columns.respondent, instrument.columns.subject, instrument.columns.rater]
        header += layout.entries.map(\.column)
        try write(header.map(csv).joined(separator: ",") + "\n")
        var random = SplitMix64(seed: seed)
        var buffer = ""
        var respondentNumber = 0
        for s in 1...max(1, subjects) {
            let subject = String(format: "S%05d", s)
            // A latent level per dimension, between 25% and 90% of the scale.
            var levels: [String: Double] = [:]
            for entry in layout.entries { if let d = entry.dimension, levels[d] == nil { levels[d] = 0.25 + 0.65 * random.unit() } }
            for (group, count) in raterCounts(&random) {
                let leniency = group.isSelf ? 0.08 : (random.unit() - 0.5) * 0.1
                for _ in 0..<count {
                    respondentNumber += 1
                    var row = [String(format: "R%06d", respondentNumber), subject, group.id]
                    for entry in layout.entries {
                        row.append(answer(entry, level: (levels[entry.dimension ?? ""] ?? 0.6) + leniency, random: &random))
                    }
                    buffer += row.map(csv).joined(separator: ",") + "\n"
                }
            }
            if buffer.utf8.count > 1 << 20 {
                try write(buffer)
                buffer = ""
            }
        }
        try write(buffer)
    }

    private func raterCounts(_ random: inout SplitMix64) -> [(RaterGroup, Int)] {
        instrument.raters.map { group in
            if group.isSelf { return (group, 1) }
            if instrument.raters.count == 1 { return (group, 3 + random.below(8)) }   // a team: 3 to 10 members
            switch group.id {
            case "manager": return (group, random.unit() < 0.9 ? 1 : 0)
            default:
                let minimum = group.minimum ?? instrument.anonymity.minimum
                // Mostly at or above the minimum, sometimes below it.
                return (group, random.unit() < 0.2 ? random.below(minimum) : minimum + random.below(4))
            }
        }
    }

    private func answer(_ entry: ResponseLayout.Entry, level: Double, random: inout SplitMix64) -> String {
        let item = entry.item
        switch item.type {
        case .comment:
            return random.unit() < 0.35 ? Self.comments[random.below(Self.comments.count)] : ""
        case .ranking:
            return random.shuffled(item.options.map(\.id)).joined(separator: ";")
        case .choose:
            return Array(random.shuffled(item.options.map(\.id)).prefix(item.choose ?? 1)).joined(separator: ";")
        default:
            if random.unit() < 0.02 { return "" }                       // left blank
            guard let scale = instrument.scale(for: item) else { return "" }
            if let na = scale.options.first(where: \.notApplicable), random.unit() < 0.06 { return na.label }
            let values = scale.scoredOptions.compactMap(\.value)
            var position = level + (random.unit() - 0.5) * 0.35
            if item.reverse { position = 1 - position }
            let index = min(values.count - 1, max(0, Int((position * Double(values.count)).rounded(.down))))
            return format(values[index])
        }
    }

    static let comments = [
        "Always makes time to listen, even on the busiest days.",
        "Could share the reasons behind decisions more often.",
        "Very clear about priorities; the team knows what matters.",
        "Sometimes takes on too much instead of delegating.",
        "Gives honest, kind feedback that helps me improve.",
        "Would benefit from involving the wider team earlier in changes.",
        "Calm under pressure, which steadies everyone around them.",
        "Meetings could be shorter and more focused.",
    ]

    private func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

    private func csv(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// SplitMix64: a small, fast, well-known seeded generator (identical output on every platform).
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var copy = items
        if copy.count > 1 {
            for i in stride(from: copy.count - 1, to: 0, by: -1) { copy.swapAt(i, below(i + 1)) }
        }
        return copy
    }
}
