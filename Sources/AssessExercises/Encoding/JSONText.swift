import AssessModel
import Foundation
import LuaRuntime

/// Compact JSON text with sorted keys and fixed number formatting, and a strict parser that says
/// where a line went wrong: transcripts, protocol lines and stored values all use it, so the same
/// value always has the same bytes.
public enum JSONText {
    /// A value as one line of JSON: keys sorted, no spaces, integral numbers without a fraction.
    public static func encode(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// A value as indented JSON (two spaces, sorted keys), ending with a newline: result files.
    public static func pretty(_ value: JSONValue) -> String {
        var out = ""
        writePretty(value, indent: 0, into: &out)
        out.append("\n")
        return out
    }

    /// How a number is written: integers without a fraction (up to 2^53), others in Swift's
    /// shortest round-trip form.
    public static func number(_ value: Double) -> String {
        if value.isNaN || value.isInfinite { return "null" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += number(n)
        case .string(let s): quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                quote(key, into: &out)
                out += ":"
                write(fields[key]!, into: &out)
            }
            out += "}"
        }
    }

    static func writePretty(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch value {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                writePretty(item, indent: indent + 1, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let fields) where !fields.isEmpty:
            out += "{\n"
            let keys = fields.keys.sorted()
            for (i, key) in keys.enumerated() {
                out += pad
                quote(key, into: &out)
                out += ": "
                writePretty(fields[key]!, indent: indent + 1, into: &out)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += close + "}"
        default:
            write(value, into: &out)
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A JSON syntax problem at a 1-based column of the line.
    public struct SyntaxError: Error, CustomStringConvertible {
        public var column: Int
        public var message: String
        public var description: String { "column \(column): \(message)" }
    }

    /// Parses one JSON text (a whole line). Objects with a repeated key are refused.
    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.index < parser.bytes.count { throw parser.fail("unexpected text after the value") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0

        func fail(_ message: String) -> SyntaxError { SyntaxError(column: index + 1, message: message) }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
            guard depth < 64 else { throw fail("nested more than 64 levels") }
            skipSpace()
            guard index < bytes.count else { throw fail("expected a value, found the end of the line") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var fields: [String: JSONValue] = [:]
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let keyColumn = index
                    let key = try string()
                    if fields[key] != nil { throw SyntaxError(column: keyColumn + 1, message: "the key \"\(key)\" appears twice") }
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                    index += 1
                    fields[key] = try value(depth: depth + 1)
                    skipSpace()
                    guard index < bytes.count else { throw fail("expected ',' or '}', found the end of the line") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [JSONValue] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw fail("expected ',' or ']', found the end of the line") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                return try numberValue()
            }
        }

        mutating func literal(_ word: String, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count, Array(bytes[index..<(index + w.count)]) == w else { throw fail("not a JSON value") }
            index += w.count
            return value
        }

        mutating func numberValue() throws(SyntaxError) -> JSONValue {
            let start = index
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > digitsStart else { index = start; throw fail("not a JSON value") }
            if bytes[digitsStart] == 0x30, index - digitsStart > 1 { throw SyntaxError(column: start + 1, message: "a number may not start with 0") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let f = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                guard index > f else { throw fail("expected digits after '.'") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                let e = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                guard index > e else { throw fail("expected digits in the exponent") }
            }
            guard let n = Double(String(decoding: bytes[start..<index], as: UTF8.self)), n.isFinite else {
                throw SyntaxError(column: start + 1, message: "number out of range")
            }
            return .number(n)
        }

        mutating func string() throws(SyntaxError) -> String {
            index += 1
            var out: [UInt8] = []
            while true {
                guard index < bytes.count else { throw fail("unterminated string") }
                let b = bytes[index]
                if b == UInt8(ascii: "\"") { index += 1; break }
                if b < 0x20 { throw fail("control character in a string (escape it)") }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { throw fail("unterminated string") }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw fail("unpaired surrogate in \\u escape")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in \\u escape") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw fail("unpaired surrogate in \\u escape")
                        }
                        out.append(contentsOf: Array(String(Unicode.Scalar(code)!).utf8))
                    default: throw fail("unknown escape '\\\(Character(Unicode.Scalar(e)))'")
                    }
                    continue
                }
                out.append(b)
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
                throw fail("expected four hex digits after \\u")
            }
            index += 4
            return v
        }
    }
}

/// Converting between script values and JSON.
public enum ScriptJSON {
    /// A problem converting a script value to JSON, with the path to the bad part.
    public struct ConversionError: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    /// A Lua value as JSON: a sequence becomes an array, a table with string keys an object, an
    /// empty table an empty object. Functions, mixed tables and non-finite numbers are refused.
    public static func json(_ value: LuaValue, path: String = "") throws(ConversionError) -> JSONValue {
        switch value {
        case .nil: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .number(Double(i))
        case .number(let d):
            guard d.isFinite else { throw ConversionError(path: path, message: "numbers must be finite") }
            return .number(d)
        case .string(let s):
            guard let text = s.string else { throw ConversionError(path: path, message: "strings must be UTF-8 text") }
            return .string(text)
        case .table(let table):
            if table.fields.isEmpty, !table.array.isEmpty {
                var items: [JSONValue] = []
                for (i, item) in table.array.enumerated() { items.append(try json(item, path: "\(path)[\(i + 1)]")) }
                return .array(items)
            }
            guard table.array.isEmpty else {
                throw ConversionError(path: path, message: "a table must be either a list or have only string keys")
            }
            var object: [String: JSONValue] = [:]
            for field in table.fields {
                guard let key = field.key.stringValue else {
                    throw ConversionError(path: path, message: "a table must be either a list or have only string keys (found key \(field.key))")
                }
                object[key] = try json(field.value, path: path.isEmpty ? key : "\(path).\(key)")
            }
            return .object(object)
        case .function:
            throw ConversionError(path: path, message: "functions cannot be stored or returned")
        }
    }

    /// JSON as a Lua value: integral numbers become integers.
    public static func lua(_ value: JSONValue) -> LuaValue {
        switch value {
        case .null: return .nil
        case .bool(let b): return .boolean(b)
        case .number(let n):
            if n == n.rounded(), abs(n) < 9_007_199_254_740_992 { return .integer(Int64(n)) }
            return .number(n)
        case .string(let s): return .string(LuaString(s))
        case .array(let items): return .table(LuaTable(array: items.map(lua)))
        case .object(let fields):
            return .table(LuaTable(fields.keys.sorted().map { (LuaValue.string(LuaString($0)), lua(fields[$0]!)) }))
        }
    }
}
