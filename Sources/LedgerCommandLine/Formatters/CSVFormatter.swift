import VacancyLedger

/// RFC 4180 CSV (CRLF line ends, quotes doubled), headers equal to the JSON keys.
enum CSVFormatter {
    /// Rows go from `AuditFields.visit` straight to bytes; the header from the same calls.
    static func audit(_ report: AuditReport) -> String {
        let pendingOver = report.pendingOverDays != nil
        var header = HeaderRow()
        if let first = report.rows.first {
            AuditFields.visit(first, pendingOver: pendingOver, into: &header)
        } else {
            header.names = placeholderRow(report).flatMap(headers)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 * (report.rows.count + 1))
        CSVText.append(header.names, to: &bytes)
        var writer = RowWriter(csv: CSVRowWriter(bytes: bytes))
        for row in report.rows {
            AuditFields.visit(row, pendingOver: pendingOver, into: &writer)
            writer.csv.endRow()
        }
        return String(decoding: writer.csv.bytes, as: UTF8.self)
    }

    /// Column names; a nested object's members are dotted: `withheldByReason.cap`.
    private struct HeaderRow: AuditFieldSink {
        var names: [String] = []
        var prefix: String?
        mutating func name(_ key: String) { names.append(prefix.map { "\($0).\(key)" } ?? key) }
        mutating func int(_ key: String, _ value: Int) { name(key) }
        mutating func double(_ key: String, _ value: Double) { name(key) }
        mutating func string(_ key: String, _ value: String?) { name(key) }
        mutating func beginObject(_ key: String) { prefix = key }
        mutating func endObject() { prefix = nil }
    }

    /// One row's cells as CSV bytes, as `Field.text` reads them (null: an empty cell).
    private struct RowWriter: AuditFieldSink {
        var csv: CSVRowWriter
        mutating func int(_ key: String, _ value: Int) { csv.number(value) }
        mutating func double(_ key: String, _ value: Double) { csv.number(value) }
        mutating func string(_ key: String, _ value: String?) { csv.text(value) }
        mutating func beginObject(_ key: String) {}
        mutating func endObject() {}
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
}
