import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct VoidEntry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: Phrase.help7.text(),
            discussion: Phrase.discVoid.text())

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Phrase.optTheVacancyId.text())) var vacancy: Int64
        @Option(help: ArgumentHelp(Phrase.optWhyKeptInThe.text())) var reason: String
        @Flag(help: ArgumentHelp(Phrase.optVoidOnlyTheSettlement.text())) var settlement = false
        @OptionGroup var clerk: ClerkOption
        @Flag(help: ArgumentHelp(Phrase.optRecordTheVoidEven.text())) var force = false
        @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            try database.perform(VoidOperation(vacancy: vacancy, reason: reason, settlement: settlement, force: force,
                                               by: clerk.name, format: format))
        }
    }
}
