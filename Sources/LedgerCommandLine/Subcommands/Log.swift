import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log",
            abstract: Phrase.help26.text(),
            discussion: Phrase.discLog.text())

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Phrase.optDepartmentIdEG.text())) var department: String
        @Option(help: ArgumentHelp(Phrase.optTheDwellingUnitNumber.text())) var unit: String
        @Option(help: ArgumentHelp(Phrase.optTheVacancySDate.text())) var date: String
        @Option(help: ArgumentHelp(Phrase.optYourKeyForThis.text())) var ref: String?
        @OptionGroup var clerk: ClerkOption
        @Flag(name: .customLong("reserved-unit"), help: ArgumentHelp(Phrase.optADwellingReservedFor.text())) var reservedUnit = false
        @Flag(name: .customLong("dry-run"), help: ArgumentHelp(Phrase.optDecideAndPrintWithout.text())) var dryRun = false
        @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            try database.perform(LogOperation(department: department, unit: unit, date: date, ref: ref, reservedUnit: reservedUnit,
                                              dryRun: dryRun, by: clerk.name, format: format))
        }
    }
}
