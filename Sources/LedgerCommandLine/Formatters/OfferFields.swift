import VacancyLedger

/// The municipality's queue (`offers`), each field named once: CSV headers are the JSON
/// keys, and the table's cells come from the same fields.
enum OfferFields {
    enum Field: String, CaseIterable {
        case vacancy, department, number, unit, date, outcome, settledOn, daysWaiting

        /// The table's column heading, in the reader's language.
        var heading: String {
            switch self {
            case .vacancy: Phrase.colVacancy.text()
            case .department: Phrase.colDepartment.text()
            case .number: Phrase.colNumber.text()
            case .unit: Phrase.colUnit.text()
            case .date: Phrase.colDate.text()
            case .outcome: Phrase.colOutcome.text()
            case .settledOn: Phrase.colSettled.text()
            case .daysWaiting: Phrase.colDays.text()
            }
        }
    }

    static func put(_ field: Field, of o: OfferRow, into sink: inout some ListingFieldSink) {
        switch field {
        case .vacancy: sink.number(Int(o.vacancy))
        case .department: sink.text(o.department.rawValue)
        case .number: sink.number(o.number)
        case .unit: sink.text(o.unit)
        case .date: sink.date(o.date)
        case .outcome: sink.word(o.outcome?.rawValue)
        case .settledOn: sink.date(o.settledOn)
        case .daysWaiting: sink.number(o.daysWaiting)
        }
    }

    static func json(_ report: OffersReport) -> JSONValue {
        .object([
            ("asOf", .string(report.asOf.description)), ("pendingOnly", .bool(report.pendingOnly)),
            ("olderThan", report.olderThan.map(JSONValue.int) ?? .null), ("count", .int(report.offers.count)),
            ("offers", .array(report.offers.map { offer in JSONMembers.object(Field.self) { put($0, of: offer, into: &$1) } })),
        ])
    }

    static func csv(_ report: OffersReport) -> String {
        var bytes: [UInt8] = []
        CSVText.append(Field.allCases.map(\.rawValue), to: &bytes)
        for offer in report.offers {
            CSVRowWriter.append(to: &bytes) { csv in for field in Field.allCases { put(field, of: offer, into: &csv) } }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func table(_ report: OffersReport) -> String {
        let older = report.olderThan.map { Phrase.offersOlderThan.text($0) } ?? ""
        let asOf = Local.date(report.asOf)
        guard !report.offers.isEmpty else { return (report.pendingOnly ? Phrase.offersNonePending : .offersNone).text(older, asOf) }
        let numbers: Set<Field> = [.vacancy, .number, .daysWaiting]
        var table = TextTable(header: Field.allCases.map(\.heading),
                              rightAligned: Set(Field.allCases.indices.filter { numbers.contains(Field.allCases[$0]) }))
        for offer in report.offers {
            var cells = TextCells.row(Field.allCases) { put($0, of: offer, into: &$1) }
            if offer.outcome == nil, let outcome = Field.allCases.firstIndex(of: .outcome) { cells[outcome] = Words.outcome(nil) }
            table.rows.append(cells)
        }
        return (report.pendingOnly ? Phrase.offersHeadingPending : .offersHeading).text(Local.count(report.offers.count), older, asOf)
            + "\n" + table.render()
    }
}
