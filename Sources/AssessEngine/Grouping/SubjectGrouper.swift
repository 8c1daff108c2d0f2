import AssessModel
import Foundation

/// Groups response records by subject with bounded memory, whatever the order of the input.
///
/// Records are buffered up to ``runLimit``; a full buffer is sorted (by subject, then rater group in
/// instrument order, then respondent, then file and row) and spilled to a temporary file as a
/// sorted run. ``groups()`` then merges the runs (or sorts the single in-memory buffer when nothing
/// was spilled) and yields one subject at a time, in subject order. Memory is bounded by the buffer
/// and one read buffer per run, not by the number of rows; the temporary files are removed when
/// the grouper is released.
///
/// Input that is already grouped by subject (each subject's rows together, subjects in order, or
/// in a few stretches of subjects in order) needs none of that: with `streaming`, the grouper
/// watches the order of the records it is given, and once ``streamAfter`` records (or a run, if
/// smaller) have come in that order, it keeps none of them (``streamed``): it hands over what it
/// held (``takeHandoff()``), and the caller scores each subject's rows as they come
/// (``SubjectPipeline``), merging the stretches' scores at the end (``ScoreSpool``). Should the
/// order then break, ``add(_:)`` throws ``NotGrouped`` and the caller starts again with a grouper
/// that spills.
final class SubjectGrouper {
    /// The input turned out not to be grouped after records were let go.
    struct NotGrouped: Error {}

    let runLimit: Int
    private let raterOrder: [String: Int]
    private let fileOrder: [String: Int]
    private var buffer: [ResponseRecord] = []
    private var runs: [URL] = []
    private var folder: URL?
    /// Whether records may be let go while the input stays grouped.
    private let streaming: Bool
    /// The records so far are grouped by subject, in at most ``maxStretches`` stretches of
    /// subjects in order (each subject's rows together).
    private(set) var grouped = true
    /// Stretches of subjects in order seen so far (a subject id below the one before starts one).
    private(set) var stretches = 1
    /// More stretches than this and the input counts as not grouped.
    static let maxStretches = 64
    /// Records seen in grouped order before they are let go (fewer than a run: the buffer of a
    /// full run is most of the memory a job uses, and scoring starts sooner).
    static let streamAfter = 4_096
    /// Records were let go (the input is grouped): the caller scores them as they come.
    private(set) var streamed = false
    private var lastSubject: String?
    private var handoff: [ResponseRecord]?

    /// The records held when the grouper started streaming (the one just added among them), once;
    /// after that, each record added is the caller's to pass on.
    func takeHandoff() -> [ResponseRecord]? {
        defer { handoff = nil }
        return handoff
    }

    init(instrument: Instrument, files: [String], runLimit: Int = 50_000, streaming: Bool = false) {
        self.streaming = streaming
        self.runLimit = max(1, runLimit)
        raterOrder = Dictionary(instrument.raters.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        fileOrder = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    deinit {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Spilled runs so far (for tests and progress).
    var spilledRuns: Int { runs.count }

    /// Records added so far.
    private(set) var recordCount = 0

    /// Adds one record.
    /// - Throws: ``NotGrouped`` when records were let go and this one breaks the order.
    func add(_ record: ResponseRecord) throws {
        recordCount += 1
        try watch(record.subject)
        if streamed { return }
        try hold(record)
    }

    /// Adds consecutive records of one subject (a run of the input), as if each was given to
    /// ``add(_:)`` in turn: once the grouper lets records go, the caller passes the run on whole.
    /// - Throws: ``NotGrouped`` when records were let go and this run breaks the order.
    func add(run records: [ResponseRecord]) throws {
        guard !records.isEmpty else { return }
        recordCount += records.count
        try watch(records[0].subject)
        if streamed { return }
        for index in records.indices {
            try hold(records[index])
            if streamed {
                // The rest of the run goes with the records handed over.
                handoff!.append(contentsOf: records[(index + 1)...])
                return
            }
        }
    }

    /// Follows the order of subjects: a subject id below the one before starts a new stretch.
    @inline(__always)
    private func watch(_ subject: String) throws {
        guard grouped else { return }
        if let last = lastSubject {
            guard last != subject else { return }
            if !Self.utf8Precedes(last, subject) { stretches += 1 }
            lastSubject = subject
            if stretches > Self.maxStretches {
                grouped = false
                if streamed { throw NotGrouped() }
            }
        } else {
            lastSubject = subject
        }
    }

    /// Keeps a record until the input proves grouped (then hands them all over) or a run is full.
    private func hold(_ record: ResponseRecord) throws {
        buffer.append(record)
        if streaming, grouped, buffer.count >= min(runLimit, Self.streamAfter) {
            streamed = true
            handoff = buffer
            buffer = []
        } else if buffer.count >= runLimit {
            try spill()
        }
    }

    /// Whether `a` sorts before `b` by their UTF-8 bytes (`a.utf8.lexicographicallyPrecedes(b.utf8)`,
    /// compared with `memcmp` when both strings have contiguous UTF-8, as native strings do).
    @inline(__always)
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        let fast: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let n = Swift.min(x.count, y.count)
                let order = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
        if case let result?? = fast { return result }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The sort order: subject, rater group (instrument order), respondent, then file and row.
    func precedes(_ a: ResponseRecord, _ b: ResponseRecord) -> Bool {
        if a.subject != b.subject { return Self.utf8Precedes(a.subject, b.subject) }
        if a.rater != b.rater {  // the same group has the same place: no lookup needed
            let ra = raterOrder[a.rater] ?? Int.max, rb = raterOrder[b.rater] ?? Int.max
            if ra != rb { return ra < rb }
        }
        if a.respondent != b.respondent { return Self.utf8Precedes(a.respondent, b.respondent) }
        if a.file != b.file {
            let fa = fileOrder[a.file] ?? Int.max, fb = fileOrder[b.file] ?? Int.max
            if fa != fb { return fa < fb }
        }
        return a.row < b.row
    }

    private func spill() throws {
        guard !buffer.isEmpty else { return }
        buffer.sort(by: precedes)
        if folder == nil {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("assess-runs-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            folder = url
        }
        let url = folder!.appendingPathComponent("run-\(runs.count)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 20)
        for record in buffer {
            RecordCodec.encode(record, into: &bytes)
            if bytes.count >= 1 << 20 {
                try handle.write(contentsOf: bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: bytes)
        runs.append(url)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Every record in sort order. Call once, after the last ``add(_:)``.
    func sortedRecords() throws -> SortedRecords {
        if runs.isEmpty {
            buffer.sort(by: precedes)
            defer { buffer = [] }
            return SortedRecords(memory: buffer)
        }
        try spill()
        let readers = try runs.map { try RunReader(url: $0) }
        var heap = MergeHeap(precedes: precedes)
        for (index, reader) in readers.enumerated() {
            if let record = try reader.next() { heap.push(record, source: index) }
        }
        return SortedRecords(readers: readers, heap: heap)
    }
}

/// Records in sort order, from memory or merged from spilled runs.
final class SortedRecords {
    private var memory: IndexingIterator<[ResponseRecord]>?
    private var readers: [RunReader] = []
    private var heap: MergeHeap?

    init(memory: [ResponseRecord]) { self.memory = memory.makeIterator() }

    init(readers: [RunReader], heap: MergeHeap) {
        self.readers = readers
        self.heap = heap
    }

    func next() throws -> ResponseRecord? {
        if memory != nil { return memory!.next() }
        guard let (record, source) = heap!.pop() else { return nil }
        if let following = try readers[source].next() { heap!.push(following, source: source) }
        return record
    }
}

/// A binary min-heap of the current head record of each run.
struct MergeHeap {
    let precedes: (ResponseRecord, ResponseRecord) -> Bool
    private var items: [(record: ResponseRecord, source: Int)] = []

    init(precedes: @escaping (ResponseRecord, ResponseRecord) -> Bool) { self.precedes = precedes }

    private func less(_ i: Int, _ j: Int) -> Bool {
        if precedes(items[i].record, items[j].record) { return true }
        if precedes(items[j].record, items[i].record) { return false }
        return items[i].source < items[j].source
    }

    mutating func push(_ record: ResponseRecord, source: Int) {
        items.append((record, source))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (ResponseRecord, Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, less(left, smallest) { smallest = left }
            if right < items.count, less(right, smallest) { smallest = right }
            if smallest == parent { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.record, top.source)
    }
}

/// Reads the records of one spilled run, a megabyte at a time.
final class RunReader {
    private let file: ChunkedFile

    init(url: URL) throws { file = try ChunkedFile(url: url) }

    func next() throws -> ResponseRecord? {
        try file.next { bytes, start in RecordCodec.decode(bytes, from: start) }
    }
}

/// A file of records read a megabyte at a time: the decoder is given the bytes and a position,
/// and returns the record found there with the position after it, or `nil` when the bytes hold
/// only part of one (more is then read). Shared by spilled runs and the score spool.
final class ChunkedFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var exhausted = false

    init(url: URL) throws { handle = try FileHandle(forReadingFrom: url) }
    deinit { try? handle.close() }

    /// The next record, or `nil` at the end of the file.
    /// - Throws: when the file ends inside a record, or what `decode` throws.
    func next<T>(_ decode: ([UInt8], Int) throws -> (T, Int)?) throws -> T? {
        while true {
            if let (value, end) = try decode(buffer, position) {
                position = end
                return value
            }
            if exhausted {
                guard position == buffer.count else { throw CocoaError(.fileReadCorruptFile) }
                return nil
            }
            // Keep the unread tail and read more.
            buffer.removeSubrange(0..<position)
            position = 0
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                exhausted = true
            }
        }
    }
}

/// A compact binary form of a response record for spilled runs.
enum RecordCodec: SpoolCoding {
    static func encode(_ record: ResponseRecord, into bytes: inout [UInt8]) {
        string(record.respondent, &bytes)
        string(record.subject, &bytes)
        string(record.rater, &bytes)
        string(record.file, &bytes)
        integer(UInt64(record.row), &bytes)
        integer(UInt64(record.count), &bytes)
        for position in 0..<record.count {
            switch record.answer(at: position) {
            case .missing: bytes.append(0)
            case .notApplicable: bytes.append(1)
            case .value(let d):
                bytes.append(2)
                withUnsafeBytes(of: d.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            case .text(let s):
                bytes.append(3)
                string(s, &bytes)
            case .options(let ids):
                bytes.append(4)
                integer(UInt64(ids.count), &bytes)
                for id in ids { string(id, &bytes) }
            }
        }
    }

    /// Decodes one record starting at `start`; `nil` when the bytes end before it does.
    static func decode(_ bytes: [UInt8], from start: Int) -> (ResponseRecord, Int)? {
        var p = start
        guard let respondent = readString(bytes, &p), let subject = readString(bytes, &p), let rater = readString(bytes, &p),
              let file = readString(bytes, &p), let row = readInteger(bytes, &p), let count = readInteger(bytes, &p)
        else { return nil }
        var answers: [Answer] = []
        answers.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard p < bytes.count else { return nil }
            let tag = bytes[p]
            p += 1
            switch tag {
            case 0: answers.append(.missing)
            case 1: answers.append(.notApplicable)
            case 2:
                guard p + 8 <= bytes.count else { return nil }
                var bits: UInt64 = 0
                for i in 0..<8 { bits |= UInt64(bytes[p + i]) << (8 * UInt64(i)) }
                p += 8
                answers.append(.value(Double(bitPattern: bits)))
            case 3:
                guard let s = readString(bytes, &p) else { return nil }
                answers.append(.text(s))
            default:
                guard let n = readInteger(bytes, &p) else { return nil }
                var ids: [String] = []
                for _ in 0..<n {
                    guard let id = readString(bytes, &p) else { return nil }
                    ids.append(id)
                }
                answers.append(.options(ids))
            }
        }
        return (ResponseRecord(respondent: respondent, subject: subject, rater: rater, answers: answers, file: file, row: Int(row)), p)
    }
}
