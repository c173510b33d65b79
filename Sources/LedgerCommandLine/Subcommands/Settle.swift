import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "settle",
            abstract: Phrase.help15.text(),
            discussion: """
                referred or rehoused is refused with exit 3 when it would make realised referral exceed one in three \
                at the settlement date or any later date of the period, counted by the entries' dates (S1). Record \
                returned instead; or, when the answer was in fact carried out (the household has moved in), record it \
                with --force: the breach then shows in every audit of the period.
                """)

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
