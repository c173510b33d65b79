import VacancyLedger

/// The year-end summary's rows, each field named once: the JSON members and the text
/// table's cells come from the same fields. Landsbyggefonden's Danish labels are used by
/// every format of the report.
enum ReportFields {
    enum Field: String, CaseIterable {
        case by, group, departments, dwellings, vacancies, vacancyShareOfDwellings, lettingsByRoute, pending, flexibleShare,
             realisedShare, lbf

        /// The table's column headings (a group's heading is its grouping's name); `nil`
        /// for a field the table leaves to its own section or line.
        func headings(_ grouping: AuditGrouping) -> [String]? {
            switch self {
            case .by, .lbf: nil
            case .group: [Words.grouping(grouping)]
            case .departments: [Phrase.colDepartments.text()]
            case .dwellings: [Phrase.colDwellings.text()]
            case .vacancies: [Phrase.colVacanciesWord.text()]
            case .vacancyShareOfDwellings: [Phrase.colOfDwellings.text()]
            case .lettingsByRoute: ReportFields.routeNames.map(Words.term)
            case .pending: [Phrase.colPending.text()]
            case .flexibleShare: [Phrase.colFlexibleShare.text()]
            case .realisedShare: [Phrase.colRealisedShare.text()]
            }
        }
    }

    /// The waiting-list routes, after the realised referrals in `lettingsByRoute`.
    private static let waitingListRoutes: [Route] = [.flexible, .tightened, .ordinary]
    static let routeNames = [Route.referral.rawValue] + waitingListRoutes.map(\.rawValue)

    static func routeCounts(_ r: SummaryRow) -> [(String, Int)] {
        Array(zip(routeNames, [r.realised] + waitingListRoutes.map { r.lettingsByRoute[$0] ?? 0 }))
    }

    static func put(_ field: Field, of r: SummaryRow, into sink: inout some ListingFieldSink) {
        switch field {
        case .by: sink.word(r.grouping.rawValue)
        case .group: sink.text(r.key)
        case .departments: sink.number(r.departments)
        case .dwellings: sink.number(r.dwellings)
        case .vacancies: sink.number(r.vacancies)
        case .vacancyShareOfDwellings: sink.share(r.vacancyShareOfDwellings)
        case .lettingsByRoute: sink.counts(routeCounts(r))
        case .pending: sink.number(r.pending)
        case .flexibleShare: sink.share(r.flexibleShare)
        case .realisedShare: sink.share(r.realisedShare)
        case .lbf: sink.counts(r.lbfCategories.map { (danish($0.0), $0.1) })
        }
    }

    static func json(_ report: YearReport) -> JSONValue {
        .object([
            ("year", .int(report.year)),
            ("groups", .array(report.groups.map { row in JSONMembers.object(Field.self) { put($0, of: row, into: &$1) } })),
            ("vacanciesPerMonth", .array(report.vacanciesPerMonth.map { .int($0) })),
        ])
    }

    /// The summary as text: a table per step, staircase, organisation and the city, each
    /// within `width` characters (`nil`: every column; the least useful go first).
    static func table(_ report: YearReport, width: Int? = nil) -> String {
        var sections: [String] = []
        for grouping in [AuditGrouping.step, .staircase, .organisation, .city] {
            let rows = report.groups.filter { $0.grouping == grouping }
            guard !rows.isEmpty else { continue }
            let shown = Field.allCases.filter { $0.headings(grouping) != nil }
            let header = shown.flatMap { $0.headings(grouping)! }
            var table = TextTable(header: header, rightAligned: Set(1..<header.count))
            for row in rows {
                var cells = TextCells.row(shown) { put($0, of: row, into: &$1) }
                cells[0] = Words.groupKey(cells[0], grouping)
                table.rows.append(cells)
            }
            // Dropped first: dwellings, the share of dwellings, departments, pending; a group's
            // name is never cut (two steps would read alike).
            sections.append(table.fitted(to: width, drop: [2, 4, 1, 9]).render())
        }
        if let city = report.groups.first(where: { $0.grouping == .city }) {
            sections.append(TextTable.wrapped(Phrase.reportLBF.text(city.lbfCategories.map { "\(danish($0.0)) \(Local.count($0.1))" }
                .joined(separator: " · ")), to: width))
        }
        sections.append(TextTable.wrapped(Phrase.reportTightenedNote.text(), to: width))
        return TextTable.wrapped(Phrase.reportHeading.text(report.year), to: width) + "\n\n" + sections.joined(separator: "\n\n")
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
