import AssessModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON syntax error (the reader reports only that the line is not valid JSON).
struct JSONSyntaxError: Error {}

/// A small, strict JSON parser over the bytes of one line (already checked to be UTF-8): objects
/// are read key by key by the caller, so a line of answers costs no dictionary.
struct JSONLineParser {
    let bytes: UnsafePointer<UInt8>
    var index: Int
    let end: Int
    static let maximumDepth = 64

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
        index = 0
        end = buffer.count
    }

    /// The next byte after any whitespace, without consuming it (0 at the end).
    mutating func peek() -> UInt8 {
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
        return index < end ? bytes[index] : 0
    }

    mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard peek() == byte else { throw JSONSyntaxError() }
        index += 1
    }

    /// Whether only whitespace is left.
    mutating func atEnd() -> Bool { peek() == 0 && index == end }

    /// Reads `{ key: value, ... }`, calling `member` with each key; `member` must consume the value.
    mutating func object(_ member: (inout JSONLineParser, String) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        try expect(0x7B)
        if peek() == 0x7D { index += 1; return }
        while true {
            guard peek() == 0x22 else { throw JSONSyntaxError() }
            let key = try string()
            try expect(0x3A)
            try member(&self, key)
            switch peek() {
            case 0x2C: index += 1
            case 0x7D: index += 1; return
            default: throw JSONSyntaxError()
            }
        }
    }

    /// Reads any value.
    mutating func value(depth: Int = 0) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw JSONSyntaxError() }
        switch peek() {
        case 0x22:
            return .string(try string())
        case 0x7B:
            var members: [String: JSONValue] = [:]
            try object { (parser: inout JSONLineParser, key: String) throws(JSONSyntaxError) in
                members[key] = try parser.value(depth: depth + 1)
            }
            return .object(members)
        case 0x5B:
            index += 1
            var elements: [JSONValue] = []
            if peek() == 0x5D { index += 1; return .array(elements) }
            while true {
                elements.append(try value(depth: depth + 1))
                switch peek() {
                case 0x2C: index += 1
                case 0x5D: index += 1; return .array(elements)
                default: throw JSONSyntaxError()
                }
            }
        case 0x74:
            try word("true")
            return .bool(true)
        case 0x66:
            try word("false")
            return .bool(false)
        case 0x6E:
            try word("null")
            return .null
        default:
            return .number(try number())
        }
    }

    private mutating func word(_ text: StaticString) throws(JSONSyntaxError) {
        let count = text.utf8CodeUnitCount
        guard end - index >= count, memcmp(bytes + index, text.utf8Start, count) == 0 else { throw JSONSyntaxError() }
        index += count
    }

    private mutating func digits() -> Int {
        let start = index
        while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        return index - start
    }

    /// Reads a number (RFC 8259 grammar).
    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        if index < end, bytes[index] == 0x2D { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != 0x30 else { throw JSONSyntaxError() }
        var plain = integerDigits <= 15
        if index < end, bytes[index] == 0x2E {
            index += 1
            guard digits() > 0 else { throw JSONSyntaxError() }
            plain = false
        }
        if index < end, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < end, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            guard digits() > 0 else { throw JSONSyntaxError() }
            plain = false
        }
        if plain {
            var value = 0
            for k in integerStart..<index { value = value * 10 + Int(bytes[k] - 0x30) }
            return bytes[start] == 0x2D ? -Double(value) : Double(value)
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(start: bytes + start, count: index - start), as: UTF8.self)) else {
            throw JSONSyntaxError()
        }
        return value
    }

    /// Reads a string, escapes decoded.
    mutating func string() throws(JSONSyntaxError) -> String {
        index += 1  // the opening quote
        let start = index
        while index < end {
            let c = bytes[index]
            if c == 0x22 {
                index += 1
                return String(decoding: UnsafeBufferPointer(start: bytes + start, count: index - 1 - start), as: UTF8.self)
            }
            if c == 0x5C { break }
            if c < 0x20 { throw JSONSyntaxError() }
            index += 1
        }
        // With escapes.
        var out = Array(UnsafeBufferPointer(start: bytes + start, count: index - start))
        while index < end {
            let c = bytes[index]
            index += 1
            if c == 0x22 { return String(decoding: out, as: UTF8.self) }
            if c < 0x20 { throw JSONSyntaxError() }
            guard c == 0x5C else { out.append(c); continue }
            guard index < end else { throw JSONSyntaxError() }
            let e = bytes[index]
            index += 1
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if scalar >= 0xD800, scalar < 0xDC00 {
                    guard end - index >= 2, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { throw JSONSyntaxError() }
                    index += 2
                    let low = try hex4()
                    guard low >= 0xDC00, low < 0xE000 else { throw JSONSyntaxError() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw JSONSyntaxError() }
                out.append(contentsOf: UTF8.encode(unicode)!)
            default:
                throw JSONSyntaxError()
            }
        }
        throw JSONSyntaxError()
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard end - index >= 4 else { throw JSONSyntaxError() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            index += 1
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: throw JSONSyntaxError()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
