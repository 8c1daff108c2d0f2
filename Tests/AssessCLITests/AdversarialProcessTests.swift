import Foundation
import Testing

/// Runs the whole hostile-script suite in two separate `assess` processes, in opposite orders, so any
/// dependence between cases or on process state shows up as a difference from the golden files.
@Suite("Adversarial suite in child processes", .serialized)
struct AdversarialProcessTests {
    static let cases = packageRoot.appendingPathComponent("Tests/LuaRuntimeTests/Adversarial/cases")
    static let suiteFlags = ["--memory", "32", "--instructions", "50000000", "--timeout", "2", "--output", "1048576", "--seed", "0"]

    struct Line: Decodable {
        var file: String
        var outcome: String
        var output: String
    }

    static func caseFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: cases, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "lua" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("forward and reverse order both match the goldens, and nothing is written to disk", arguments: [false, true])
    func suite(reversed: Bool) throws {
        var files = try Self.caseFiles()
        if reversed { files.reverse() }
        let workspace = try temporaryFolder()
        // Cases are copied beside a module folder into a scratch workspace, so the child's working
        // folder is one we can check afterwards for anything written.
        let scratch = workspace.appendingPathComponent("cases")
        try FileManager.default.copyItem(at: Self.cases, to: scratch)
        try FileManager.default.copyItem(at: Self.cases.deletingLastPathComponent().appendingPathComponent("modules"),
                                         to: workspace.appendingPathComponent("modules"))
        let before = try snapshot(workspace)
        let arguments = ["lua", "--outcome", "--header-limits"] + Self.suiteFlags + files.map { "cases/" + $0.lastPathComponent }
        let result = try assess(arguments, in: workspace)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { try! JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        #expect(lines.count == files.count)
        for line in lines {
            let name = (line.file as NSString).lastPathComponent.replacingOccurrences(of: ".lua", with: "")
            let expected = try String(contentsOf: Self.cases.appendingPathComponent("\(name).expected"), encoding: .utf8)
            #expect(line.outcome + "\n" + line.output == expected, "\(name) in \(reversed ? "reverse" : "forward") order")
        }
        #expect(try snapshot(workspace) == before, "a script wrote to disk")
    }

    private func snapshot(_ folder: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        return (enumerator.allObjects as! [String]).sorted()
    }
}
