@testable import AssessScripting
import Foundation
import Testing

/// The compatibility promise: within API version 1 names are only added. The golden list holds
/// every public name with the version it appeared in; removing or renaming one fails here.
@Suite("API stability and generated docs")
struct APIStabilityTests {
    static let golden = packageRoot.appendingPathComponent("Tests/AssessScriptingTests/api-names.golden")

    @Test func noPublicNameRemovedOrChanged() throws {
        let recorded = try String(contentsOf: Self.golden, encoding: .utf8).split(separator: "\n").map(String.init)
        let current = Set(APIRegistry.nameList)
        for line in recorded where !current.contains(line) {
            Issue.record("API name '\(line)' was removed or its version changed: names in API 1 are never removed or renamed")
        }
        for line in APIRegistry.nameList where !recorded.contains(line) {
            Issue.record("new API name '\(line)': add it to Tests/AssessScriptingTests/api-names.golden (names are only ever added)")
        }
    }

    @Test func everyNameIsDocumented() {
        for entry in APIRegistry.entries {
            #expect(!entry.summary.isEmpty, "\(entry.name) has no summary")
            if entry.kind == .function { #expect(entry.example != nil, "\(entry.name) has no example") }
            for field in entry.fields { #expect(!field.summary.isEmpty, "\(entry.name).\(field.name) has no summary") }
        }
    }

    @Test("committed generated files are up to date", arguments: APIDocs.files().map(\.path))
    func generatedFileIsCurrent(_ path: String) throws {
        let expected = APIDocs.files().first { $0.path == path }!.contents
        let committed = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
        #expect(committed == expected, "\(path) is stale: run `assess api-docs`")
    }

    @Test func functionSignaturesParse() {
        for entry in APIRegistry.entries where entry.kind == .function {
            #expect(APIDocs.parseFunction(entry.type) != nil, "\(entry.name): \(entry.type)")
        }
    }
}
