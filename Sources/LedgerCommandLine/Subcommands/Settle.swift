import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "settle", _superCommandName: "vacancy-ledger", 
            abstract: "Record the municipality's outcome on an offer.",
            discussion: "referred or rehoused is refused with exit 3 when it would make realised referral exceed one in three (S1); record returned instead, or wait for the department's next vacancy.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The vacancy id printed by `log`.") var vacancy: Int64
        @Option(help: "referred, rehoused or returned.") var outcome: Outcome
        @Option(help: "The date of the outcome, YYYY-MM-DD.") var date: String
        @OptionGroup var clerk: ClerkOption
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            try database.perform(SettleOperation(vacancy: vacancy, outcome: outcome.rawValue, date: date, by: clerk.name, format: format))
        }
    }
}
