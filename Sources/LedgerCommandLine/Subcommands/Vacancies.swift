import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Vacancies: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "vacancies",
            abstract: Phrase.help24.text())


        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Phrase.optOnlyThisDepartment.text())) var department: String?
        @Option(help: ArgumentHelp(Phrase.optVacanciesDatedFromYYYY.text())) var from: String?
        @Option(help: ArgumentHelp(Phrase.optVacanciesDatedToYYYY.text())) var to: String?
        @Option(help: ArgumentHelp(Phrase.optTableJsonOrCsv2.text())) var format: OutputFormat = .table
        @Flag(help: ArgumentHelp(Phrase.optEveryColumnOfThe.text())) var wide = false

        func validate() throws {
            try format.require(.table, .json, .csv)
            try asUsageError { try VacanciesOperation(department: department, from: from, to: to, format: format).checkFlags() }
        }

        func run() throws {
            try database.perform(VacanciesOperation(department: department, from: from, to: to, format: format,
                                                    columns: TerminalWidth.current(), wide: wide))
        }
    }
}

/// A vacancy's fields as `vacancies` lists them, named once: `Field` in the listing's
/// order (the CSV header is the JSON keys), `put(_:of:into:)` for what each holds.
enum VacancyFields {
    enum Field: String, CaseIterable {
        case vacancy, department, number, date, unit, ref, rehousing, reservedUnit, patternRoute, route, offered, withheld,
             criteria, outcome, settledOn, rules, voided, by, recordedAt
    }

    static let keys = Field.allCases.map(\.rawValue)

    static func put(_ field: Field, of v: VacancyListing, into sink: inout some ListingFieldSink) {
        switch field {
        case .vacancy: sink.number(Int(v.id))
        case .department: sink.text(v.department.rawValue)
        case .number: sink.number(v.number)
        case .date: sink.date(v.date)
        case .unit: sink.text(v.unit)
        case .ref: sink.text(v.ref)
        case .rehousing: sink.flag(v.rehousing)
        case .reservedUnit: sink.flag(v.reservedUnit)
        case .patternRoute: sink.word(v.patternRoute.rawValue)
        case .route: sink.word(v.currentRoute.rawValue)
        case .offered: sink.flag(v.offered)
        case .withheld: sink.word(v.withheld?.rawValue)
        case .criteria: sink.words(v.currentCriteria, between: UInt8(ascii: ";"))
        case .outcome: sink.word(v.outcome?.rawValue)
        case .settledOn: sink.date(v.settledOn)
        case .rules: sink.words(v.rules, between: UInt8(ascii: " "))
        case .voided: sink.flag(v.isVoided)
        case .by: sink.text(v.recordedBy)
        case .recordedAt: sink.text(v.recordedAt)
        }
    }

    /// `v`'s CSV line, written as bytes straight from its values.
    static func appendCSV(_ v: VacancyListing, to out: inout [UInt8]) {
        CSVRowWriter.append(to: &out) { csv in
            for field in Field.allCases { put(field, of: v, into: &csv) }
        }
    }

    /// `v` as a JSON object, every key present.
    static func json(_ v: VacancyListing) -> JSONValue {
        JSONMembers.object(Field.self) { put($0, of: v, into: &$1) }
    }
}
