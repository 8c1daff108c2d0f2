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

    /// All of it at once (the same bytes as streaming it through ``stream(_:)``).
    public func render(_ output: ScoreOutput) throws -> Data {
        var data = Data()
        var sink = stream { data.append($0) }
        try sink.begin(output.provenance)
        for subject in output.subjects { try sink.subject(subject) }
        try sink.finish()
        return data
    }

    /// A sink that writes each subject as it comes, through `emit`; call `finish()` at the end.
    public func stream(_ emit: @escaping (Data) throws -> Void) -> Stream {
        Stream(writer: self, emit: emit)
    }

    /// Writes scores as they are produced.
    public struct Stream: RenderingScoreSink {
        let writer: ScoreWriter
        let emit: (Data) throws -> Void
        private var count = 0
        private var csvTail = ""

        init(writer: ScoreWriter, emit: @escaping (Data) throws -> Void) {
            self.writer = writer
            self.emit = emit
        }

        public mutating func begin(_ provenance: Provenance) throws {
            switch writer.format {
            case .json:
                try emit(Data(("{\n  \"provenance\" : " + Self.indent(try Self.pretty(provenance, writer: writer), by: 2, skipFirst: true) + ",\n  \"subjects\" : [\n").utf8))
            case .jsonl:
                var line = try writer.encoder(pretty: false).encode(["provenance": provenance])
                line.append(0x0A)
                try emit(line)
            case .csv:
                csvTail = Self.csvTail(provenance)
                try emit(Data("subject,dimension,score,band,answered,reason,flags,instrument,instrument_version,scorer,scorer_version\n".utf8))
            }
        }

        public mutating func subject(_ scores: SubjectScores) throws {
            var bytes: [UInt8] = []
            try Self.render(scores, writer: writer, csvTail: Array(csvTail.utf8), into: &bytes)
            try subject(rendered: bytes)
        }

        /// Appends one subject's bytes, apart from the separator JSON puts between subjects.
        static func render(_ scores: SubjectScores, writer: ScoreWriter, csvTail: [UInt8], into bytes: inout [UInt8]) throws {
            switch writer.format {
            case .csv:
                CSVRows(writer: writer, tail: csvTail).append(scores, to: &bytes)
            case .json:
                bytes.append(contentsOf: indent(try pretty(writer.rounded(scores), writer: writer), by: 4, skipFirst: false).utf8)
            case .jsonl:
                bytes.append(contentsOf: try writer.encoder(pretty: false).encode(writer.rounded(scores)))
                bytes.append(0x0A)
            }
        }

        /// Writes one subject's bytes from ``render(_:writer:csvTail:)`` (JSON adds the separator).
        public mutating func subject(rendered bytes: [UInt8]) throws {
            if writer.format == .json, count > 0 { try emit(Data(",\n".utf8)) }
            try emit(Data(bytes))
            count += 1
        }

        /// Makes each subject's bytes on the scoring threads (the CSV columns that repeat come
        /// from the provenance, which they share with the final one).
        public func renderer(for provenance: Provenance) -> SubjectRenderer? {
            let writer = self.writer
            let tail = Array(Self.csvTail(provenance).utf8)
            return { try Self.render($0, writer: writer, csvTail: tail, into: &$1) }
        }

        /// The CSV rows' maker, when this writes CSV: the scoring threads make each subject's rows
        /// with it straight from what the scorer returned.
        public func csvRows(for provenance: Provenance) -> CSVRows? {
            writer.format == .csv ? CSVRows(writer: writer, tail: Array(Self.csvTail(provenance).utf8)) : nil
        }

        static func csvTail(_ provenance: Provenance) -> String {
            [provenance.instrument, provenance.instrumentVersion, provenance.scorer, provenance.scorerVersion]
                .map(ScoreWriter.csv).joined(separator: ",")
        }

        /// Closes the document (JSON needs its closing brackets).
        public mutating func finish() throws {
            if writer.format == .json { try emit(Data(((count == 0 ? "" : "\n") + "  ]\n}\n").utf8)) }
        }

        private static func pretty(_ value: some Encodable, writer: ScoreWriter) throws -> String {
            String(decoding: try writer.encoder(pretty: true).encode(value), as: UTF8.self)
        }

        private static func indent(_ text: String, by spaces: Int, skipFirst: Bool) -> String {
            let pad = String(repeating: " ", count: spaces)
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { index, line in (skipFirst && index == 0) || line.isEmpty ? String(line) : pad + line }
                .joined(separator: "\n")
        }
    }

    func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Rounds half away from zero to `decimals` places.
    /// Rounds half away from zero to `decimals` places, judged on the exact value of the double
    /// (so 4.76875, stored as 4.768749999..., gives 4.7687, as the decimal it really is).
    public func round(_ x: Double) -> Double {
        let r = Double(number(x))!
        return r == 0 ? 0 : r  // no negative zero
    }

    /// Fixed notation with exactly `decimals` places, rounded half away from zero on the exact
    /// decimal expansion of the double (which glibc's %f prints digit for digit).
    public func number(_ x: Double) -> String {
        guard x.isFinite else { return String(x) }
        if let fast = Self.fastFixed(x, decimals: decimals) { return fast }
        return Self.exactFixed(x, decimals: decimals)
    }

    /// ``number(_:)``'s text appended as bytes.
    func appendNumber(_ x: Double, to bytes: inout [UInt8]) {
        if x.isFinite, Self.fastFixed(x, decimals: decimals, into: &bytes) { return }
        bytes.append(contentsOf: number(x).utf8)
    }

    /// Powers of ten that doubles hold exactly.
    private static let powersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { r, _ in r * 10 } }

    /// The same digits as ``exactFixed(_:decimals:)`` without printing 40 places: the product
    /// x * 10^decimals is split exactly into a double and its rounding error (a fused
    /// multiply-add), which decides the rounding digit on the exact value. `nil` when the scaled
    /// value is too large for this (then the slow path prints it).
    static func fastFixed(_ x: Double, decimals: Int) -> String? {
        var bytes: [UInt8] = []
        guard fastFixed(x, decimals: decimals, into: &bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the fast form to `out`; `false` (nothing appended) when the slow path must print it.
    static func fastFixed(_ x: Double, decimals: Int, into out: inout [UInt8]) -> Bool {
        guard decimals >= 0, decimals <= 15 else { return false }
        let scale = powersOfTen[decimals]
        let a = abs(x)
        let high = a * scale
        guard high < 4.0e15 else { return false }
        let low = (-high).addingProduct(a, scale)  // a * scale - high, exactly
        var whole = high.rounded(.down)
        let fraction = high - whole  // exact: both are within one unit
        // The exact fractional part is fraction + low (low is tiny); compare it with one half.
        let roundUp: Bool
        if fraction == 0, low < 0 {
            whole -= 1
            roundUp = low >= -0.5
        } else {
            roundUp = fraction - 0.5 >= -low
        }
        let n = UInt64(whole) + (roundUp ? 1 : 0)
        // Digits, least significant first, into a fixed buffer (at most 16 + 1 + 15 + sign).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var count = 0
            var rest = n
            for _ in 0..<decimals {
                digits[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            if decimals > 0 { digits[count] = UInt8(ascii: "."); count += 1 }
            repeat {
                digits[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            if x < 0, n != 0 { digits[count] = UInt8(ascii: "-"); count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(digits[i]) }
        }
        return true
    }

    /// Fixed notation from the exact decimal expansion (glibc's %f prints it digit for digit).
    static func exactFixed(_ x: Double, decimals: Int) -> String {
        // 40 places is more than any double needs to decide the rounding digit and what follows.
        let exact = String(format: "%.40f", abs(x))
        let point = exact.firstIndex(of: ".")!
        var digits = Array(exact[..<point].utf8) + Array(exact[exact.index(after: point)...].utf8)
        let integerCount = exact.distance(from: exact.startIndex, to: point)
        let keep = integerCount + decimals
        let roundUp = digits[keep] >= UInt8(ascii: "5")
        digits = Array(digits[..<keep])
        if roundUp {
            var i = digits.count - 1
            while i >= 0 {
                if digits[i] == UInt8(ascii: "9") { digits[i] = UInt8(ascii: "0"); i -= 1 } else { digits[i] += 1; break }
            }
            if i < 0 { digits.insert(UInt8(ascii: "1"), at: 0) }
        }
        let intPart = String(decoding: digits[..<(digits.count - decimals)], as: UTF8.self)
        let fraction = String(decoding: digits[(digits.count - decimals)...], as: UTF8.self)
        let magnitude = decimals > 0 ? intPart + "." + fraction : intPart
        let isZero = !digits.contains { $0 != UInt8(ascii: "0") }
        return (x < 0 && !isZero ? "-" : "") + magnitude
    }

    func rounded(_ s: SubjectScores) -> SubjectScores {
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

    /// Appends a CSV field (quoted when it must be).
    /// The decimal digits of `n` (as `String(n)` spells it).
    static func appendInteger(_ n: Int, to bytes: inout [UInt8]) {
        if n < 0 {
            guard n != Int.min else { bytes.append(contentsOf: String(n).utf8); return }
            bytes.append(0x2D)
            appendInteger(-n, to: &bytes)
            return
        }
        if n < 10 { bytes.append(0x30 + UInt8(n)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for any Int's 19 digits
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 {
                buffer[23 - count] = 0x30 + UInt8(v % 10)
                v /= 10
                count += 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    static func appendCSV(_ field: String, to bytes: inout [UInt8]) {
        var field = field
        let plain = field.withUTF8 { utf8 in
            for byte in utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { bytes.append(contentsOf: csv(field).utf8) }
    }

    static func csv(_ field: String) -> String {
        // Bytes, not characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The rows `--format csv` writes for one subject, made field by field: by the writer from
/// ``SubjectScores``, and by the scoring threads straight from the result tape (the same bytes).
public struct CSVRows: Sendable {
    let writer: ScoreWriter
    /// The columns every row ends with (instrument, its version, scorer, its version).
    let tail: [UInt8]

    /// Appends one row: `subject` is the subject's CSV field, `id` appends the score's id field.
    @inline(__always)
    func appendRow(subject: [UInt8], id: (inout [UInt8]) -> Void, score: Double?, band: String?, answered: Int?,
                   reason: String?, flags: [String], to bytes: inout [UInt8]) {
        bytes.append(contentsOf: subject)
        bytes.append(0x2C)
        id(&bytes)
        bytes.append(0x2C)
        if let score { writer.appendNumber(score, to: &bytes) }  // rounded here, half away from zero
        bytes.append(0x2C)
        if let band { ScoreWriter.appendCSV(band, to: &bytes) }
        bytes.append(0x2C)
        if let answered { ScoreWriter.appendInteger(answered, to: &bytes) }
        bytes.append(0x2C)
        if let reason { ScoreWriter.appendCSV(reason, to: &bytes) }
        bytes.append(0x2C)
        if !flags.isEmpty { ScoreWriter.appendCSV(flags.joined(separator: "; "), to: &bytes) }
        bytes.append(0x2C)
        bytes.append(contentsOf: tail)
        bytes.append(0x0A)
    }

    /// A subject's rows: its dimensions in order, then overall.
    func append(_ scores: SubjectScores, to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + 64 * (scores.dimensions.count + 1))
        let subject = Array(ScoreWriter.csv(scores.subject).utf8)
        func row(_ entry: borrowing ScoreEntry) {
            appendRow(subject: subject, id: { ScoreWriter.appendCSV(entry.id, to: &$0) }, score: entry.score, band: entry.band,
                      answered: entry.answered, reason: entry.reason, flags: entry.flags, to: &bytes)
        }
        let dimensions = scores.dimensions
        for index in dimensions.indices { row(dimensions[index]) }
        if let overall = scores.overall { row(overall) }
    }
}
