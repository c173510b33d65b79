import VacancyLedger

/// RFC 4180 CSV (CRLF line ends, quotes doubled), headers equal to the JSON keys.
enum CSVFormatter {
    static func audit(_ report: AuditReport) -> String {
        let pendingOver = report.pendingOverDays != nil
        let header = (report.rows.first.map { AuditFields.row($0, pendingOver: pendingOver) } ?? placeholderRow(report)).flatMap(headers)
        return CSVText.render([header] + report.rows.map { AuditFields.row($0, pendingOver: pendingOver).flatMap(values) })
    }

    /// The header of an empty audit still names every column.
    private static func placeholderRow(_ report: AuditReport) -> [AuditFields.Field] {
        ["department", "organisation", "name", "period", "step", "staircase"].map { AuditFields.string($0, nil) }
            + AuditFields.totals(report).dropFirst()
    }

    /// Nested JSON objects become dotted columns: `withheldByReason.cap`.
    private static func headers(_ field: AuditFields.Field) -> [String] {
        if case .object(let members) = field.json { return members.map { "\(field.key).\($0.0)" } }
        return [field.key]
    }

    private static func values(_ field: AuditFields.Field) -> [String] {
        if case .object(let members) = field.json { return members.map { scalar($0.1) } }
        return [field.text]
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let s): s
        default: value.serialized()
        }
    }
}
