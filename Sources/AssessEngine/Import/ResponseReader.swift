import AssessModel
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams responses from one file; memory does not grow with the file.
///
/// The file is read in 1 MiB chunks and parsed as bytes: one call to ``next()`` returns one
/// response (``ResponseEvent/record(_:)``) or one row that failed validation, with its location and
/// raw text (``ResponseEvent/rejected(_:)``), so the caller decides whether a bad row fails the job.
/// Problems that make the whole file unreadable (it cannot be opened, it is empty, its header is
/// wrong) are thrown by the initialiser. Blank lines are skipped.
///
/// ```swift
/// let reader = try ResponseReader(url: url, displayName: "responses.csv", instrument: instrument, layout: layout)
/// while let event = try reader.next() { ... }
/// ```
public final class ResponseReader {
    /// The file's format (as given, or detected from its name and header).
    public private(set) var format: ResponseFormat = .wideCSV
    /// Records read so far (valid and rejected; blank lines and the header not counted).
    public private(set) var rowsRead: Int = 0
    /// Bytes of the file consumed so far, for progress bars; reaches ``totalBytes`` at the end.
    public var bytesRead: Int { source.offset }
    /// The file's size when it was opened.
    public let totalBytes: Int
    /// Whether plain wide rows are read in one pass (``fastWide(row:)``); off, every row is read
    /// the careful way, so tests can check that both read the same.
    var readsPlainRowsFast = true

    private let file: String
    private let instrument: Instrument
    private let layout: ResponseLayout
    private let source: ByteSource
    private let scanner = CSVScanner()
    /// Physical line on which the next record starts.
    private var line = 1
    private let items: [ItemDecoder]
    private let raters: RaterMatcher
    /// Item column names and ids -> layout position (long CSV `item` cells, JSON keys).
    private let itemKeys: [String: Int]
    /// Columns (wide CSV) and keys (JSON Lines) the instrument says to read past.
    private let ignored: Set<String>
    /// Wide CSV: what each header field is.
    private var columns: UnsafeMutablePointer<WideColumn>
    private var columnCount = 0
    /// Long CSV: field positions of respondent, subject, rater, item, value.
    private var longFields = (respondent: 0, subject: 1, rater: 2, item: 3, value: 4)
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 4096
    /// The last subject read (trimmed bytes and text), shared by the rows that repeat it.
    private var subjectBytes: UnsafeMutablePointer<UInt8>
    private var subjectCapacity = 64
    private var subjectCount = -1
    private var subjectText = ""
    /// The last rater cell matched (its bytes as they were) and the group it named.
    private var raterBytes: UnsafeMutablePointer<UInt8>
    private var raterCapacity = 64
    private var raterCount = -1
    private var raterText = ""

    /// Opens `url` and reads its header.
    /// - Parameters:
    ///   - url: the file.
    ///   - displayName: how the file is named in messages.
    ///   - format: the file's format; `nil` detects it (see ``ResponseFormat/detect(path:header:columns:)``).
    ///   - instrument: the instrument the responses answer (column names, scales, rater groups).
    ///   - layout: the instrument's response layout (the order of `ResponseRecord.answers`).
    /// - Throws: ``ImportIssue``, or ``ImportIssues`` when the header has several problems.
    public convenience init(url: URL, displayName: String, format: ResponseFormat? = nil, instrument: Instrument, layout: ResponseLayout) throws {
        try self.init(url: url, displayName: displayName, format: format, instrument: instrument, layout: layout, chunk: ByteSource.chunk)
    }

    /// Opens `url`, reading `chunk` bytes at a time (tests use tiny chunks to exercise every boundary).
    init(url: URL, displayName: String, format: ResponseFormat?, instrument: Instrument, layout: ResponseLayout, chunk: Int,
         hashing: Bool = false) throws {
        file = displayName
        self.instrument = instrument
        self.layout = layout
        do {
            source = try ByteSource(path: url.path, chunk: chunk, hashing: hashing)
        } catch {
            throw ImportIssue(file: displayName, row: 0, message: "cannot open the file: \(error.message)")
        }
        totalBytes = source.size
        var scales: [String: ScaleDecoder] = [:]
        items = layout.entries.map { ItemDecoder(item: $0.item, instrument: instrument, scales: &scales) }
        raters = RaterMatcher(instrument)
        var keys: [String: Int] = [:]
        for (index, entry) in layout.entries.enumerated() where keys[entry.column] == nil { keys[entry.column] = index }
        for (index, entry) in layout.entries.enumerated() where keys[entry.item.id] == nil { keys[entry.item.id] = index }
        itemKeys = keys
        ignored = Set(instrument.columns.ignore ?? [])
        columns = .allocate(capacity: 1)
        scratch = .allocate(capacity: scratchCapacity)
        subjectBytes = .allocate(capacity: subjectCapacity)
        raterBytes = .allocate(capacity: raterCapacity)

        // Read enough to see the header (and whether there is anything at all).
        do {
            while !source.atEOF, source.end < max(source.capacity, 4) { try source.refill() }
        } catch {
            throw ImportIssue(file: displayName, row: 0, message: "cannot read the file: \(error.message)")
        }
        let buffer = source.buffer
        if source.end >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
            throw ImportIssue(file: displayName, row: 0, message: "the file is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8)")
        }
        if source.end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { source.start = 3 }
        if source.atEOF, (source.start..<source.end).allSatisfy({ [Bytes.space, Bytes.tab, Bytes.lf, Bytes.cr].contains(buffer[$0]) }) {
            throw ImportIssue(file: displayName, row: 0, message: "the file is empty")
        }
        var firstLine: String? = nil
        if format == nil {
            var end = source.start
            while true {
                while end < source.end, source.buffer[end] != Bytes.lf, source.buffer[end] != Bytes.cr { end += 1 }
                if end < source.end || source.atEOF { break }
                end -= source.start
                do { try source.refill() } catch {
                    throw ImportIssue(file: displayName, row: 0, message: "cannot read the file: \(error.message)")
                }
                end += source.start
            }
            firstLine = String(decoding: UnsafeBufferPointer(start: source.buffer + source.start, count: end - source.start), as: UTF8.self)
        }
        guard let format = format ?? ResponseFormat.detect(path: url.path, header: firstLine, columns: instrument.columns) else {
            throw ImportIssue(file: displayName, row: 0, message:
                "cannot tell the file's format from its name: use a .csv, .jsonl or .ndjson file, or name the format (csv, long-csv, jsonl)")
        }
        self.format = format
        if format != .jsonLines { try readHeader() }
    }

    /// Opens `url` and hashes every byte it reads (``digest()``), so scoring needs no separate pass for provenance.
    convenience init(url: URL, displayName: String, instrument: Instrument, layout: ResponseLayout, hashing: Bool) throws {
        try self.init(url: url, displayName: displayName, format: nil, instrument: instrument, layout: layout, chunk: ByteSource.chunk,
                      hashing: hashing)
    }

    /// `sha256:<hex>` of the whole file, once ``next()`` has returned `nil` (reading with `hashing`).
    func digest() -> String? {
        guard source.atEOF, let digest = source.digest() else { return nil }
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    deinit {
        columns.deallocate()
        scratch.deallocate()
        subjectBytes.deallocate()
        raterBytes.deallocate()
    }

    /// Keeps a rater cell's bytes and the group it named for the rows after it.
    private func remember(rater bytes: UnsafeBufferPointer<UInt8>, _ id: String) {
        if bytes.count > raterCapacity {
            raterBytes.deallocate()
            raterCapacity = bytes.count
            raterBytes = .allocate(capacity: raterCapacity)
        }
        if let base = bytes.baseAddress { raterBytes.update(from: base, count: bytes.count) }
        raterCount = bytes.count
        raterText = id
    }

    /// Keeps a subject's trimmed bytes and text for the rows after it.
    private func remember(subject bytes: UnsafeBufferPointer<UInt8>, _ text: String) {
        if bytes.count > subjectCapacity {
            subjectBytes.deallocate()
            subjectCapacity = bytes.count
            subjectBytes = .allocate(capacity: subjectCapacity)
        }
        if let base = bytes.baseAddress { subjectBytes.update(from: base, count: bytes.count) }
        subjectCount = bytes.count
        subjectText = text
    }

    /// The next response or rejected row; `nil` at the end of the file.
    /// - Throws: ``ImportIssue`` when the file cannot be read any further.
    public func next() throws -> ResponseEvent? {
        if format == .wideCSV, readsPlainRowsFast, source.start < source.end, let (record, next) = fastWide(row: line) {
            line += 1
            rowsRead += 1
            source.start = next
            return .record(record)
        }
        let event = format == .jsonLines ? try nextJSONLine() : try nextCSV()
        return event
    }

    /// What ``read(appendingTo:)`` found.
    enum ReadOutcome {
        /// A valid record, now the last element of the array.
        case record
        /// A row that failed validation.
        case rejected(RejectedRow)
        /// The end of the file.
        case end
    }

    /// Reads the next row like ``next()``, but appends a valid record to `records` (moved there,
    /// never copied), so a caller collecting a subject's rows makes no event and no copy per row.
    /// - Throws: ``ImportIssue`` when the file cannot be read any further.
    func read(appendingTo records: inout [ResponseRecord]) throws -> ReadOutcome {
        if format == .wideCSV, readsPlainRowsFast, source.start < source.end, let (record, next) = fastWide(row: line) {
            line += 1
            rowsRead += 1
            source.start = next
            records.append(record)
            return .record
        }
        let event = format == .jsonLines ? try nextJSONLine() : try nextCSV()
        switch consume event {
        case .record(let record)?:
            records.append(record)
            return .record
        case .rejected(let row)?:
            return .rejected(row)
        case nil:
            return .end
        }
    }

    // MARK: - CSV

    /// What one field of a wide CSV header is.
    struct WideColumn {
        enum Kind: UInt8 { case respondent, subject, rater, scaled, item, ignored }
        var kind: Kind
        /// Layout position (items).
        var position: Int
        /// For scaled items: the scale's byte table and values (see ``ScaleDecoder``).
        var table: UnsafePointer<UInt8>?
        var values: UnsafePointer<Double>?
        /// For scaled items: the scale's one-byte cells (see ``ScaleDecoder/cells``).
        var cells: UnsafePointer<ScaleDecoder.ByteCell>?
    }

    private func refill() throws {
        do {
            try source.refill()
        } catch {
            throw ImportIssue(file: file, row: line, message: "cannot read the file: \(error.message)")
        }
    }

    /// The next CSV record (fields in ``CSVScanner/fields``), or `nil` at the end of the file.
    private func scanRecord() throws -> CSVRecord? {
        while true {
            let start = source.start, end = source.end
            if start < end, let record = scanner.scan(UnsafePointer(source.buffer), from: start, end: end, eof: source.atEOF) {
                return record
            }
            if source.atEOF { return nil }
            try refill()
        }
    }

    /// A field's bytes, with doubled quotes undone.
    @inline(__always)
    private func bytes(of field: CSVField) -> UnsafeBufferPointer<UInt8> {
        let raw = UnsafeBufferPointer(start: UnsafePointer(source.buffer) + field.start, count: field.end - field.start)
        return field.escaped ? unescape(raw) : raw
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if raw.count > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = raw.count
            scratch = .allocate(capacity: scratchCapacity)
        }
        var n = 0
        var i = 0
        while i < raw.count {
            scratch[n] = raw[i]
            n += 1
            i += raw[i] == Bytes.quote ? 2 : 1
        }
        return UnsafeBufferPointer(start: scratch, count: n)
    }

    private func readHeader() throws {
        let header: CSVRecord
        do {
            guard let record = try scanRecord() else { throw ImportIssue(file: file, row: 0, message: "the file is empty") }
            header = record
        }
        defer {
            line += header.lines
            source.start = header.next
        }
        var issues: [ImportIssue] = []
        func issue(_ column: Int?, _ message: String) { issues.append(ImportIssue(file: file, row: 1, column: column, message: message)) }
        if let malformation = header.malformation {
            throw ImportIssue(file: file, row: 1, column: header.malformedColumn, message: "header: " + malformation.message)
        }
        var names: [String?] = []
        for index in 0..<header.fieldCount {
            guard let name = Bytes.string(bytes(of: scanner.fields[index])) else {
                issue(index + 1, "the name of column \(index + 1) is not valid UTF-8")
                names.append(nil)
                continue
            }
            names.append(name.trimmingASCIISpaces())
        }
        if header.fieldCount == 1, names[0] == "" {
            throw ImportIssue(file: file, row: 1, message: "the header row is blank: the first line must name the columns")
        }
        let mapped = instrument.columns
        var seen: [String: Int] = [:]
        columnCount = header.fieldCount
        columns.deallocate()
        columns = .allocate(capacity: max(columnCount, 1))
        if format == .longCSV {
            let expected = [mapped.respondent, mapped.subject, mapped.rater, "item", "value"]
            var found: [Int?] = [nil, nil, nil, nil, nil]
            for (index, name) in names.enumerated() {
                guard let name else { continue }
                if name.isEmpty { issue(index + 1, "column \(index + 1) has no name"); continue }
                if let previous = seen[name] { issue(index + 1, "duplicate column '\(name)' (also column \(previous))"); continue }
                seen[name] = index + 1
                if let role = expected.firstIndex(of: name), found[role] == nil {
                    found[role] = index
                } else {
                    issue(index + 1, "unknown column '\(name)': a long-format file has the columns \(expected.joined(separator: ", "))")
                }
            }
            for (role, index) in found.enumerated() where index == nil { issue(nil, "missing required column '\(expected[role])'") }
            if let r = found[0], let s = found[1], let ra = found[2], let it = found[3], let v = found[4] {
                longFields = (r, s, ra, it, v)
            }
        } else {
            var roles: [String: WideColumn] = [:]
            for (index, entry) in layout.entries.enumerated() where roles[entry.column] == nil {
                if case .scaled(let decoder) = items[index].kind {
                    roles[entry.column] = WideColumn(kind: .scaled, position: index, table: UnsafePointer(decoder.table), values: UnsafePointer(decoder.values),
                                                       cells: UnsafePointer(decoder.cells))
                } else {
                    roles[entry.column] = WideColumn(kind: .item, position: index)
                }
            }
            roles[mapped.rater] = WideColumn(kind: .rater, position: 0)
            roles[mapped.subject] = WideColumn(kind: .subject, position: 0)
            roles[mapped.respondent] = WideColumn(kind: .respondent, position: 0)
            var present = Set<String>()
            for (index, name) in names.enumerated() {
                columns[index] = WideColumn(kind: .item, position: -1)
                guard let name else { continue }
                if name.isEmpty { issue(index + 1, "column \(index + 1) has no name"); continue }
                if let previous = seen[name] { issue(index + 1, "duplicate column '\(name)' (also column \(previous))"); continue }
                seen[name] = index + 1
                if ignored.contains(name) {
                    columns[index] = WideColumn(kind: .ignored, position: -1)
                    continue
                }
                guard let role = roles[name] else {
                    issue(index + 1, "unknown column '\(name)': not an item of \(instrument.id) (map survey-tool column names with columns = { items = { ... } } in the instrument, or read past it with columns = { ignore = { ... } })")
                    continue
                }
                columns[index] = role
                present.insert(name)
            }
            for name in [mapped.respondent, mapped.subject, mapped.rater] where !present.contains(name) {
                issue(nil, "missing required column '\(name)'")
            }
            for entry in layout.entries where entry.item.required && !present.contains(entry.column) {
                issue(nil, "missing required column '\(entry.column)'")
            }
        }
        if issues.count == 1 { throw issues[0] }
        if !issues.isEmpty { throw ImportIssues(issues) }
    }

    /// The next CSV record read the careful way (after ``fastWide(row:)`` declined it).
    private func nextCSV() throws -> ResponseEvent? {
        while true {
            guard let record = try scanRecord() else { return nil }
            let row = line
            let start = source.start
            line += record.lines
            defer { source.start = record.next }
            if record.malformation == nil, record.fieldCount == 1 {
                let field = scanner.fields[0]
                if !field.quoted, Bytes.trim(bytes(of: field)).isEmpty { continue }
            }
            rowsRead += 1
            if let malformation = record.malformation {
                return reject(row: row, column: record.malformedColumn, malformation.message, start: start, end: record.end)
            }
            if record.fieldCount != columnCount {
                return reject(row: row, column: nil, "expected \(columnCount) fields, found \(record.fieldCount)", start: start, end: record.end)
            }
            return format == .wideCSV ? decodeWide(record, row: row, start: start) : decodeLong(record, row: row, start: start)
        }
    }

    private func reject(row: Int, column: Int?, _ message: String, start: Int, end: Int) -> ResponseEvent {
        var end = end
        let buffer = source.buffer
        if end > start, buffer[end - 1] == Bytes.lf { end -= 1 }
        if end > start, buffer[end - 1] == Bytes.cr { end -= 1 }
        let raw = String(decoding: UnsafeBufferPointer(start: buffer + start, count: end - start), as: UTF8.self)
        return .rejected(RejectedRow(issue: ImportIssue(file: file, row: row, column: column, message: message), raw: raw))
    }

    /// Reads an identifier cell (respondent, subject): trimmed, non-empty, UTF-8.
    @inline(__always)
    private func identifier(_ raw: UnsafeBufferPointer<UInt8>, _ what: String) -> Result<String, Message> {
        let bytes = Bytes.trim(raw)
        if bytes.isEmpty { return .failure(Message("\(what) is empty")) }
        guard let text = Bytes.string(bytes) else { return .failure(Message("not valid UTF-8")) }
        return .success(text)
    }

    struct Message: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }

    /// The parts of a wide row other than its answers.
    private struct WideIdentity {
        var respondent = "", subject = "", rater = ""
    }

    /// Reads one field of a wide row into `answers` (packed words, all ``PackedAnswer/missing`` to
    /// begin with, and the record's other answers) or `identity`; returns why it is invalid, if it is.
    @inline(__always)
    private func decodeWideField(_ column: WideColumn, _ buffer: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool,
                                 _ answers: UnsafeMutablePointer<UInt64>, _ others: inout [Int: Answer],
                                 _ identity: inout WideIdentity) -> String? {
        if column.kind == .scaled, !escaped {
            // A bare one-byte cell is looked up in the scale's table.
            var s = start, e = end
            while s < e, buffer[s] == Bytes.space || buffer[s] == Bytes.tab { s += 1 }
            while e > s, buffer[e - 1] == Bytes.space || buffer[e - 1] == Bytes.tab { e -= 1 }
            if s == e { return nil }
            if e - s == 1 {
                let code = column.table.unsafelyUnwrapped[Int(buffer[s])]
                if code >= 2 { answers[column.position] = column.values.unsafelyUnwrapped[Int(code) - 2].bitPattern; return nil }
                if code == 1 { answers[column.position] = PackedAnswer.notApplicable; return nil }
            }
        }
        let raw = UnsafeBufferPointer(start: buffer + start, count: end - start)
        let bytes = escaped ? unescape(raw) : raw
        switch column.kind {
        case .ignored:
            return nil
        case .scaled, .item:
            switch items[column.position].decode(bytes) {
            case .answer(let answer):
                let word = ResponseRecord.pack(answer)
                answers[column.position] = word
                if word == PackedAnswer.other { others[column.position] = answer }
            case .invalid(let message): return message
            }
        case .respondent:
            switch identifier(bytes, "respondent") {
            case .success(let text): identity.respondent = text
            case .failure(let message): return message.text
            }
        case .subject:
            // Rows of one subject come together: the same bytes give the string made for the row before.
            let trimmed = Bytes.trim(bytes)
            if trimmed.count == subjectCount, trimmed.count > 0, memcmp(subjectBytes, trimmed.baseAddress!, trimmed.count) == 0 {
                identity.subject = subjectText
                return nil
            }
            switch identifier(bytes, "subject") {
            case .success(let text):
                identity.subject = text
                remember(subject: trimmed, text)
            case .failure(let message): return message.text
            }
        case .rater:
            // Most rows name the group the row before named: the same bytes give the same group.
            if bytes.count == raterCount, bytes.count > 0, memcmp(raterBytes, bytes.baseAddress!, bytes.count) == 0 {
                identity.rater = raterText
                return nil
            }
            switch raters.match(bytes) {
            case .answer(.text(let id)):
                identity.rater = id
                remember(rater: bytes, id)
            case .invalid(let message): return message
            case .answer: break
            }
        }
        return nil
    }

    /// A wide row already split into fields by the scanner.
    private func decodeWide(_ record: CSVRecord, row: Int, start: Int) -> ResponseEvent {
        var identity = WideIdentity()
        var failure: (column: Int, message: String)? = nil
        let fields = scanner.fields
        let columns = self.columns
        let buffer = UnsafePointer(source.buffer)
        let count = record.fieldCount
        var others: [Int: Answer] = [:]
        let answers = [UInt64](unsafeUninitializedCapacity: layout.count) { out, initialized in
            let base = out.baseAddress!
            base.initialize(repeating: PackedAnswer.missing, count: out.count)
            initialized = out.count
            for index in 0..<count {
                let field = fields[index]
                if let message = decodeWideField(columns[index], buffer, field.start, field.end, escaped: field.escaped, base, &others, &identity) {
                    failure = (index + 1, message)
                    return
                }
            }
        }
        if let failure { return reject(row: row, column: failure.column, failure.message, start: start, end: record.end) }
        return .record(ResponseRecord(respondent: identity.respondent, subject: identity.subject, rater: identity.rater,
                                      packed: answers, others: others, file: file, row: row))
    }

    /// Splits and reads a plain wide row in one pass: no quotes, the right number of fields, every
    /// cell valid, and its line break in the buffer. Returns `nil` for anything else (blank lines
    /// included), which the scanner then reads the careful way, with the same result for a row
    /// both can read.
    ///
    /// A cell of a scaled item that is one byte followed by its separator (`3,`), or empty (`,`),
    /// is read without scanning for the field's end: one table lookup. Any other cell is scanned
    /// and read by ``decodeWideField``.
    private func fastWide(row: Int) -> (record: ResponseRecord, next: Int)? {
        let buffer = UnsafePointer(source.buffer)
        let end = source.end
        var identity = WideIdentity()
        var i = source.start
        var others: [Int: Answer] = [:]
        let answers = [UInt64](unsafeUninitializedCapacity: layout.count) { out, initialized in
            let base = out.baseAddress!
            base.initialize(repeating: PackedAnswer.missing, count: out.count)
            initialized = out.count
            i = wideCells(buffer, from: i, end: end, base, &others, &identity)
        }
        guard i >= 0 else { return nil }
        let next: Int
        if buffer[i] == Bytes.lf {
            next = i + 1
        } else if i + 1 < end {
            next = buffer[i + 1] == Bytes.lf ? i + 2 : i + 1
        } else {
            return nil
        }
        return (ResponseRecord(respondent: identity.respondent, subject: identity.subject, rater: identity.rater,
                               packed: answers, others: others, file: file, row: row), next)
    }

    /// The cells of ``fastWide(row:)``'s row, from `start`, into `answers` (packed words, all
    /// ``PackedAnswer/missing`` to begin with), `others` and `identity`; returns where the row's
    /// line break is, or -1 when the row is not plain.
    @inline(__always)
    private func wideCells(_ buffer: UnsafePointer<UInt8>, from start: Int, end: Int, _ answers: UnsafeMutablePointer<UInt64>,
                           _ others: inout [Int: Answer], _ identity: inout WideIdentity) -> Int {
        let columns = UnsafePointer(self.columns)
        let count = columnCount
        var i = start
        var index = 0
        while true {
            // The common case first: scaled cells of one byte, each followed by a comma (not the
            // row's last cell, whose separator is the line break).
            while index < count - 1, i + 1 < end, columns[index].kind == .scaled {
                guard buffer[i + 1] == Bytes.comma else { break }
                // Never a comma or a quote: those have code 0.
                let cell = columns[index].cells.unsafelyUnwrapped[Int(buffer[i])]
                if cell.code == 2 {
                    answers[columns[index].position] = cell.value.bitPattern
                } else if cell.code == 1 {
                    answers[columns[index].position] = PackedAnswer.notApplicable
                } else {
                    break
                }
                i += 2
                index += 1
            }
            let column = columns + index
            var read = false
            if column.pointee.kind == .scaled, i + 1 < end {
                let c = buffer[i]
                if c == Bytes.comma || c == Bytes.lf || c == Bytes.cr {
                    read = true  // an empty cell: the slot stays `.missing`
                } else if c != Bytes.quote {
                    let d = buffer[i + 1]
                    if d == Bytes.comma || d == Bytes.lf || d == Bytes.cr {
                        let cell = column.pointee.cells.unsafelyUnwrapped[Int(c)]
                        if cell.code == 2 {
                            answers[column.pointee.position] = cell.value.bitPattern
                            i += 1
                            read = true
                        } else if cell.code == 1 {
                            answers[column.pointee.position] = PackedAnswer.notApplicable
                            i += 1
                            read = true
                        }
                    }
                }
            }
            if !read {
                let fieldStart = i
                while i < end {
                    let c = buffer[i]
                    if c > Bytes.comma { i += 1; continue }
                    if c == Bytes.comma || c == Bytes.lf || c == Bytes.cr { break }
                    if c == Bytes.quote { return -1 }
                    i += 1
                }
                if i >= end { return -1 }
                if decodeWideField(column.pointee, buffer, fieldStart, i, escaped: false, answers, &others, &identity) != nil { return -1 }
            }
            // `buffer[i]` is the field's separator.
            index += 1
            if buffer[i] == Bytes.comma {
                if index == count { return -1 }
                i += 1
                continue
            }
            return index == count ? i : -1
        }
    }

    private func decodeLong(_ record: CSVRecord, row: Int, start: Int) -> ResponseEvent {
        let fields = scanner.fields
        var failures: [(column: Int, message: String)] = []
        var respondent = "", subject = "", rater = ""
        switch identifier(bytes(of: fields[longFields.respondent]), "respondent") {
        case .success(let text): respondent = text
        case .failure(let message): failures.append((longFields.respondent + 1, message.text))
        }
        switch identifier(bytes(of: fields[longFields.subject]), "subject") {
        case .success(let text): subject = text
        case .failure(let message): failures.append((longFields.subject + 1, message.text))
        }
        switch raters.match(bytes(of: fields[longFields.rater])) {
        case .answer(.text(let id)): rater = id
        case .invalid(let message): failures.append((longFields.rater + 1, message))
        default: break
        }
        var answers = [Answer](repeating: .missing, count: layout.count)
        let itemBytes = Bytes.trim(bytes(of: fields[longFields.item]))
        if itemBytes.isEmpty {
            failures.append((longFields.item + 1, "item is empty"))
        } else if let name = Bytes.string(itemBytes) {
            if let position = itemKeys[name] {
                switch items[position].decode(bytes(of: fields[longFields.value])) {
                case .answer(let answer): answers[position] = answer
                case .invalid(let message): failures.append((longFields.value + 1, message))
                }
            } else {
                failures.append((longFields.item + 1, "unknown item '\(Bytes.display(name))': not an item of \(instrument.id)"))
            }
        } else {
            failures.append((longFields.item + 1, "not valid UTF-8"))
        }
        if let failure = failures.min(by: { $0.column < $1.column }) {
            return reject(row: row, column: failure.column, failure.message, start: start, end: record.end)
        }
        return .record(ResponseRecord(respondent: respondent, subject: subject, rater: rater, answers: answers, file: file, row: row))
    }

    // MARK: - JSON Lines

    private func nextJSONLine() throws -> ResponseEvent? {
        while true {
            let start = source.start, end = source.end
            if start == end {
                if source.atEOF { return nil }
                try refill()
                continue
            }
            let buffer = source.buffer
            let lineEnd: Int, next: Int
            if let found = memchr(buffer + start, Int32(Bytes.lf), end - start) {
                lineEnd = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self))
                next = lineEnd + 1
            } else if source.atEOF {
                lineEnd = end
                next = end
            } else {
                try refill()
                continue
            }
            let row = line
            line += 1
            defer { source.start = next }
            var contentEnd = lineEnd
            if contentEnd > start, buffer[contentEnd - 1] == Bytes.cr { contentEnd -= 1 }
            let bytes = UnsafeBufferPointer(start: UnsafePointer(buffer) + start, count: contentEnd - start)
            if bytes.allSatisfy({ $0 == Bytes.space || $0 == Bytes.tab || $0 == Bytes.cr }) { continue }
            rowsRead += 1
            return decodeJSON(bytes, row: row, start: start, end: contentEnd)
        }
    }

    private func decodeJSON(_ bytes: UnsafeBufferPointer<UInt8>, row: Int, start: Int, end: Int) -> ResponseEvent {
        func fail(_ message: String) -> ResponseEvent { reject(row: row, column: nil, message, start: start, end: end) }
        guard Bytes.string(bytes) != nil else { return fail("not valid UTF-8") }
        let mapped = instrument.columns
        var parser = JSONLineParser(bytes)
        var identity: [String: JSONValue] = [:]
        var problem: String? = nil
        var answersNotObject = false
        var unknown: String? = nil
        var answers = [Answer](repeating: .missing, count: layout.count)
        // Per item: 0 not seen, 1 given under its column name, 2 under its id.
        var given = [UInt8](repeating: 0, count: layout.count)
        var twice: (position: Int, key: String, previous: String)? = nil
        var invalid: (position: Int, message: String)? = nil
        func item(_ parser: inout JSONLineParser, _ key: String) throws(JSONSyntaxError) {
            let value = try parser.value()
            guard let position = itemKeys[key] else {
                if !ignored.contains(key), unknown.map({ key < $0 }) ?? true { unknown = key }
                return
            }
            let entry = layout.entries[position]
            if given[position] != 0 {
                if twice.map({ position < $0.position }) ?? true {
                    twice = (position, key, given[position] == 1 ? entry.column : entry.item.id)
                }
                return
            }
            given[position] = key == entry.column ? 1 : 2
            switch items[position].decode(json: value) {
            case .answer(let answer): answers[position] = answer
            case .invalid(let message):
                if invalid.map({ position < $0.position }) ?? true { invalid = (position, message) }
            }
        }
        do {
            guard parser.peek() == 0x7B else {
                _ = try parser.value()
                guard parser.atEnd() else { throw JSONSyntaxError() }
                return fail("not a JSON object (each line must hold one object, like {\"respondent\": ..., \"subject\": ..., \"rater\": ..., \"answers\": {...}})")
            }
            try parser.object { (parser: inout JSONLineParser, key: String) throws(JSONSyntaxError) in
                if key == mapped.respondent || key == mapped.subject || key == mapped.rater {
                    let value = try parser.value()
                    if identity.updateValue(value, forKey: key) != nil, problem == nil { problem = "key '\(key)' appears twice" }
                } else if key == "answers" {
                    if parser.peek() == 0x7B {
                        try parser.object(item)
                    } else {
                        _ = try parser.value()
                        answersNotObject = true
                    }
                } else {
                    try item(&parser, key)
                }
            }
            guard parser.atEnd() else { throw JSONSyntaxError() }
        } catch {
            return fail("not valid JSON (each line must hold one JSON object)")
        }
        func text(_ key: String, _ what: String) -> Result<String, Message> {
            switch identity[key] {
            case nil: return .failure(Message("missing key '\(key)'"))
            case .string(let text)?:
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                return trimmed.isEmpty ? .failure(Message("\(what) is empty")) : .success(trimmed)
            case .number(let number)?: return .success(Bytes.number(number))
            case .null?: return .failure(Message("\(what) is empty"))
            default: return .failure(Message("\(what) must be text"))
            }
        }
        let respondent: String, subject: String, rater: String
        switch text(mapped.respondent, "respondent") {
        case .success(let text): respondent = text
        case .failure(let message): return fail(message.text)
        }
        switch text(mapped.subject, "subject") {
        case .success(let text): subject = text
        case .failure(let message): return fail(message.text)
        }
        switch identity[mapped.rater] {
        case nil: return fail("missing key '\(mapped.rater)'")
        case .string(let text)?:
            switch raters.match(text: text) {
            case .answer(.text(let id)): rater = id
            case .invalid(let message): return fail(message)
            case .answer: return fail("rater must be text")
            }
        default: return fail("rater must be text")
        }
        if let problem { return fail(problem) }
        if answersNotObject { return fail("'answers' must be an object of answers by item, like {\"q1\": 3}") }
        if let unknown {
            return fail("unknown key '\(Bytes.display(unknown))': not an item of \(instrument.id) (map survey-tool column names with columns = { items = { ... } } in the instrument, or read past it with columns = { ignore = { ... } })")
        }
        if let invalid, invalid.position <= twice?.position ?? Int.max { return fail(invalid.message) }
        if let twice {
            return fail("item '\(layout.entries[twice.position].item.id)' is answered twice (as '\(twice.previous)' and '\(twice.key)')")
        }
        return .record(ResponseRecord(respondent: respondent, subject: subject, rater: rater, answers: answers, file: file, row: row))
    }
}
