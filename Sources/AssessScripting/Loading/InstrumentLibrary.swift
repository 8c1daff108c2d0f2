import Foundation

/// Where AssessKit's bundled `Instruments/` and `Plugins/` live, and how instruments are found by id.
public struct InstrumentLibrary: Sendable {
    /// Folders holding one folder per instrument (`<root>/<id>/instrument.lua`), searched in order.
    public var roots: [URL]

    public init(roots: [URL]) { self.roots = roots }

    /// The bundled instruments (see ``AssessKitHome``).
    public static var bundled: InstrumentLibrary {
        InstrumentLibrary(roots: AssessKitHome.locate().map { [$0.appendingPathComponent("Instruments")] } ?? [])
    }

    /// The `instrument.lua` of instrument `id`, if a root has it.
    public func file(for id: String) -> URL? {
        guard !id.contains("/"), !id.contains(".."), !id.isEmpty else { return nil }
        for root in roots {
            let file = root.appendingPathComponent(id).appendingPathComponent("instrument.lua")
            if FileManager.default.fileExists(atPath: file.path) { return file }
        }
        return nil
    }

    /// Every instrument in the roots: (id, file), sorted by id, first root winning.
    public func all() -> [(id: String, file: URL)] {
        var found: [String: URL] = [:]
        for root in roots {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            for name in names where found[name] == nil {
                let file = root.appendingPathComponent(name).appendingPathComponent("instrument.lua")
                if FileManager.default.fileExists(atPath: file.path) { found[name] = file }
            }
        }
        return found.keys.sorted().map { ($0, found[$0]!) }
    }
}

/// Finds the AssessKit folder that holds the bundled `Instruments/` and `Plugins/`: the
/// `ASSESSKIT_HOME` environment variable, else the nearest ancestor of the running executable,
/// else of the current folder, that has both.
public enum AssessKitHome {
    public static func locate() -> URL? {
        let fm = FileManager.default
        func isHome(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.appendingPathComponent("Instruments").path, isDirectory: &isDirectory) && isDirectory.boolValue
                && fm.fileExists(atPath: url.appendingPathComponent("Plugins").path)
        }
        if let home = ProcessInfo.processInfo.environment["ASSESSKIT_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home)
        }
        var starts: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() { starts.append(executable.deletingLastPathComponent()) }
        starts.append(URL(fileURLWithPath: fm.currentDirectoryPath))
        for start in starts {
            var url = start.standardizedFileURL
            while true {
                if isHome(url) { return url }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return nil
    }
}
