import LuaRuntime

/// The `assess` module itself: versions, and how scripts check what the host supports.
enum AssessNamespace {
    static let entries: [APIEntry] = [
        APIEntry(
            name: "assess", kind: .module, type: "table",
            summary: "The AssessKit framework module, available to every script as a global and through `require \"assess\"`.",
            details: "Scripts declare the API version they are written against with `api = 1` in what they declare. Within a major version names are only added, never removed or changed in meaning (see docs/compatibility.md)."),
        APIEntry(
            name: "assess.api", kind: .field, type: "integer",
            summary: "The major API version this host implements (1)."),
        APIEntry(
            name: "assess.version", kind: .field, type: "AssessVersion",
            summary: "The framework API version as an object: `major`, `minor`, `string`, and `at_least`.",
            example: """
                if not assess.version:at_least("1.0") then error("this script needs AssessKit API 1.0 or later") end
                print(assess.version.string)
                """),
        APIEntry(
            name: "assess.toolkit", kind: .field, type: "string",
            summary: "The AssessKit release running the script, e.g. \"0.1.0\" (for messages; check features with `assess.version`)."),
        APIEntry(
            name: "AssessVersion", kind: .type, type: "table", summary: "A framework API version.",
            fields: [
                .init("major", "integer", optional: false, "Major version."),
                .init("minor", "integer", optional: false, "Minor version."),
                .init("string", "string", optional: false, "\"major.minor\"."),
                .init("at_least", "fun(self: AssessVersion, version: string): boolean", optional: false, "True when this host's API is at least `version` (\"1\", \"1.2\")."),
            ]),
    ]

    static func members() -> [(String, LuaValue)] {
        let current = APIVersion.current
        let atLeast = LuaFunction(name: "assess.version:at_least") { call in
            // Called as a method: (self, version).
            guard let text = call[1].stringValue ?? call[0].stringValue, let wanted = APIVersion(text) else {
                throw HostFunctionError.misuse("assess.version:at_least expects a version string like \"1.2\"")
            }
            return [.boolean(current >= wanted)]
        }
        let version: LuaValue = [
            "major": .integer(Int64(current.major)), "minor": .integer(Int64(current.minor)),
            "string": .string(LuaString(current.description)), "at_least": .function(atLeast),
        ]
        return [
            ("api", .integer(Int64(current.major))),
            ("version", version),
            ("toolkit", .string(LuaString(AssessKit.version))),
        ]
    }
}

/// The toolkit release.
public enum AssessKit {
    public static let version = "0.1.0"
}

/// Building blocks of the `assess` module for hosts that load other kinds of script (scorers,
/// reporters, exercises).
public enum FrameworkModule {
    /// `assess.api`, `assess.version` and `assess.toolkit`: the members every script sees.
    public static func commonMembers() -> [(String, LuaValue)] { AssessNamespace.members() }
}
