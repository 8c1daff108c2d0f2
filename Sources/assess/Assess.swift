import ArgumentParser

@main
struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Leadership assessment instruments, scoring and reports as sandboxed Lua scripts.",
        discussion: """
            Examples:
              assess lua script.lua                 run a script in the sandbox
              assess lua script.lua --timeout 1     ... with a one-second time limit

            Exit status: 0 success; 1 tests or checks failed; 64 usage error;
            65 bad data, a script error or a limit; 70 internal error.
            """,
        version: AssessVersion.string,
        subcommands: [CheckCommand.self, ListCommand.self, ShowCommand.self, ScoreCommand.self, SimulateCommand.self, TestCommand.self, LuaCommand.self, APIDocsCommand.self]
    )
}

/// The toolkit's version, shown by `assess --version` and recorded in provenance.
enum AssessVersion {
    static let string = "0.1.0"
}
