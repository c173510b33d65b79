// The executable only parses arguments, calls the library and formats the result.
// Every failure leaves through `Diagnostics.exit(for:)`: one `error:` line on stderr and
// the exit code of the CLI contract.
do {
    var command = try VacancyLedgerCommand.parseAsRoot(GlobalOptions.hoisted(Array(CommandLine.arguments.dropFirst())))
    try command.run()
} catch {
    Diagnostics.exit(for: error)
}
