import ArgumentParser
import Foundation

/// The executables' one entry point: they only choose the network frontend.
package enum CommandLineMain {
    /// Parses the arguments, runs the command and exits. Every failure leaves through
    /// `Diagnostics.exit(for:)`: one `error:` line on stderr and the exit code of the CLI contract.
    package static func run(network: any NetworkFrontend) -> Never {
        Network.frontend = network
        do {
            let arguments = GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst()))
            var command = try DirectParse.command(arguments) ?? VacancyLedgerCommand.parseAsRoot(arguments)
            try command.run()
        } catch {
            Diagnostics.exit(for: error)
        }
        exit(0)
    }
}

/// The clerk's hot command parsed on its own, as the root of its own parse: the same
/// ArgumentParser definition, without building the whole command tree and without
/// ArgumentParser's check for `--generate-completion-script` (two extra parses of the
/// arguments: 8 % of a `log` process's instructions). A command opts in by naming
/// `vacancy-ledger` as its `_superCommandName`, so that a usage line reads as the tree's.
/// Anything that does not parse cleanly (help, a bad option, a typo) goes through the
/// whole tree instead, so that every error and help text stays the tree's own.
enum DirectParse {
    static let commands: [any ParsableCommand.Type] = [VacancyLedgerCommand.Log.self]

    static func command(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let name = arguments.first,
              let type = commands.first(where: { $0.configuration.commandName == name }),
              type.configuration._superCommandName == VacancyLedgerCommand.configuration.commandName
        else { return nil }
        // A help request parses too, as ArgumentParser's own help command: only the command itself is taken.
        guard let command = try? type.parseAsRoot(Array(arguments.dropFirst())),
              ObjectIdentifier(Swift.type(of: command)) == ObjectIdentifier(type)
        else { return nil }
        return command
    }
}
