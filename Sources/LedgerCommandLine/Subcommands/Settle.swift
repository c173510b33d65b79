import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "settle",
            abstract: Phrase.help15.text(),
            discussion: Phrase.discSettle.text())

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Phrase.optTheVacancyIdPrinted.text())) var vacancy: Int64
        @Option(help: ArgumentHelp(Phrase.optReferredRehousedOrReturned.text())) var outcome: Outcome
        @Option(help: ArgumentHelp(Phrase.optTheDateOfThe.text())) var date: String
        @OptionGroup var clerk: ClerkOption
        @Flag(help: ArgumentHelp(Phrase.optRecordARealisedAnswer.text())) var force = false
        @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            try database.perform(SettleOperation(vacancy: vacancy, outcome: outcome.rawValue, date: date, by: clerk.name,
                                                  force: force, format: format))
        }
    }
}
