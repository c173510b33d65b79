import VacancyLedger

/// The year-end summary as text (the shape of seed 000's table), and Landsbyggefonden's
/// Danish labels, which every format of the report uses.
enum ReportText {
    static func table(_ report: YearReport) -> String {
        var sections: [String] = []
        for grouping in [AuditGrouping.step, .staircase, .organisation, .city] {
            let rows = report.groups.filter { $0.grouping == grouping }
            guard !rows.isEmpty else { continue }
            var table = TextTable(
                header: [grouping.rawValue, "departments", "dwellings", "vacancies", "of dwellings", "referral", "flexible",
                         "tightened", "ordinary", "pending", "flexible share", "realised share"],
                rightAligned: Set(1...11))
            for r in rows {
                table.rows.append([r.key, String(r.departments), String(r.dwellings), String(r.vacancies),
                                   percentText(r.vacancyShareOfDwellings), String(r.realised),
                                   String(r.lettingsByRoute[.flexible] ?? 0), String(r.lettingsByRoute[.tightened] ?? 0),
                                   String(r.lettingsByRoute[.ordinary] ?? 0), String(r.pending),
                                   percentText(r.flexibleShare), percentText(r.realisedShare)])
            }
            sections.append(table.render())
        }
        if let city = report.groups.first(where: { $0.grouping == .city }) {
            sections.append("Landsbyggefonden's letting categories [assumed mapping]: "
                + city.lbfCategories.map { "\(danish($0.0)) \($0.1)" }.joined(separator: " · "))
        }
        return "Year-end summary \(report.year) (vacancies dated in the year, routes as they stand now)\n\n"
            + sections.joined(separator: "\n\n")
    }

    /// Landsbyggefonden's own (Danish) names of its letting categories.
    static func danish(_ category: LBFCategory) -> String {
        switch category {
        case .waitingList: "venteliste"
        case .municipal: "kommunal"
        case .flexible: "fleksibel"
        case .awaiting: "afventer"
        }
    }
}
