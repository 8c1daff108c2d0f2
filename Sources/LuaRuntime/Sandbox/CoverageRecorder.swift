import Foundation

/// Collects which lines of which script files ran, across any number of sandboxes (for
/// `assess test --coverage`). Thread-safe.
public final class CoverageRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var hits: [URL: Set<Int>] = [:]
    private var seen: Set<URL> = []
    private var bands: [String: (declared: [String], produced: Set<String>)] = [:]

    public init() {}

    /// Lines run, by file.
    public var lines: [URL: Set<Int>] {
        lock.lock()
        defer { lock.unlock() }
        return hits
    }

    /// Every file a covered sandbox loaded, whether or not any line of it ran.
    public var files: Set<URL> {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    func record(_ file: URL, line: Int) {
        lock.lock()
        hits[file, default: []].insert(line)
        lock.unlock()
    }

    func loaded(_ file: URL) {
        lock.lock()
        seen.insert(file)
        lock.unlock()
    }

    /// Notes which band labels of an instrument's scoring bands some output produced.
    public func recordBands(instrument: String, declared: [String], produced: Set<String>) {
        lock.lock()
        var entry = bands[instrument] ?? (declared, [])
        entry.produced.formUnion(produced)
        bands[instrument] = entry
        lock.unlock()
    }

    /// Per instrument: the declared band labels and those some case produced.
    public var bandUse: [String: (declared: [String], produced: Set<String>)] {
        lock.lock()
        defer { lock.unlock() }
        return bands
    }
}
