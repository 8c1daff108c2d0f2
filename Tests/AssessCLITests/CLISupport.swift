import Foundation

/// The built `assess` executable, beside the test bundle.
let assessExecutable: URL = {
    let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidate = bundleFolder.appendingPathComponent("assess")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    return packageRoot.appendingPathComponent(".build/debug/assess")
}()

/// The repository root (this file is Tests/AssessCLITests/CLISupport.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `assess` with arguments in `directory` (default: the repository root), no stdin.
func assess(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String]? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = assessExecutable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if let environment { process.environment = environment }
    // Files rather than pipes: the child can never block on a full pipe.
    let scratch = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
    return CommandResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// A new empty temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("assess-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
