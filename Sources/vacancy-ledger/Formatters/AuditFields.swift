import VacancyLedger

/// The audit's fields, defined once: JSON keys and CSV headers are the same names.
enum AuditFields {
    struct Field {
        var key: String
        var json: JSONValue
        /// Text unlike what `json` reads as (`text`), if any.
        private var customText: String?

        init(key: String, json: JSONValue, text: String? = nil) {
            self.key = key
            self.json = json
            customText = text
        }

        /// The value as a table or CSV cell. Derived when asked, not built with every field:
        /// an audit of 2,000 departments built 30,000 strings JSON output never read.
        /// An object reads `key value key value …` (`cap 0 fourth 1 exempt 0`).
        var text: String { customText ?? Field.text(json) }

        private static func text(_ value: JSONValue) -> String {
            switch value {
            case .null: ""
            case .string(let s): s
            case .int(let i): String(i)
            case .double(let d): String(d)
            case .bool(let b): b ? "true" : "false"
            case .object(let members): members.map { "\($0.0) \(text($0.1))" }.joined(separator: " ")
            case .array: value.serialized()
            }
        }
    }

    static func int(_ key: String, _ value: Int) -> Field { Field(key: key, json: .int(value)) }
    static func string(_ key: String, _ value: String?) -> Field { Field(key: key, json: .optional(value)) }

    static func figures(_ row: AuditRow, pendingOver: Bool) -> [Field] {
        let c = row.counters
        var fields = [
            int("vacancies", c.vacancies), int("offered", c.offered), int("pending", c.pending),
            int("realised", c.realised), int("referred", c.referred), int("rehoused", c.rehoused),
            int("returned", c.returned), int("withheld", c.withheld),
            Field(key: "withheldByReason", json: .object([
                ("cap", .int(c.withheldCap)), ("fourth", .int(c.withheldFourth)), ("exempt", .int(c.withheldExempt)),
            ])),
            Field(key: "share", json: .double(row.share)),
            int("headroom", row.headroom),
            string("status", row.status.rawValue),
            int("forcedVoids", c.forcedVoids),
            Field(key: "lettingsByRoute", json: .object(Route.allCases.map { ($0.rawValue, .int(row.lettingsByRoute[$0] ?? 0)) })),
        ]
        if pendingOver { fields.append(int("pendingOver", row.pendingOver ?? 0)) }
        return fields
    }

    static func row(_ row: AuditRow, pendingOver: Bool) -> [Field] {
        let head: [Field]
        if row.grouping == .department {
            head = [
                string("department", row.key), string("organisation", row.organisation), string("name", row.name),
                string("period", row.period.label),
                Field(key: "step", json: row.step.map { .int($0) } ?? .null),
                string("staircase", row.staircase?.rawValue),
            ]
        } else {
            head = [
                string("group", row.key), string("period", row.period.label), int("departments", row.departments),
                Field(key: "step", json: row.step.map { .int($0) } ?? .null),
                string("staircase", row.staircase?.rawValue),
            ]
        }
        return head + figures(row, pendingOver: pendingOver)
    }

    static func totals(_ report: AuditReport) -> [Field] {
        guard let totals = report.totals else { return [] }
        return [int("departments", totals.departments)] + figures(totals, pendingOver: report.pendingOverDays != nil)
    }
}
