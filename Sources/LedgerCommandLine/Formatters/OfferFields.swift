import VacancyLedger

/// The municipality's queue (`offers`), defined once for the table, JSON and CSV (CSV
/// headers are the JSON keys).
enum OfferFields {
    static func fields(_ o: OfferRow?) -> [AuditFields.Field] {
        [
            AuditFields.int("vacancy", Int(o?.vacancy ?? 0)), AuditFields.string("department", o?.department.rawValue),
            AuditFields.int("number", o?.number ?? 0), AuditFields.string("unit", o?.unit),
            AuditFields.string("date", o?.date.description), AuditFields.string("outcome", o?.outcome?.rawValue),
            AuditFields.string("settledOn", o?.settledOn?.description), AuditFields.int("daysWaiting", o?.daysWaiting ?? 0),
        ]
    }

    static let keys = fields(nil).map(\.key)

    static func json(_ report: OffersReport) -> JSONValue {
        .object([
            ("asOf", .string(report.asOf.description)), ("pendingOnly", .bool(report.pendingOnly)),
            ("olderThan", report.olderThan.map(JSONValue.int) ?? .null), ("count", .int(report.offers.count)),
            ("offers", .array(report.offers.map { .object(fields($0).map { ($0.key, $0.json) }) })),
        ])
    }

    static func csv(_ report: OffersReport) -> String {
        var text = ""
        CSVText.append(keys, to: &text)
        for offer in report.offers { CSVText.append(fields(offer).map(\.text), to: &text) }
        return text
    }

    static func table(_ report: OffersReport) -> String {
        let noun = report.offers.count == 1 ? "offer" : "offers"
        let what = report.pendingOnly ? "\(noun) awaiting an answer" : noun
        let older = report.olderThan.map { ", waiting more than \($0) days" } ?? ""
        guard !report.offers.isEmpty else { return "No \(what)\(older) on \(report.asOf)." }
        var table = TextTable(header: ["vacancy", "department", "no.", "unit", "date", "outcome", "settled", "days"],
                              rightAligned: [0, 2, 7])
        for o in report.offers {
            table.rows.append([String(o.vacancy), o.department.rawValue, String(o.number), o.unit, o.date.description,
                               o.outcome?.rawValue ?? "pending", o.settledOn?.description ?? "", String(o.daysWaiting)])
        }
        return "\(report.offers.count) \(what)\(older), oldest first (days to \(report.asOf) or to the answer):\n" + table.render()
    }
}
