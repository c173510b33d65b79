import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log",
            abstract: Phrase.help26.text(),
            discussion: "Assigns the vacancy's number and decides its route in one write transaction. A --ref already used with the same unit, date and --reserved-unit prints that vacancy and writes nothing.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Department id, e.g. AAB-15.") var department: String
        @Option(help: "The dwelling (unit number or address).") var unit: String
        @Option(help: "The vacancy's date, YYYY-MM-DD.") var date: String
        @Option(help: "Your key for this vacancy; unique in the department for ever (makes logging idempotent).") var ref: String?
        @OptionGroup var clerk: ClerkOption
        @Flag(name: .customLong("reserved-unit"), help: "A dwelling reserved for fixed referral (R5).") var reservedUnit = false
        @Flag(name: .customLong("dry-run"), help: "Decide and print without writing (counters show what logging would give).") var dryRun = false
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            try database.perform(LogOperation(department: department, unit: unit, date: date, ref: ref, reservedUnit: reservedUnit,
                                              dryRun: dryRun, by: clerk.name, format: format))
        }
    }
}
