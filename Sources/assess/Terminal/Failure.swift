import ArgumentParser
import AssessEngine
import AssessExercises
import AssessModel
import Foundation
import LuaRuntime

/// The exit statuses of every command (docs: DESIGN, `assess --help`).
enum ExitStatus {
    /// Success.
    static let success: Int32 = 0
    /// Tests or checks ran and some failed.
    static let failed: Int32 = 1
    /// The command was used wrongly: an unknown option, a missing or unreadable file, a bad value.
    static let usage: Int32 = 64
    /// Bad data, a script error or a limit.
    static let data: Int32 = 65
    /// A fault of AssessKit itself.
    static let internalError: Int32 = 70
}

/// How an error that reached the top of a command is told to the user, and its exit status.
///
/// Commands catch what they can explain in context; this is the net beneath them, so that an error
/// of the libraries never surfaces as Swift's `Error: The operation could not be completed` with
/// exit status 1 (which means "checks failed").
enum Failure {
    /// The message and exit status for `error`, or `nil` when swift-argument-parser reports it
    /// itself (help, version, usage errors, `ExitCode`).
    static func describe(_ error: Error) -> (message: String, status: Int32)? {
        switch error {
        case is ExitCode, is CleanExit, is ValidationError:
            return nil
        case let diagnostics as Diagnostics:
            return (diagnostics.description, ExitStatus.data)
        case let diagnostic as Diagnostic:
            return (diagnostic.description, ExitStatus.data)
        case let issues as ImportIssues:
            return (issues.description, ExitStatus.data)
        case let issue as ImportIssue:
            return (issue.description, ExitStatus.data)
        case let error as ScriptError:
            return (error.description, ExitStatus.data)
        case let error as ScoringError:
            return (error.description, ExitStatus.data)
        case let error as StoreError:
            return (error.description, ExitStatus.data)
        case let error as TranscriptError:
            return (error.description, ExitStatus.data)
        case let error as AnswerError:
            return (error.description, ExitStatus.data)
        case let error as SandboxError:
            return ("internal error: \(error.description) (please report it, with the command you ran)", ExitStatus.internalError)
        case let error as CocoaError where error.isFileError:
            return (fileMessage(error), ExitStatus.usage)
        default:
            // Parsing errors of swift-argument-parser are internal types: it knows their status (64).
            if Assess.exitCode(for: error) != .failure { return nil }
            return ("internal error: \(error) (please report it, with the command you ran)", ExitStatus.internalError)
        }
    }

    /// A file system error as `path: what went wrong: what to do`.
    static func fileMessage(_ error: CocoaError) -> String {
        let path = error.filePath ?? error.url?.path ?? "a file"
        let reason: String
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile:
            reason = "no such file or folder: check the path"
        case .fileReadNoPermission, .fileWriteNoPermission:
            reason = "permission denied: choose a place you may write to, or change its permissions"
        case .fileWriteOutOfSpace:
            reason = "the disk is full: free some space and run the command again"
        case .fileWriteVolumeReadOnly:
            reason = "the volume is read-only: write somewhere else"
        case .fileWriteFileExists:
            reason = "already exists: remove it or choose another name"
        default:
            let underlying = (error.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
                .flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
            reason = "cannot read or write it" + (underlying.map { " (\($0))" } ?? "") + ": check the path and its permissions"
        }
        return "\(path): \(reason)"
    }
}

extension CocoaError {
    /// The path in the error's user info, when Foundation recorded one.
    var filePath: String? { userInfo[NSFilePathErrorKey] as? String }
}
