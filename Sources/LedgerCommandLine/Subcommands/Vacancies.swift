import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Vacancies: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "vacancies",
            abstract: "List logged vacancies as they stand now (voided ones marked), with who logged them.")


        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Only this department.") var department: String?
        @Option(help: "Vacancies dated from, YYYY-MM-DD (inclusive).") var from: String?
        @Option(help: "Vacancies dated to, YYYY-MM-DD (inclusive).") var to: String?
        @Option(help: "table, json or csv.") var format: OutputFormat = .table

        func validate() throws {
            try format.require(.table, .json, .csv)
            if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        }

        func run() throws {
            try database.perform(VacanciesOperation(department: department, from: from, to: to, format: format))
        }
    }
}

/// A vacancy's fields, defined once for JSON and CSV (CSV headers are the JSON keys).
enum VacancyFields {
    static let keys = fields(nil).map(\.key)

    static func fields(_ v: VacancyListing?) -> [AuditFields.Field] {
        func bool(_ key: String, _ value: Bool?) -> AuditFields.Field {
            AuditFields.Field(key: key, json: value.map(JSONValue.bool) ?? .null, text: value.map { $0 ? "true" : "false" } ?? "")
        }
        return [
            AuditFields.int("vacancy", Int(v?.id ?? 0)), AuditFields.string("department", v?.department.rawValue),
            AuditFields.int("number", v?.number ?? 0), AuditFields.string("date", v?.date.description),
            AuditFields.string("unit", v?.unit), AuditFields.string("ref", v?.ref), bool("rehousing", v?.rehousing),
            bool("reservedUnit", v?.reservedUnit), AuditFields.string("patternRoute", v?.patternRoute.rawValue),
            AuditFields.string("route", v?.currentRoute.rawValue), bool("offered", v?.offered),
            AuditFields.string("withheld", v?.withheld?.rawValue),
            AuditFields.Field(key: "criteria", json: .array((v?.currentCriteria ?? []).map { .string($0.rawValue) }),
                              text: (v?.currentCriteria ?? []).map(\.rawValue).joined(separator: ";")),
            AuditFields.string("outcome", v?.outcome?.rawValue), AuditFields.string("settledOn", v?.settledOn?.description),
            AuditFields.Field(key: "rules", json: .array((v?.rules ?? []).map { .string($0.rawValue) }),
                              text: (v?.rules ?? []).map(\.rawValue).joined(separator: " ")),
            bool("voided", v?.isVoided), AuditFields.string("by", v?.recordedBy),
            AuditFields.string("recordedAt", v?.recordedAt),
        ]
    }

    /// `v`'s CSV line, as `fields(v)`' texts through `CSVText` would read, written as bytes
    /// straight from its values, without a `Field`, a JSON value and a `String` per cell.
    static func appendCSV(_ v: VacancyListing, to out: inout [UInt8]) {
        let route = v.currentRoute
        CSVRowWriter.append(to: &out) { csv in
            csv.number(Int(v.id))
            csv.text(v.department.rawValue)
            csv.number(v.number)
            csv.date(v.date)
            csv.text(v.unit)
            csv.text(v.ref)
            csv.flag(v.rehousing)
            csv.flag(v.reservedUnit)
            csv.word(v.patternRoute.rawValue)
            csv.word(route.rawValue)
            csv.flag(v.offered)
            csv.word(v.withheld?.rawValue)
            csv.words(route == .tightened ? v.criteria : [], between: UInt8(ascii: ";"))
            csv.word(v.outcome?.rawValue)
            csv.date(v.settledOn)
            csv.words(v.rules, between: UInt8(ascii: " "))
            csv.flag(v.isVoided)
            csv.text(v.recordedBy)
            csv.text(v.recordedAt)
        }
    }
}
