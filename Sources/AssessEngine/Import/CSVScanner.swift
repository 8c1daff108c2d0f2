/// One field of a CSV record, as a byte range of the read buffer (the contents between the
/// quotes, for a quoted field).
struct CSVField {
    var start: Int
    var end: Int
    /// Quoted, with doubled quotes inside (the bytes must be unescaped before use).
    var escaped: Bool
    var quoted: Bool
}

/// How a CSV record breaks RFC 4180.
enum CSVMalformation {
    case strayQuote, textAfterQuote, unterminated

    var message: String {
        switch self {
        case .strayQuote:
            "malformed row: a quote inside an unquoted field (quote the whole field and double the quotes inside it)"
        case .textAfterQuote:
            "malformed row: text after the closing quote of a quoted field"
        case .unterminated:
            "malformed row: a quoted field is not closed before the end of the file"
        }
    }
}

/// Where one CSV record lies in the buffer.
struct CSVRecord {
    var fieldCount: Int
    /// End of the record's text (before its line break).
    var end: Int
    /// Where the next record starts.
    var next: Int
    /// Line breaks consumed, the record's own included.
    var lines: Int
    /// The first problem with the record's quoting, and the 1-based field it is in.
    var malformation: CSVMalformation?
    var malformedColumn: Int
}

/// Splits CSV records into fields, RFC 4180 style, straight from bytes. Field ranges go into a
/// reusable array, so scanning a record allocates nothing.
final class CSVScanner {
    private(set) var fields: UnsafeMutablePointer<CSVField>
    private var capacity: Int

    init() {
        capacity = 64
        fields = .allocate(capacity: capacity)
    }

    deinit { fields.deallocate() }

    private func grow() {
        let grown = UnsafeMutablePointer<CSVField>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: fields, count: capacity)
        fields.deallocate()
        fields = grown
        capacity *= 2
    }

    /// Where the record after a line break at `i` starts, or `nil` when more bytes are needed to tell.
    @inline(__always)
    private static func afterBreak(_ b: UnsafePointer<UInt8>, _ i: Int, _ end: Int, _ eof: Bool) -> Int? {
        if b[i] == Bytes.lf { return i + 1 }
        if i + 1 < end { return b[i + 1] == Bytes.lf ? i + 2 : i + 1 }
        return eof ? i + 1 : nil
    }

    /// Skips the rest of a malformed record's line.
    private static func skipLine(_ b: UnsafePointer<UInt8>, from: Int, end: Int, eof: Bool, fieldCount: Int, lines: Int,
                                 malformation: CSVMalformation, column: Int) -> CSVRecord? {
        var i = from
        while i < end, b[i] != Bytes.lf, b[i] != Bytes.cr { i += 1 }
        if i >= end {
            guard eof else { return nil }
            return CSVRecord(fieldCount: fieldCount, end: end, next: end, lines: lines, malformation: malformation, malformedColumn: column)
        }
        guard let next = afterBreak(b, i, end, eof) else { return nil }
        return CSVRecord(fieldCount: fieldCount, end: i, next: next, lines: lines + 1, malformation: malformation, malformedColumn: column)
    }

    /// Scans the record starting at `start`; `nil` when it runs past `end` and more bytes may follow.
    func scan(_ b: UnsafePointer<UInt8>, from start: Int, end: Int, eof: Bool) -> CSVRecord? {
        var fields = self.fields
        var capacity = self.capacity
        var n = 0
        var lines = 0
        var i = start
        while true {
            if n == capacity {
                grow()
                fields = self.fields
                capacity = self.capacity
            }
            if i < end, b[i] == Bytes.quote {
                i += 1
                let contentStart = i
                var escaped = false
                var closed = false
                while i < end {
                    let c = b[i]
                    if c == Bytes.quote {
                        if i + 1 < end {
                            if b[i + 1] == Bytes.quote { escaped = true; i += 2; continue }
                            closed = true
                            break
                        }
                        if eof { closed = true; break }
                        return nil
                    } else if c == Bytes.lf {
                        lines += 1
                    } else if c == Bytes.cr {
                        if i + 1 < end {
                            if b[i + 1] != Bytes.lf { lines += 1 }
                        } else if eof {
                            lines += 1
                        } else {
                            return nil
                        }
                    }
                    i += 1
                }
                if !closed {
                    guard eof else { return nil }
                    return CSVRecord(fieldCount: n, end: end, next: end, lines: lines, malformation: .unterminated, malformedColumn: n + 1)
                }
                fields[n] = CSVField(start: contentStart, end: i, escaped: escaped, quoted: true)
                n += 1
                i += 1
                if i >= end {
                    guard eof else { return nil }
                    return CSVRecord(fieldCount: n, end: i, next: i, lines: lines, malformation: nil, malformedColumn: 0)
                }
                let c = b[i]
                if c == Bytes.comma { i += 1; continue }
                if c == Bytes.lf || c == Bytes.cr {
                    guard let next = Self.afterBreak(b, i, end, eof) else { return nil }
                    return CSVRecord(fieldCount: n, end: i, next: next, lines: lines + 1, malformation: nil, malformedColumn: 0)
                }
                return Self.skipLine(b, from: i, end: end, eof: eof, fieldCount: n, lines: lines, malformation: .textAfterQuote, column: n)
            } else {
                let fieldStart = i
                while i < end {
                    let c = b[i]
                    if c > Bytes.comma { i += 1; continue }
                    if c == Bytes.comma || c == Bytes.lf || c == Bytes.cr { break }
                    if c == Bytes.quote {
                        return Self.skipLine(b, from: i, end: end, eof: eof, fieldCount: n, lines: lines, malformation: .strayQuote, column: n + 1)
                    }
                    i += 1
                }
                if i >= end {
                    guard eof else { return nil }
                    fields[n] = CSVField(start: fieldStart, end: i, escaped: false, quoted: false)
                    return CSVRecord(fieldCount: n + 1, end: i, next: i, lines: lines, malformation: nil, malformedColumn: 0)
                }
                fields[n] = CSVField(start: fieldStart, end: i, escaped: false, quoted: false)
                n += 1
                if b[i] == Bytes.comma { i += 1; continue }
                guard let next = Self.afterBreak(b, i, end, eof) else { return nil }
                return CSVRecord(fieldCount: n, end: i, next: next, lines: lines + 1, malformation: nil, malformedColumn: 0)
            }
        }
    }
}
