import AssessModel
import AssessScripting
import Foundation

/// One file a reporter produced.
public struct ReportFile: Sendable, Hashable {
    /// The file name inside the output folder (validated: no folders, no `..`, no hidden files).
    public var name: String
    public var contents: Data
    /// The reporter that wrote it.
    public var reporter: String

    public init(name: String, contents: Data, reporter: String) {
        self.name = name
        self.contents = contents
        self.reporter = reporter
    }
}

/// What reporters may write, and the rules every name and size must meet. Scripts never touch
/// the file system: they hand text to `ctx.write`, and the host checks it here.
public struct ReportOutputLimits: Sendable, Hashable {
    /// Largest single output (default 32 MiB).
    public var fileBytes: Int
    /// All outputs of one report run together (default 512 MiB).
    public var totalBytes: Int
    /// Files one report run may write (default 20,000).
    public var files: Int

    public init(fileBytes: Int = 32 << 20, totalBytes: Int = 512 << 20, files: Int = 20_000) {
        self.fileBytes = fileBytes
        self.totalBytes = totalBytes
        self.files = files
    }

    public static let `default` = ReportOutputLimits()
}

/// Collects the outputs of a report run (used on the Lua thread only).
final class ReportOutputCollector: @unchecked Sendable {
    let limits: ReportOutputLimits
    private(set) var files: [ReportFile] = []
    private var names: [String: String] = [:]  // lower-cased name -> who wrote it
    private var totalBytes = 0
    /// Who is rendering now, for messages (`subject S001`).
    var current = ""
    var reporter = ""
    var formats: [String] = []

    init(limits: ReportOutputLimits) { self.limits = limits }

    /// Checks a name a script asked for; returns why it is refused.
    static func problem(with name: String, formats: [String]) -> String? {
        if name.isEmpty { return "an output needs a file name" }
        if name.utf8.count > 160 { return "the output name is longer than 160 bytes" }
        if name.contains("/") || name.contains("\\") { return "output names cannot contain folders ('\(name)'): every file goes in the output folder" }
        if name.hasPrefix(".") { return "output names cannot start with '.' ('\(name)')" }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)))
        }
        if !allowed { return "output name '\(name)' may use only letters, digits, '.', '_' and '-' (use ctx.file_name(text) to make one)" }
        let ext = (name as NSString).pathExtension.lowercased()
        if !formats.isEmpty, !formats.contains(ext) {
            return "output '\(name)' is not one of the formats this reporter declares (\(formats.joined(separator: ", ")))"
        }
        return nil
    }

    func write(_ name: String, _ contents: [UInt8]) throws {
        if let problem = Self.problem(with: name, formats: formats) { throw ReportLimitError.refused(problem) }
        let key = name.lowercased()
        if let earlier = names[key] {
            throw ReportLimitError.refused("output '\(name)' was already written" + (earlier.isEmpty ? "" : " (for \(earlier))")
                                           + ": each output needs its own name")
        }
        if files.count >= limits.files { throw ReportLimitError.limit("report output limit exceeded: more than \(limits.files) files") }
        if contents.count > limits.fileBytes {
            throw ReportLimitError.limit("report output limit exceeded: '\(name)' is \(contents.count) bytes; one output may be at most \(limits.fileBytes)")
        }
        if totalBytes + contents.count > limits.totalBytes {
            throw ReportLimitError.limit("report output limit exceeded: more than \(limits.totalBytes) bytes in all")
        }
        totalBytes += contents.count
        names[key] = current
        files.append(ReportFile(name: name, contents: Data(contents), reporter: reporter))
    }
}

/// Why an output was refused.
enum ReportLimitError: Error {
    case refused(String)
    case limit(String)
}

/// Writes a report run's files into a folder, all or nothing: each file is staged in a hidden
/// folder inside the target and renamed into place only when every file has been staged.
public enum ReportFolderWriter {
    /// - Returns: the paths written, in the order given.
    @discardableResult
    public static func write(_ files: [ReportFile], to folder: URL) throws -> [URL] {
        let fm = FileManager.default
        let display = InstrumentLoader.displayPath(folder)
        func fail(_ what: String, _ error: any Error) -> Diagnostics {
            // The system's reason ("Not a directory", "Permission denied") says more than Foundation's
            // generic "The operation could not be completed".
            let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
            let reason = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
                ?? (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            return Diagnostics([Diagnostic(file: display, message: "\(what): \(reason)")])
        }
        let staging = folder.appendingPathComponent(".assess-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw fail("cannot write into this folder", error)
        }
        defer { try? fm.removeItem(at: staging) }
        for file in files {
            // The name was validated when written; check again here, where it matters.
            guard ReportOutputCollector.problem(with: file.name, formats: []) == nil else {
                throw Diagnostics([Diagnostic(file: file.name, message: "refused output name")])
            }
            do {
                try file.contents.write(to: staging.appendingPathComponent(file.name))
            } catch {
                throw fail("cannot write \(file.name)", error)
            }
        }
        var written: [URL] = []
        for file in files {
            let target = folder.appendingPathComponent(file.name)
            guard rename(staging.appendingPathComponent(file.name).path, target.path) == 0 else {
                throw Diagnostics([Diagnostic(file: target.path, message: "cannot write: \(String(cString: strerror(errno)))")])
            }
            written.append(target)
        }
        return written
    }
}
