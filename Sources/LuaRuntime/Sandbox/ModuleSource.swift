import Foundation

/// One module's source, as `require` receives it.
public struct ModuleFile: Sendable {
    /// The Lua source text (bytes).
    public var source: [UInt8]
    /// The name shown in error messages and tracebacks (for example `shared/scales.lua`).
    public var chunkName: String
    /// The file it was read from, when it came from one (for coverage).
    public var url: URL?

    public init(source: [UInt8], chunkName: String, url: URL? = nil) {
        self.source = source
        self.chunkName = chunkName
        self.url = url
    }
}

/// Where `require` finds modules that the host did not register as values.
///
/// `name` has already been checked to be dot-separated segments of letters, digits, `_` and `-`
/// (so it contains no `/`, no `..` and no absolute path). Return `nil` when there is no such module;
/// the script then gets "module 'name' not found", which reveals nothing about the file system.
public protocol ModuleSource: Sendable {
    func module(named name: String) -> ModuleFile?
}

/// Modules given as source text by the host (for example framework modules written in Lua).
public struct InMemoryModules: ModuleSource {
    public var modules: [String: ModuleFile]

    public init(_ modules: [String: ModuleFile] = [:]) { self.modules = modules }

    public func module(named name: String) -> ModuleFile? { modules[name] }
}

/// `.lua` files beside a script: `require "shared.scales"` reads `<root>/shared/scales.lua`.
///
/// Files are confined to `root`: a symbolic link that resolves outside it is treated as absent.
public struct DirectoryModules: ModuleSource {
    /// The folder modules are resolved in.
    public let root: URL
    /// How chunk names are shown: relative to this folder's parent display path.
    public let displayPrefix: String

    /// - Parameters:
    ///   - root: the folder of the script.
    ///   - displayPrefix: prepended to the relative module path in error messages (for example the
    ///     script's folder as the user typed it, with a trailing `/`).
    public init(root: URL, displayPrefix: String = "") {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.displayPrefix = displayPrefix
    }

    public func module(named name: String) -> ModuleFile? {
        let relative = name.split(separator: ".").joined(separator: "/") + ".lua"
        let url = root.appendingPathComponent(relative).resolvingSymlinksInPath()
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        guard url.path.hasPrefix(rootPath) else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: url.path)
        else { return nil }
        return ModuleFile(source: Array(data), chunkName: displayPrefix + relative, url: url)
    }
}

/// Tries several sources in order.
public struct ChainedModules: ModuleSource {
    public var sources: [any ModuleSource]

    public init(_ sources: [any ModuleSource]) { self.sources = sources }

    public func module(named name: String) -> ModuleFile? {
        for source in sources {
            if let file = source.module(named: name) { return file }
        }
        return nil
    }
}
