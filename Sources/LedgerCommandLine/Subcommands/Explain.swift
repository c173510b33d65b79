import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "explain",
            abstract: Phrase.help17.text())

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Phrase.optTheVacancyId.text())) var vacancy: Int64
        @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            try database.perform(ExplainOperation(vacancy: vacancy, format: format))
        }
    }
}
