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
              assess new instrument our-360 --from hlm-360     start a trust's own 360
              assess check our-360/                            validate it
              assess score hlm-self responses.csv --out scores.json
              assess test Instruments/                         run the golden cases
              assess exercise run Examples/exercises/in-tray   run an exercise
              assess lua script.lua --timeout 1                run a script in the sandbox

            Results go to stdout (or --out), messages to stderr. list, show, check, test and attempts list \
            take --json for tools; score --json puts its summary on stderr as JSON. Colour is used only on a \
            terminal, never with NO_COLOR set or TERM=dumb.

            Shell completion: assess --generate-completion-script bash|zsh|fish (or make completions); the man \
            page: make man.

            Exit status: 0 success; 1 tests or checks failed; 64 usage error; 65 bad data, a script error or a \
            limit; 70 internal error; 130 an exercise stopped with Ctrl-C (its answers are saved).
            """,
        version: AssessVersion.string,
        subcommands: [ListCommand.self, ShowCommand.self, CheckCommand.self, NewCommand.self, ScoreCommand.self, ReportCommand.self, SimulateCommand.self, TestCommand.self, LuaCommand.self, APIDocsCommand.self,
                      ExerciseCommand.self, AttemptsCommand.self, TakeCommand.self]
    )

    /// Parses and runs the command; an error no command explained is reported with its exit
    /// status (see ``Failure``) rather than as a bare `Error:` with status 1.
    static func main() {
        var parsed: ParsableCommand.Type?
        do {
            var command = try parseAsRoot()
            parsed = type(of: command)
            try command.run()
        } catch {
            Terminal.finishProgress()
            if let (message, status) = Failure.describe(error) {
                Terminal.error(message)
                Foundation.exit(status)
            }
            // A usage error found while running (not while parsing): name the command that was
            // run, where swift-argument-parser would show the root's usage.
            if let validation = error as? ValidationError, let parsed, parsed != Assess.self,
               let path = commandPath(to: parsed) {
                Terminal.error("Error: \(validation.message)")
                Terminal.note("  See 'assess \(path) --help' for more information.")
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }

    /// `exercise run` for ExerciseRunCommand: the subcommand names from the root to `command`.
    static func commandPath(to command: ParsableCommand.Type, from root: ParsableCommand.Type = Assess.self) -> String? {
        for sub in root.configuration.subcommands {
            let name = sub.configuration.commandName ?? String(describing: sub).lowercased()
            if sub == command { return name }
            if let rest = commandPath(to: command, from: sub) { return name + " " + rest }
        }
        return nil
    }
}

/// The toolkit's version, shown by `assess --version` and recorded in provenance.
enum AssessVersion {
    static let string = "0.1.0"
}
