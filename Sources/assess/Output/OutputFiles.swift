import ArgumentParser
import Foundation

/// Writes a file atomically: to a temporary file beside it, then renamed over it.
enum AtomicFile {
    /// - Throws: a `CocoaError` naming `url` (not the temporary file) when it cannot be written.
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let code = errno
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                               NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(code))])
            }
        } catch let error as CocoaError {
            try? FileManager.default.removeItem(at: temporary)
            var userInfo = error.userInfo
            userInfo[NSFilePathErrorKey] = url.path
            userInfo[NSURLErrorKey] = nil
            throw CocoaError(error.code, userInfo: userInfo)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

/// Checks, before any work is done, that an output file named on the command line can be written.
enum OutputPath {
    /// Throws a usage error (exit 64) when `path`'s folder is missing or not writable, or `path`
    /// is a folder.
    static func check(_ path: String?, option: String) throws {
        guard let path else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("\(option) \(path): that is a folder; give a file name")
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(option) \(path): the folder \(folder) does not exist (create it first, e.g. mkdir -p \(folder))")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw ValidationError("\(option) \(path): the folder \(folder) is not writable (choose another place)")
        }
    }
}
