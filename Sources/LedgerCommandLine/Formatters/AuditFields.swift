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

    // The audit's columns, once, as calls on a sink: `FieldList` builds `Field`s for JSON,
    // text and HTML; the CSV writer takes them straight to bytes (an audit of 2,000
    // departments built 40,000 fields, arrays and strings only to print them).

    static func visitFigures(_ row: AuditRow, pendingOver: Bool, into sink: inout some AuditFieldSink) {
        let c = row.counters
        sink.int("vacancies", c.vacancies)
        sink.int("offered", c.offered)
        sink.int("pending", c.pending)
        sink.int("realised", c.realised)
        sink.int("referred", c.referred)
        sink.int("rehoused", c.rehoused)
        sink.int("returned", c.returned)
        sink.int("withheld", c.withheld)
        sink.beginObject("withheldByReason")
        sink.int("cap", c.withheldCap)
        sink.int("fourth", c.withheldFourth)
        sink.int("exempt", c.withheldExempt)
        sink.endObject()
        sink.double("share", row.share)
        sink.int("headroom", row.headroom)
        sink.string("status", row.status.rawValue)
        sink.int("forcedVoids", c.forcedVoids)
        sink.beginObject("lettingsByRoute")
        for route in Route.allCases { sink.int(route.rawValue, row.lettingsByRoute[route] ?? 0) }
        sink.endObject()
        if pendingOver { sink.int("pendingOver", row.pendingOver ?? 0) }
    }

    static func visit(_ row: AuditRow, pendingOver: Bool, into sink: inout some AuditFieldSink) {
        if row.grouping == .department {
            sink.string("department", row.key)
            sink.string("organisation", row.organisation)
            sink.string("name", row.name)
            sink.string("period", row.period.label)
            sink.optionalInt("step", row.step)
            sink.string("staircase", row.staircase?.rawValue)
        } else {
            sink.string("group", row.key)
            sink.string("period", row.period.label)
            sink.int("departments", row.departments)
            sink.optionalInt("step", row.step)
            sink.string("staircase", row.staircase?.rawValue)
        }
        visitFigures(row, pendingOver: pendingOver, into: &sink)
    }

    static func figures(_ row: AuditRow, pendingOver: Bool) -> [Field] {
        var list = FieldList()
        visitFigures(row, pendingOver: pendingOver, into: &list)
        return list.fields
    }

    static func row(_ row: AuditRow, pendingOver: Bool) -> [Field] {
        var list = FieldList()
        visit(row, pendingOver: pendingOver, into: &list)
        return list.fields
    }

    static func totals(_ report: AuditReport) -> [Field] {
        guard let totals = report.totals else { return [] }
        return [int("departments", totals.departments)] + figures(totals, pendingOver: report.pendingOverDays != nil)
    }
}

/// Takes an audit row's fields in order (`AuditFields.visit`). Members of a nested object
/// come between `beginObject` and `endObject`.
protocol AuditFieldSink {
    mutating func int(_ key: String, _ value: Int)
    mutating func double(_ key: String, _ value: Double)
    mutating func string(_ key: String, _ value: String?)
    mutating func beginObject(_ key: String)
    mutating func endObject()
}

extension AuditFieldSink {
    /// An int, or null.
    mutating func optionalInt(_ key: String, _ value: Int?) {
        if let value { int(key, value) } else { string(key, nil) }
    }
}

/// The fields as `Field`s, nested objects as JSON objects.
struct FieldList: AuditFieldSink {
    var fields: [AuditFields.Field] = []
    private var open: (key: String, members: [(String, JSONValue)])?

    private mutating func add(_ key: String, _ value: JSONValue) {
        if open != nil { open!.members.append((key, value)) } else { fields.append(AuditFields.Field(key: key, json: value)) }
    }

    mutating func int(_ key: String, _ value: Int) { add(key, .int(value)) }
    mutating func double(_ key: String, _ value: Double) { add(key, .double(value)) }
    mutating func string(_ key: String, _ value: String?) { add(key, .optional(value)) }
    mutating func beginObject(_ key: String) { open = (key, []) }
    mutating func endObject() {
        if let (key, members) = open { open = nil; add(key, .object(members)) }
    }
}
