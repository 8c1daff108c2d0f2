import Foundation
import Testing

@Suite("assess new")
struct NewCommandTests {
    @Test("a new folder starts green", arguments: [
        ["instrument", "our-360", "--from", "hlm-360"], ["instrument", "team-pulse"], ["scorer", "our-means"], ["exercise", "our-drill"],
        ["reporter", "team-summary"], ["reporter", "our-360-report", "--from", "feedback-html"],
    ])
    func startsGreen(_ arguments: [String]) throws {
        let folder = try temporaryFolder()
        let created = try assess(["new"] + arguments, in: folder)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created \(arguments[1])/README.md"))
        let tested = try assess(["test", arguments[1]], in: folder)
        #expect(tested.status == 0, "\(tested.stdout)")
        #expect(tested.stdout.hasSuffix("1 passed, 0 failed\n"))
        let checked = try assess(["check", arguments[1]], in: folder)
        #expect(checked.status == 0, "\(checked.stderr)")
    }

    @Test func refusesBadNamesAndExistingFolders() throws {
        let folder = try temporaryFolder()
        #expect(try assess(["new", "instrument", "Bad Name"], in: folder).status == 64)
        #expect(try assess(["new", "instrument", "x", "--from", "no-such"], in: folder).status == 64)
        #expect(try assess(["new", "reporter", "x", "--from", "no-such"], in: folder).status == 64)
        #expect(try assess(["new", "scorer", "x", "--from", "scale-scores"], in: folder).status == 64)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("taken"), withIntermediateDirectories: true)
        #expect(try assess(["new", "instrument", "taken"], in: folder).status == 64)
    }
}
