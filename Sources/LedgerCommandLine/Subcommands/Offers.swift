import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Offers: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "offers",
            abstract: Phrase.help3.text(),
            discussion: Phrase.discOffers.text())

        @OptionGroup var database: DatabaseOptions
        @Flag(help: ArgumentHelp(Phrase.optOnlyOffersAwaitingAn.text())) var pending = false
        @Option(name: .customLong("older-than"), help: ArgumentHelp(Phrase.optOnlyOffersThatHave.text())) var olderThan: Int?
        @Option(name: .customLong("as-of"), help: ArgumentHelp(Phrase.optTheDateDaysAre.text())) var asOf: String?
        @Option(help: ArgumentHelp(Phrase.optTableJsonOrCsv2.text())) var format: OutputFormat = .table

        func validate() throws {
            try format.require(.table, .json, .csv)
            if let olderThan, olderThan < 0 { throw ValidationError("--older-than \(olderThan) (accepted: 0 or more days)") }
        }

        func run() throws {
            try database.perform(OffersOperation(pending: pending, olderThan: olderThan, asOf: asOf, format: format))
        }
    }
}
