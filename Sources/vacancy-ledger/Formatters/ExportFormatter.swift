import VacancyLedger

/// The year-end export in CSV (RFC 4180 or Excel's semicolons with a BOM) and JSON.
/// One table: `section` is `letting`, `pending` (offers unanswered at year-end) or, in the
/// last row, `total`: the number of letting rows in `number`, the year's first and last
/// day in the date columns, and the ledger's head hash in `hash`.
enum ExportFormatter {
    static let keys = ["section", "vacancy", "organisation", "department", "staircase", "step", "number", "unit",
                       "vacancyDate", "lettingDate", "route", "criteria", "rehousing", "offered", "outcome", "withheld",
                       "policyVersion", "rules", "hash"]

    static func values(_ r: ExportRow) -> [String] {
        [r.section.rawValue, String(r.vacancy), r.organisation, r.department.rawValue, r.staircase.rawValue, String(r.step),
         String(r.number), r.unit, r.vacancyDate.description, r.lettingDate?.description ?? "", r.route.rawValue,
         r.criteria.map(\.rawValue).joined(separator: ";"), String(r.rehousing), String(r.offered),
         r.outcome?.rawValue ?? "", r.withheld?.rawValue ?? "", String(r.policyVersion),
         r.rules.map(\.rawValue).joined(separator: " "), r.hash]
    }

    static func csv(_ report: ExportReport, excel: Bool) -> String {
        var total = Array(repeating: "", count: keys.count)
        total[0] = "total"
        total[keys.firstIndex(of: "number")!] = String(report.lettings.count)
        total[keys.firstIndex(of: "vacancyDate")!] = "\(report.year)-01-01"
        total[keys.firstIndex(of: "lettingDate")!] = "\(report.year)-12-31"
        total[keys.firstIndex(of: "hash")!] = report.headHash
        let rows = [keys] + (report.lettings + report.pending).map(values) + [total]
        let text = CSVText.render(rows, delimiter: excel ? ";" : ",")
        return excel ? "\u{FEFF}" + text : text
    }

    static func json(_ report: ExportReport) -> JSONValue {
        func row(_ r: ExportRow) -> JSONValue {
            .object([
                ("vacancy", .int(r.vacancy)), ("organisation", .string(r.organisation)), ("department", .string(r.department.rawValue)),
                ("staircase", .string(r.staircase.rawValue)), ("step", .int(r.step)), ("number", .int(r.number)),
                ("unit", .string(r.unit)), ("vacancyDate", .string(r.vacancyDate.description)),
                ("lettingDate", .optional(r.lettingDate?.description)), ("route", .string(r.route.rawValue)),
                ("criteria", .array(r.criteria.map { .string($0.rawValue) })), ("rehousing", .bool(r.rehousing)),
                ("offered", .bool(r.offered)), ("outcome", .optional(r.outcome?.rawValue)),
                ("withheld", .optional(r.withheld?.rawValue)), ("policyVersion", .int(r.policyVersion)),
                ("rules", .array(r.rules.map { .string($0.rawValue) })), ("hash", .string(r.hash)),
            ])
        }
        return .object([
            ("year", .int(report.year)), ("headHash", .string(report.headHash)), ("rowCount", .int(report.lettings.count)),
            ("pendingCount", .int(report.pending.count)), ("lettings", .array(report.lettings.map(row))),
            ("pendingAtYearEnd", .array(report.pending.map(row))),
        ])
    }
}
