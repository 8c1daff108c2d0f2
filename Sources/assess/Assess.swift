import ArgumentParser
import Foundation

@main
struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Leadership assessment instruments, scoring and reports as sandboxed Lua scripts.",
        discussion: """
            Examples:
              assess list                                      the bundled instruments
              assess new instrument our-360 --from hlm-360     start a trust's own instrument
              assess check our-360/                            validate it
              assess score hlm-self responses.csv --out scores.json
              assess test Instruments/                         run the golden cases
              assess exercise run Examples/exercises/in-tray   run an exercise at the terminal
              assess lua script.lua --timeout 1                run any script in the sandbox

            Exit status: 0 success; 1 tests or checks failed; 64 usage error;
            65 bad data, a script error or a limit; 70 internal error.
            """,
        version: AssessVersion.string,
        subcommands: [ListCommand.self, ShowCommand.self, CheckCommand.self, NewCommand.self, ScoreCommand.self, ReportCommand.self, SimulateCommand.self, TestCommand.self, LuaCommand.self, APIDocsCommand.self,
                      ExerciseCommand.self, AttemptsCommand.self, TakeCommand.self]
    )

    /// Parses and runs the command; an error no command explained is reported with its exit
    /// status (see ``Failure``) rather than as a bare `Error:` with status 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let (message, status) = Failure.describe(error) {
                Terminal.finishProgress()
                Terminal.error(message)
                Foundation.exit(status)
            }
            exit(withError: error)
        }
    }
}

/// The toolkit's version, shown by `assess --version` and recorded in provenance.
enum AssessVersion {
    static let string = "0.1.0"
}
