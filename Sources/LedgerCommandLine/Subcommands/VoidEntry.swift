import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct VoidEntry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: Phrase.help7.text(),
            discussion: "Nothing is deleted: the correction is appended with its reason and clerk. Voiding a vacancy that would break one in three is refused (exit 3) unless --force; a forced breach stays visible in every audit.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The vacancy id.") var vacancy: Int64
        @Option(help: "Why (kept in the ledger).") var reason: String
        @Flag(help: "Void only the settlement: the offer is pending again.") var settlement = false
        @OptionGroup var clerk: ClerkOption
        @Flag(help: "Record the void even if it breaks one in three (I1).") var force = false
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            try database.perform(VoidOperation(vacancy: vacancy, reason: reason, settlement: settlement, force: force,
                                               by: clerk.name, format: format))
        }
    }
}
