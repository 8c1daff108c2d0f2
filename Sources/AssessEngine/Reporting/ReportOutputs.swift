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
    /// Where each file goes as it is written; when `nil`, files are kept in ``files``.
    var sink: ((ReportFile) throws -> Void)?
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
        let file = ReportFile(name: name, contents: Data(contents), reporter: reporter)
        if let sink {
            do {
                try sink(file)
            } catch let diagnostics as Diagnostics {
                throw ReportLimitError.limit(diagnostics.description)
            }
        } else {
            files.append(file)
        }
    }
}

/// Why an output was refused.
enum ReportLimitError: Error {
    case refused(String)
    case limit(String)
}

/// Writes a report run's files into a folder, all or nothing: each file is staged in a hidden
/// folder inside the target as it comes, and renamed into place only when every file has been
/// staged, so memory holds one report at a time however many are written.
public final class ReportStaging {
    /// The folder the files go to.
    public let folder: URL
    private let staging: URL
    private let display: String
    private var names: [String] = []
    private var reporters: [String: String] = [:]  // lower-cased name -> reporter
    private var committed = false

    /// Creates the hidden staging folder inside `folder` (and `folder` when missing).
    /// - Throws: ``Diagnostics`` naming the folder when it cannot be written.
    public init(folder: URL) throws {
        self.folder = folder
        display = InstrumentLoader.displayPath(folder)
        staging = folder.appendingPathComponent(".assess-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw Self.failure(display, "cannot write into this folder", error)
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: staging) }
    }

    /// Stages one file. Two files of the same name (whatever the case) are refused.
    public func add(_ file: ReportFile) throws {
        // The name was validated when written; check again here, where it matters.
        guard ReportOutputCollector.problem(with: file.name, formats: []) == nil else {
            throw Diagnostics([Diagnostic(file: file.name, message: "refused output name")])
        }
        if let other = reporters[file.name.lowercased()] {
            throw Diagnostics([Diagnostic(file: display, message: "reporters '\(other)' and '\(file.reporter)' both write '\(file.name)': render them into different folders")])
        }
        do {
            try file.contents.write(to: staging.appendingPathComponent(file.name))
        } catch {
            throw Self.failure(display, "cannot write \(file.name)", error)
        }
        reporters[file.name.lowercased()] = file.reporter
        names.append(file.name)
    }

    /// Moves every staged file into the folder.
    /// - Returns: the paths written, in the order staged.
    @discardableResult
    public func commit() throws -> [URL] {
        var written: [URL] = []
        for name in names {
            let target = folder.appendingPathComponent(name)
            guard rename(staging.appendingPathComponent(name).path, target.path) == 0 else {
                throw Diagnostics([Diagnostic(file: target.path, message: "cannot write: \(String(cString: strerror(errno)))")])
            }
            written.append(target)
        }
        committed = true
        try? FileManager.default.removeItem(at: staging)
        return written
    }

    static func failure(_ display: String, _ what: String, _ error: any Error) -> Diagnostics {
        // The system's reason ("Not a directory", "Permission denied") says more than Foundation's
        // generic "The operation could not be completed".
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        let reason = underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
            ?? (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
        return Diagnostics([Diagnostic(file: display, message: "\(what): \(reason)")])
    }
}

/// Writes files already in memory through a ``ReportStaging``: all of them, or none.
public enum ReportFolderWriter {
    /// - Returns: the paths written, in the order given.
    @discardableResult
    public static func write(_ files: [ReportFile], to folder: URL) throws -> [URL] {
        let staging = try ReportStaging(folder: folder)
        for file in files { try staging.add(file) }
        return try staging.commit()
    }
}
