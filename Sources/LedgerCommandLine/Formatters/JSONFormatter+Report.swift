import VacancyLedger

extension JSONFormatter {
    /// The year-end summary.
    static func report(_ report: YearReport) -> JSONValue {
        .object([
            ("year", .int(report.year)),
            ("groups", .array(report.groups.map { r in
                .object([
                    ("by", .string(r.grouping.rawValue)), ("group", .string(r.key)), ("departments", .int(r.departments)),
                    ("dwellings", .int(r.dwellings)), ("vacancies", .int(r.vacancies)),
                    ("vacancyShareOfDwellings", .double(r.vacancyShareOfDwellings)),
                    ("lettingsByRoute", .object([("referral", .int(r.realised))] + [Route.flexible, .tightened, .ordinary].map { ($0.rawValue, .int(r.lettingsByRoute[$0] ?? 0)) })),
                    ("pending", .int(r.pending)), ("flexibleShare", .double(r.flexibleShare)),
                    ("realisedShare", .double(r.realisedShare)),
                    ("lbf", .object(r.lbfCategories.map { (ReportText.danish($0.0), .int($0.1)) })),
                ])
            })),
            ("vacanciesPerMonth", .array(report.vacanciesPerMonth.map { .int($0) })),
        ])
    }
}
