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
            if let typo = Typos.check(arguments) { Diagnostics.fail(typo, code: .usage) }
            var command = try VacancyLedgerCommand.parseAsRoot(arguments)
            try command.run()
        } catch {
            Diagnostics.exit(for: error)
        }
        exit(0)
    }
}
