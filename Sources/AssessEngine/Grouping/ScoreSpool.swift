import AssessModel
import Foundation

/// Scores held on disk until they can go out in subject order, for input that is grouped by
/// subject in a few sorted stretches (ids such as S99999 then S100000, which sort the other way):
/// each stretch's scores are written to their own temporary file, in the order they were scored
/// (which is subject order within the stretch), and ``merge(into:)`` then merges the stretches.
/// Memory holds one read buffer per stretch; the files are removed when the spool is released.
final class ScoreSpool {
    /// Two stretches held the same subject: the input is not grouped after all.
    struct SubjectRecurs: Error {}

    private var folder: URL?
    private var files: [URL] = []
    private var handle: FileHandle?
    private var bytes: [UInt8] = []

    deinit {
        try? handle?.close()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Starts the next stretch's file.
    func startStretch() throws {
        try flush()
        try handle?.close()
        if folder == nil {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("assess-scores-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            folder = url
        }
        let url = folder!.appendingPathComponent("stretch-\(files.count)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        files.append(url)
    }

    private var record: [UInt8] = []

    /// Each record is its length, the subject id, then the scores (so the id check can skip the rest).
    func append(_ scores: SubjectScores) throws {
        record.removeAll(keepingCapacity: true)
        ScoresCodec.encode(scores, into: &record)
        try append(encoded: record)
    }

    /// Appends scores a worker encoded with ``ScoresCodec/encode(_:into:)``.
    func append(encoded record: [UInt8]) throws {
        ScoresCodec.integer(UInt64(record.count), &bytes)
        bytes.append(contentsOf: record)
        if bytes.count >= 1 << 20 { try flush() }
    }

    /// Bytes written to the spool so far (for the time-by-stage report).
    private(set) var bytesWritten = 0

    private func flush() throws {
        guard let handle, !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
        bytesWritten += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands every subject's scores to `sink` in subject order.
    /// - Throws: ``SubjectRecurs`` when a subject is in two stretches (before anything reaches
    ///   the sink's `subject`), or what the sink throws.
    func merge<Sink: ScoreSink>(into sink: inout Sink, begin: (inout Sink) throws -> Void) throws {
        try finishAndCheck()
        try begin(&sink)
        try mergeRecords({ try $0.next() }, subject: \.subject) { try sink.subject($0) }
    }

    /// Hands every subject's rendered bytes (records of the subject id then the bytes, see
    /// ``RenderingScoreSink``) to `emit` in subject order, after `begin`.
    /// - Throws: ``SubjectRecurs`` when a subject is in two stretches (before `begin`), or what
    ///   `begin` and `emit` throw.
    func mergeRendered(begin: () throws -> Void, emit: ([UInt8]) throws -> Void) throws {
        try finishAndCheck()
        try begin()
        try mergeRecords({ try $0.nextRendered() }, subject: \.subject) { try emit($0.bytes) }
    }

    /// Closes the last stretch; a subject in two stretches is found by a first merge over the ids
    /// alone (one stretch is in order, so its ids cannot repeat).
    private func finishAndCheck() throws {
        try flush()
        try handle?.close()
        handle = nil
        guard files.count > 1 else { return }
        var last: String?
        try mergeRecords({ try $0.nextSubject() }, subject: { $0 }) { subject in
            if let last, last == subject { throw SubjectRecurs() }
            last = subject
        }
    }

    /// Reads every stretch with `next` and hands the records to `body` in subject order.
    private func mergeRecords<Record>(_ next: (SpoolReader) throws -> Record?, subject: (Record) -> String,
                                      _ body: (Record) throws -> Void) throws {
        let readers = try files.map { try SpoolReader(url: $0) }
        var heads = try readers.map(next)
        while let (index, _) = Self.smallest(heads.map { $0.map(subject) }) {
            try body(heads[index]!)
            heads[index] = try next(readers[index])
        }
    }

    /// The head with the smallest subject id (by UTF-8 bytes, as records are sorted).
    private static func smallest(_ heads: [String?]) -> (Int, String)? {
        var best: (Int, String)?
        for (index, head) in heads.enumerated() {
            guard let head else { continue }
            if let current = best, !head.utf8.lexicographicallyPrecedes(current.1.utf8) { continue }
            best = (index, head)
        }
        return best
    }
}

/// Reads one stretch's scores back, a megabyte at a time.
private final class SpoolReader {
    private let file: ChunkedFile

    init(url: URL) throws { file = try ChunkedFile(url: url) }

    func next() throws -> SubjectScores? {
        try nextRecord { bytes, start in ScoresCodec.decode(bytes, from: start)?.0 }
    }

    /// The subject id and the rendered bytes of the next record.
    func nextRendered() throws -> (subject: String, bytes: [UInt8])? {
        try file.next { bytes, start in
            var p = start
            guard let length = ScoresCodec.readInteger(bytes, &p), p + Int(length) <= bytes.count else { return nil }
            let end = p + Int(length)
            guard let subject = ScoresCodec.readSubject(bytes, &p), p <= end else { throw CocoaError(.fileReadCorruptFile) }
            return ((subject, Array(bytes[p..<end])), end)
        }
    }

    /// Only the subject id of the next record.
    func nextSubject() throws -> String? {
        try nextRecord { bytes, start in ScoresCodec.subject(bytes, from: start) }
    }

    /// A length-prefixed record: `read` gets the bytes after the length.
    private func nextRecord<T>(_ read: @escaping ([UInt8], Int) -> T?) throws -> T? {
        try file.next { bytes, start in
            var p = start
            guard let length = ScoresCodec.readInteger(bytes, &p), p + Int(length) <= bytes.count else { return nil }
            guard let value = read(bytes, p) else { throw CocoaError(.fileReadCorruptFile) }
            return (value, p + Int(length))
        }
    }
}

/// A compact binary form of ``SubjectScores`` (exact: doubles as their bits).
enum ScoresCodec: SpoolCoding {
    static func encode(_ s: SubjectScores, into bytes: inout [UInt8]) {
        string(s.subject, &bytes)
        optionalInteger(s.responses, &bytes)
        integer(UInt64(s.dimensions.count), &bytes)
        for entry in s.dimensions { encode(entry, &bytes) }
        if let overall = s.overall {
            bytes.append(1)
            encode(overall, &bytes)
        } else {
            bytes.append(0)
        }
        integer(UInt64(s.items.count), &bytes)
        for entry in s.items { encode(entry, &bytes) }
        if let extra = s.extra {
            bytes.append(1)
            encode(extra, &bytes)
        } else {
            bytes.append(0)
        }
    }

    private static func encode(_ value: JSONValue, _ bytes: inout [UInt8]) {
        switch value {
        case .null: bytes.append(0)
        case .bool(let b): bytes.append(b ? 2 : 1)
        case .number(let n):
            bytes.append(3)
            withUnsafeBytes(of: n.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .string(let text):
            bytes.append(4)
            string(text, &bytes)
        case .array(let items):
            bytes.append(5)
            integer(UInt64(items.count), &bytes)
            for item in items { encode(item, &bytes) }
        case .object(let fields):
            bytes.append(6)
            integer(UInt64(fields.count), &bytes)
            for (key, item) in fields {
                string(key, &bytes)
                encode(item, &bytes)
            }
        }
    }

    private static func decodeJSON(_ bytes: [UInt8], _ p: inout Int, depth: Int = 0) -> JSONValue? {
        guard p < bytes.count, depth < 1000 else { return nil }
        p += 1
        switch bytes[p - 1] {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return readDouble(bytes, &p).map(JSONValue.number)
        case 4: return readString(bytes, &p).map(JSONValue.string)
        case 5:
            guard let count = readInteger(bytes, &p) else { return nil }
            var items: [JSONValue] = []
            for _ in 0..<count {
                guard let item = decodeJSON(bytes, &p, depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .array(items)
        default:
            guard let count = readInteger(bytes, &p) else { return nil }
            var fields: [String: JSONValue] = [:]
            for _ in 0..<count {
                guard let key = readString(bytes, &p), let item = decodeJSON(bytes, &p, depth: depth + 1) else { return nil }
                fields[key] = item
            }
            return .object(fields)
        }
    }

    private static func encode(_ e: ScoreEntry, _ bytes: inout [UInt8]) {
        string(e.id, &bytes)
        if let score = e.score {
            bytes.append(1)
            withUnsafeBytes(of: score.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        } else {
            bytes.append(0)
        }
        optionalString(e.band, &bytes)
        optionalInteger(e.answered, &bytes)
        optionalString(e.reason, &bytes)
        integer(UInt64(e.stats.count), &bytes)
        for (name, value) in e.stats {
            string(name, &bytes)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        integer(UInt64(e.flags.count), &bytes)
        for flag in e.flags { string(flag, &bytes) }
        integer(UInt64(e.groups.count), &bytes)
        for (name, group) in e.groups {
            string(name, &bytes)
            encode(group, &bytes)
        }
    }

    /// The subject id at `p` (the start of every record), advancing `p` past it.
    static func readSubject(_ bytes: [UInt8], _ p: inout Int) -> String? { readString(bytes, &p) }

    /// The subject id at the start of an encoded record.
    static func subject(_ bytes: [UInt8], from start: Int) -> String? {
        var p = start
        return readString(bytes, &p)
    }

    /// Decodes one subject's scores at `start`; `nil` when the bytes end before they do.
    static func decode(_ bytes: [UInt8], from start: Int) -> (SubjectScores, Int)? {
        var p = start
        guard let subject = readString(bytes, &p), let responses = readOptionalInteger(bytes, &p),
              let dimensionCount = readInteger(bytes, &p) else { return nil }
        var dimensions: [ScoreEntry] = []
        for _ in 0..<dimensionCount {
            guard let entry = decodeEntry(bytes, &p) else { return nil }
            dimensions.append(entry)
        }
        guard p < bytes.count else { return nil }
        var overall: ScoreEntry?
        p += 1
        if bytes[p - 1] == 1 {
            guard let entry = decodeEntry(bytes, &p) else { return nil }
            overall = entry
        }
        guard let itemCount = readInteger(bytes, &p) else { return nil }
        var items: [ScoreEntry] = []
        for _ in 0..<itemCount {
            guard let entry = decodeEntry(bytes, &p) else { return nil }
            items.append(entry)
        }
        guard p < bytes.count else { return nil }
        var extra: JSONValue?
        p += 1
        if bytes[p - 1] == 1 {
            guard let value = decodeJSON(bytes, &p) else { return nil }
            extra = value
        }
        return (SubjectScores(subject: subject, responses: responses.value, dimensions: dimensions, overall: overall,
                              items: items, extra: extra), p)
    }

    private static func decodeEntry(_ bytes: [UInt8], _ p: inout Int) -> ScoreEntry? {
        guard let id = readString(bytes, &p), p < bytes.count else { return nil }
        var score: Double?
        p += 1
        if bytes[p - 1] == 1 {
            guard let value = readDouble(bytes, &p) else { return nil }
            score = value
        }
        guard let band = readOptionalString(bytes, &p), let answered = readOptionalInteger(bytes, &p),
              let reason = readOptionalString(bytes, &p), let statCount = readInteger(bytes, &p) else { return nil }
        var stats: [String: Double] = [:]
        for _ in 0..<statCount {
            guard let name = readString(bytes, &p), let value = readDouble(bytes, &p) else { return nil }
            stats[name] = value
        }
        guard let flagCount = readInteger(bytes, &p) else { return nil }
        var flags: [String] = []
        for _ in 0..<flagCount {
            guard let flag = readString(bytes, &p) else { return nil }
            flags.append(flag)
        }
        guard let groupCount = readInteger(bytes, &p) else { return nil }
        var groups: [String: ScoreEntry] = [:]
        for _ in 0..<groupCount {
            guard let name = readString(bytes, &p), let group = decodeEntry(bytes, &p) else { return nil }
            groups[name] = group
        }
        return ScoreEntry(id: id, score: score, band: band.value, answered: answered.value, reason: reason.value,
                          stats: stats, flags: flags, groups: groups)
    }

    /// A decoded optional: `value` may be nil; the wrapper being nil means "ran out of bytes".
    private struct Decoded<T> { var value: T? }


    private static func optionalInteger(_ value: Int?, _ bytes: inout [UInt8]) {
        guard let value else { bytes.append(0); return }
        // Zig-zag, so negative counts survive.
        bytes.append(1)
        integer(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))), &bytes)
    }


    private static func optionalString(_ s: String?, _ bytes: inout [UInt8]) {
        guard let s else { bytes.append(0); return }
        bytes.append(1)
        string(s, &bytes)
    }


    private static func readOptionalInteger(_ bytes: [UInt8], _ p: inout Int) -> Decoded<Int>? {
        guard p < bytes.count else { return nil }
        p += 1
        if bytes[p - 1] == 0 { return Decoded(value: nil) }
        guard let raw = readInteger(bytes, &p) else { return nil }
        let zigzag = Int64(bitPattern: raw)
        return Decoded(value: Int((zigzag >> 1) ^ -(zigzag & 1)))
    }

    private static func readDouble(_ bytes: [UInt8], _ p: inout Int) -> Double? {
        guard p + 8 <= bytes.count else { return nil }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[p + i]) << (8 * UInt64(i)) }
        p += 8
        return Double(bitPattern: bits)
    }


    private static func readOptionalString(_ bytes: [UInt8], _ p: inout Int) -> Decoded<String>? {
        guard p < bytes.count else { return nil }
        p += 1
        if bytes[p - 1] == 0 { return Decoded(value: nil) }
        guard let s = readString(bytes, &p) else { return nil }
        return Decoded(value: s)
    }
}

/// The byte primitives of the spool and of spilled runs: integers as LEB128 (seven bits a byte,
/// low first), strings as their UTF-8 length then bytes.
protocol SpoolCoding {}

extension SpoolCoding {
    static func integer(_ value: UInt64, _ bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    static func string(_ s: String, _ bytes: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            integer(UInt64(utf8.count), &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    static func readInteger(_ bytes: [UInt8], _ p: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while p < bytes.count {
            let b = bytes[p]
            p += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    static func readString(_ bytes: [UInt8], _ p: inout Int) -> String? {
        guard let length = readInteger(bytes, &p), p + Int(length) <= bytes.count else { return nil }
        let s = String(decoding: bytes[p..<(p + Int(length))], as: UTF8.self)
        p += Int(length)
        return s
    }
}
