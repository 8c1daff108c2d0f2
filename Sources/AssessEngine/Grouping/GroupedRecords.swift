import AssessModel
import Foundation

/// The records of input that is already grouped by subject, read again from its files: each
/// subject's rows are together, so they are gathered, sorted as the spilled runs would sort them
/// (rater group, respondent, file, row) and handed out, with nothing else held. Subjects come in
/// the files' order: in order within each stretch (see ``SubjectGrouper``). Rows that failed
/// validation were reported by the first pass and are passed over here. Each file must still hash
/// as it did on the first pass, and the subjects must still come in order; otherwise the file
/// changed while it was being scored, which is an error.
final class GroupedRecords: RecordSource {
    private let files: [(url: URL, display: String)]
    private let hashes: [String]
    private let instrument: Instrument
    private let layout: ResponseLayout
    private let precedes: (ResponseRecord, ResponseRecord) -> Bool
    private var fileIndex = 0
    private var reader: ResponseReader?
    /// The first record of the next subject, already read.
    private var pending: ResponseRecord?
    private var current: [ResponseRecord] = []
    private var position = 0
    private var lastSubject: String?
    /// Stretches of subjects in order the first pass saw; more now means the file changed.
    private let stretches: Int
    private var seenStretches = 1

    init(files: [(url: URL, display: String)], hashes: [String], instrument: Instrument, layout: ResponseLayout,
         stretches: Int, precedes: @escaping (ResponseRecord, ResponseRecord) -> Bool) {
        self.stretches = stretches
        self.files = files
        self.hashes = hashes
        self.instrument = instrument
        self.layout = layout
        self.precedes = precedes
    }

    func next() throws -> ResponseRecord? {
        if position < current.count {
            position += 1
            return current[position - 1]
        }
        current.removeAll(keepingCapacity: true)
        position = 0
        guard let first = try pending ?? nextRecord() else { return nil }
        pending = nil
        current.append(first)
        while let record = try nextRecord() {
            if record.subject == first.subject {
                current.append(record)
            } else {
                pending = record
                break
            }
        }
        if let last = lastSubject, !last.utf8.lexicographicallyPrecedes(first.subject.utf8) {
            seenStretches += 1
            if seenStretches > stretches || last == first.subject { throw changed(files[min(fileIndex, files.count - 1)].display) }
        }
        lastSubject = first.subject
        if current.count > 1, !zip(current, current.dropFirst()).allSatisfy({ precedes($0, $1) }) { current.sort(by: precedes) }
        position = 1
        return current[0]
    }

    private func changed(_ file: String) -> ImportIssues {
        ImportIssues([ImportIssue(file: file, row: 0, column: nil, message: "the file changed while it was being scored: score it again")])
    }

    private func nextRecord() throws -> ResponseRecord? {
        while fileIndex < files.count {
            let file = files[fileIndex]
            if reader == nil {
                do {
                    reader = try ResponseReader(url: file.url, displayName: file.display, instrument: instrument, layout: layout, hashing: true)
                } catch {
                    throw changed(file.display)
                }
            }
            let current = reader!
            while true {
                let event: ResponseEvent?
                do { event = try current.next() } catch let issue as ImportIssue { throw ImportIssues([issue]) }
                guard let event else { break }
                if case .record(let record) = event { return record }
            }
            guard current.digest() == hashes[fileIndex] else { throw changed(file.display) }
            reader = nil
            fileIndex += 1
        }
        return nil
    }
}
