import AssessModel
import Foundation

/// The outcome of reading one cell: an answer, or why the cell is invalid.
enum Cell {
    case answer(Answer)
    case invalid(String)
}

/// Byte-level helpers shared by the readers.
enum Bytes {
    static let space: UInt8 = 0x20, tab: UInt8 = 0x09, quote: UInt8 = 0x22, comma: UInt8 = 0x2C
    static let lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, semicolon: UInt8 = 0x3B

    /// `bytes` without leading and trailing spaces and tabs.
    @inline(__always)
    static func trim(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = bytes.baseAddress else { return bytes }
        var s = 0, e = bytes.count
        while s < e, base[s] == space || base[s] == tab { s += 1 }
        while e > s, base[e - 1] == space || base[e - 1] == tab { e -= 1 }
        return UnsafeBufferPointer(start: base + s, count: e - s)
    }

    /// The bytes as a String, or `nil` when they are not valid UTF-8.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// A cell's value for a message: at most 60 characters, line breaks and tabs escaped.
    static func display(_ value: String) -> String {
        var out = ""
        var count = 0
        for character in value {
            if count == 60 { out += "…"; break }
            switch character {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            case "\t": out += "\\t"
            default: out.append(character)
            }
            count += 1
        }
        return out
    }

    /// A number as written in messages: `3`, not `3.0`.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// Reads cells of one scale. Single-byte cells ("3", "N") are looked up in a 256-entry table and
/// short ASCII spellings (labels, codes, "10", "NA") are compared byte by byte, both without
/// allocating; anything else goes through ``Scale/option(matching:)``.
final class ScaleDecoder {
    /// What a one-byte cell means, for the wide reader's fast path: ``table`` and ``values`` in
    /// one lookup.
    struct ByteCell {
        /// 0 not known (take the general path), 1 not applicable, 2 the value.
        var code: UInt64
        var value: Double
    }

    let scale: Scale
    /// Byte -> 0 (not known: take the general path), 1 (not applicable) or 2 + index into ``values``.
    let table: UnsafeMutablePointer<UInt8>
    let values: UnsafeMutablePointer<Double>
    /// Byte -> what it means as a whole unquoted cell (the same as ``table`` and ``values``, but
    /// never for a comma or a quote, which are the CSV's own: a scale could name an option so).
    let cells: UnsafeMutablePointer<ByteCell>
    /// Lower-case ASCII spellings of two bytes or more, and what they mean.
    let words: [(bytes: [UInt8], answer: Answer)]
    let hasNotApplicable: Bool
    /// "1 Rarely, 2 Sometimes, ..., Not observed".
    let expected: String

    init(scale: Scale) {
        self.scale = scale
        hasNotApplicable = scale.options.contains { $0.notApplicable }
        expected = scale.options.map { option in
            if option.notApplicable || option.value == nil { return option.label }
            return "\(Bytes.number(option.value!)) \(option.label)"
        }.joined(separator: ", ")
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        let values = UnsafeMutablePointer<Double>.allocate(capacity: 254)
        values.initialize(repeating: 0, count: 254)
        self.table = table
        self.values = values
        var count = 0
        func code(_ answer: Answer) -> UInt8? {
            switch answer {
            case .notApplicable: return 1
            case .value(let v):
                for k in 0..<count where values[k] == v { return UInt8(k + 2) }
                guard count < 254 else { return nil }
                values[count] = v
                count += 1
                return UInt8(count + 1)
            default: return nil
            }
        }
        // Fill the table with whatever the general path says each printable byte means.
        let probe = Self.general(scale: scale, hasNotApplicable: scale.options.contains { $0.notApplicable })
        for byte in UInt8(0x21)...UInt8(0x7E) {
            if let answer = probe(String(UnicodeScalar(byte))), let c = code(answer) { table[Int(byte)] = c }
        }
        var spellings: [String] = ["na", "n/a"]
        for option in scale.options {
            spellings.append(option.label)
            if let code = option.code { spellings.append(code) }
            if let value = option.value { spellings.append(Bytes.number(value)) }
        }
        var words: [(bytes: [UInt8], answer: Answer)] = []
        for spelling in spellings {
            let trimmed = spelling.trimmingASCIISpaces()
            let lowered = Array(trimmed.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            guard lowered.count >= 2, lowered.allSatisfy({ $0 < 0x80 }), !words.contains(where: { $0.bytes == lowered }),
                  let answer = probe(String(decoding: lowered, as: UTF8.self)) else { continue }
            words.append((lowered, answer))
        }
        self.words = words
        cells = .allocate(capacity: 256)
        for byte in 0..<256 {
            let code = byte == Int(Bytes.comma) || byte == Int(Bytes.quote) ? 0 : table[byte]
            cells[byte] = ByteCell(code: UInt64(min(code, 2)), value: code >= 2 ? values[Int(code) - 2] : 0)
        }
    }

    deinit {
        table.deallocate()
        values.deallocate()
        cells.deallocate()
    }

    /// What trimmed, non-empty text means on `scale`: by value, label or code (see
    /// ``Scale/option(matching:)``), or "NA"/"N/A" when the scale has a not-applicable option.
    static func general(scale: Scale, hasNotApplicable: Bool) -> (String) -> Answer? {
        { text in
            if let option = scale.option(matching: text) {
                if option.notApplicable { return .notApplicable }
                guard let value = option.value else { return .notApplicable }
                return .value(value)
            }
            if hasNotApplicable {
                let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
                if upper == "NA" || upper == "N/A" { return .notApplicable }
            }
            return nil
        }
    }

    /// Reads a cell (untrimmed bytes) of `item`.
    func decode(_ raw: UnsafeBufferPointer<UInt8>, item: String) -> Cell {
        let bytes = Bytes.trim(raw)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .answer(.missing) }
        if bytes.count == 1 {
            let c = table[Int(base[0])]
            if c == 1 { return .answer(.notApplicable) }
            if c >= 2 { return .answer(.value(values[Int(c) - 2])) }
        } else {
            for word in words where word.bytes.count == bytes.count {
                var equal = true
                for k in 0..<bytes.count {
                    let b = base[k]
                    let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    if lower != word.bytes[k] { equal = false; break }
                }
                if equal { return .answer(word.answer) }
            }
        }
        guard let text = Bytes.string(raw) else { return .invalid("not valid UTF-8") }
        return decode(text: text, item: item)
    }

    /// Reads a cell given as text.
    func decode(text: String, item: String) -> Cell {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .answer(.missing) }
        if let answer = Self.general(scale: scale, hasNotApplicable: hasNotApplicable)(trimmed) { return .answer(answer) }
        return .invalid(notOnScale(Bytes.display(trimmed), item: item))
    }

    /// Reads a JSON number.
    func decode(number: Double, item: String) -> Cell {
        if let option = scale.options.first(where: { $0.value == number }) {
            return .answer(option.notApplicable ? .notApplicable : .value(number))
        }
        return .invalid(notOnScale(Bytes.number(number), item: item))
    }

    func notOnScale(_ shown: String, item: String) -> String {
        "value '\(shown)' is not on the scale of item '\(item)' (expected one of: \(expected))"
    }
}

/// How the cells of one item of the layout are read.
final class ItemDecoder {
    enum Kind {
        case scaled(ScaleDecoder)
        /// A scaled item whose scale the instrument does not define.
        case unscaled(String)
        case comment
        case ranking
        case choose
    }

    let item: Item
    let kind: Kind
    let optionIDs: [String]

    init(item: Item, instrument: Instrument, scales: inout [String: ScaleDecoder]) {
        self.item = item
        optionIDs = item.options.map(\.id)
        switch item.type {
        case .comment: kind = .comment
        case .ranking: kind = .ranking
        case .choose: kind = .choose
        default:
            let scaleID = item.scale ?? instrument.defaultScale
            if let decoder = scales[scaleID] {
                kind = .scaled(decoder)
            } else if let scale = instrument.scale(scaleID) {
                let decoder = ScaleDecoder(scale: scale)
                scales[scaleID] = decoder
                kind = .scaled(decoder)
            } else {
                kind = .unscaled(scaleID)
            }
        }
    }

    /// Reads a cell's raw (unescaped) bytes.
    func decode(_ raw: UnsafeBufferPointer<UInt8>) -> Cell {
        switch kind {
        case .scaled(let decoder):
            return decoder.decode(raw, item: item.id)
        default:
            guard let text = Bytes.string(raw) else { return .invalid("not valid UTF-8") }
            return decode(text: text)
        }
    }

    /// Reads a cell given as text.
    func decode(text: String) -> Cell {
        switch kind {
        case .scaled(let decoder):
            return decoder.decode(text: text, item: item.id)
        case .unscaled(let scale):
            if text.trimmingCharacters(in: .whitespaces).isEmpty { return .answer(.missing) }
            return .invalid("item '\(item.id)' is answered on scale '\(scale)', which the instrument does not define")
        case .comment:
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .answer(.missing) }
            return .answer(.text(text))
        case .ranking, .choose:
            let parts = text.split(whereSeparator: { $0 == ";" || $0 == "," })
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if parts.isEmpty { return .answer(.missing) }
            return options(parts.map { .string($0) })
        }
    }

    /// Reads a JSON value.
    func decode(json: JSONValue) -> Cell {
        var list: String { "item '\(item.id)' takes a list of option ids, like [\"b\", \"a\"] or \"b;a\"" }
        switch json {
        case .null:
            return .answer(.missing)
        case .string(let text):
            return decode(text: text)
        case .number(let number):
            switch kind {
            case .scaled(let decoder): return decoder.decode(number: number, item: item.id)
            case .unscaled: return decode(text: Bytes.number(number))
            case .comment: return .answer(.text(Bytes.number(number)))
            case .ranking, .choose: return options([.number(number)])
            }
        case .bool(let flag):
            switch kind {
            case .scaled(let decoder): return .invalid(decoder.notOnScale(flag ? "true" : "false", item: item.id))
            case .unscaled: return decode(text: flag ? "true" : "false")
            case .comment: return .invalid("item '\(item.id)' is a comment: expected text")
            case .ranking, .choose: return .invalid(list)
            }
        case .array(let elements):
            switch kind {
            case .scaled, .unscaled: return .invalid("item '\(item.id)' takes one value on its scale, not a list")
            case .comment: return .invalid("item '\(item.id)' is a comment: expected text")
            case .ranking, .choose: return elements.isEmpty ? .answer(.missing) : options(elements)
            }
        case .object:
            switch kind {
            case .scaled, .unscaled: return .invalid("item '\(item.id)' takes one value on its scale, not an object")
            case .comment: return .invalid("item '\(item.id)' is a comment: expected text")
            case .ranking, .choose: return .invalid(list)
            }
        }
    }

    /// Checks a list of chosen or ranked options.
    private func options(_ elements: [JSONValue]) -> Cell {
        var chosen: [String] = []
        for element in elements {
            let given: String
            switch element {
            case .string(let s): given = s.trimmingCharacters(in: .whitespaces)
            case .number(let n): given = Bytes.number(n)
            default:
                return .invalid("item '\(item.id)' takes a list of option ids, like [\"b\", \"a\"] or \"b;a\"")
            }
            var id = optionIDs.first { $0 == given }
            if id == nil {
                let lowered = given.lowercased()
                id = optionIDs.first { $0.lowercased() == lowered }
            }
            guard let id else {
                return .invalid("'\(Bytes.display(given))' is not an option of item '\(item.id)' (expected one of: \(optionIDs.joined(separator: ", ")))")
            }
            if chosen.contains(id) { return .invalid("option '\(id)' is listed twice in item '\(item.id)'") }
            chosen.append(id)
        }
        if case .ranking = kind, chosen.count < optionIDs.count {
            let missing = optionIDs.filter { !chosen.contains($0) }
            return .invalid("item '\(item.id)' is a ranking: list every option exactly once (missing: \(missing.joined(separator: ", ")))")
        }
        return .answer(.options(chosen))
    }
}

/// Matches rater group cells: the group's id (exact, compared as bytes), or its id or label
/// ignoring case.
struct RaterMatcher {
    let ids: [String]
    let idBytes: [[UInt8]]
    let byLowercased: [String: String]
    let expected: String
    let instrument: String

    init(_ instrument: Instrument) {
        ids = instrument.raters.map(\.id)
        idBytes = ids.map { Array($0.utf8) }
        var lowered: [String: String] = [:]
        for group in instrument.raters.reversed() {
            lowered[group.label.lowercased()] = group.id
        }
        for group in instrument.raters.reversed() { lowered[group.id.lowercased()] = group.id }
        byLowercased = lowered
        expected = ids.joined(separator: ", ")
        self.instrument = instrument.id
    }

    /// Reads a rater cell.
    func match(_ raw: UnsafeBufferPointer<UInt8>) -> Cell {
        let bytes = Bytes.trim(raw)
        for (index, id) in idBytes.enumerated() where id.count == bytes.count && !bytes.isEmpty {
            if id.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, id.count) == 0 }) {
                return .answer(.text(ids[index]))
            }
        }
        guard let text = Bytes.string(bytes) else { return .invalid("not valid UTF-8") }
        return match(text: text)
    }

    /// Reads a rater given as text.
    func match(text: String) -> Cell {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .invalid("rater is empty (expected one of: \(expected))") }
        if let id = byLowercased[trimmed.lowercased()] { return .answer(.text(id)) }
        return .invalid("rater group '\(Bytes.display(trimmed))' is not defined by \(instrument) (expected one of: \(expected))")
    }
}
