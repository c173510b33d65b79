import CSV
import Foundation

/// CSV text through CSV.swift's writer: RFC 4180 quoting, CRLF line ends, UTF-8.
public enum CSVText {
    public static func render(_ rows: [[String]], delimiter: UnicodeScalar = ",") -> String {
        do {
            let writer = try CSVWriter(stream: .toMemory(), delimiter: String(delimiter), newline: .crlf)
            for row in rows { try writer.write(row: row) }
            writer.stream.close()
            let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
            return String(decoding: data, as: UTF8.self) + (rows.isEmpty ? "" : "\r\n")
        } catch {
            // Writing to memory cannot fail.
            preconditionFailure("CSV to memory failed: \(error)")
        }
    }
}

/// An input CSV file with a fixed header (RFC 4180, UTF-8, a BOM accepted), read through
/// CSV.swift; every error is bad input naming the line and the column.
struct CSVTable {
    struct Row {
        let line: Int
        private let fields: [String]
        private let header: [String]

        init(line: Int, fields: [String], header: [String]) {
            self.line = line
            self.fields = fields
            self.header = header
        }

        /// The trimmed, NFC-normalised cell of a column ("" for an optional column the file lacks).
        func cell(_ column: String) -> String {
            guard let index = header.firstIndex(of: column) else { return "" }
            return normalised(fields[index].trimmingCharacters(in: .whitespaces))
        }

        func bad(_ column: String, _ accepted: LedgerError.Accepted) -> LedgerError {
            .atLine(line, .invalidCell(column: column, value: cell(column), accepted: accepted))
        }

        /// `true`, `false`, or empty (false).
        func bool(_ column: String) throws -> Bool {
            switch cell(column) {
            case "", "false": return false
            case "true": return true
            default: throw bad(column, .trueOrFalse)
            }
        }
    }

    /// The rows of a file whose header is `header`, in order, with any of `optional`
    /// columns after it.
    static func rows(_ text: String, header: [String], optional: [String] = [], field: LedgerError.Field) throws -> [Row] {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw LedgerError.badFile(field, path: nil, line: 1, problem: .notCSV("\(error)"), accepted: .columns(header, optional: optional))
        }
        let found = (reader.headerRow ?? []).map { normalised($0.trimmingCharacters(in: .whitespaces)) }
        let extra = found.dropFirst(header.count)
        guard Array(found.prefix(header.count)) == header, Set(extra).isSubset(of: optional), Set(extra).count == extra.count else {
            throw LedgerError.badFile(field, path: nil, line: 1, problem: .header(found.joined(separator: ",")),
                                      accepted: .columns(header, optional: optional))
        }
        let header = found
        var rows: [Row] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard fields.count == header.count else {
                throw LedgerError.badFile(field, path: nil, line: line, problem: .columnCount(fields.count), accepted: .columnCount(header.count))
            }
            rows.append(Row(line: line, fields: fields, header: header))
        }
        return rows
    }

    /// The rows of a file whose header names its columns in any order: every `required` one,
    /// any of `optional`, nothing else. A BOM and Excel's semicolons are accepted. Rows with
    /// the wrong number of columns are all reported together (`importRejected`).
    static func rows(_ text: String, anyOrder required: [String], optional: [String], field: LedgerError.Field) throws -> [Row] {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let headerLine = text.split(whereSeparator: \.isNewline).first ?? ""
        let delimiter: UnicodeScalar = headerLine.contains(";") && !headerLine.contains(",") ? ";" : ","
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter)
        } catch {
            throw LedgerError.badFile(field, path: nil, line: 1, problem: .notCSV("\(error)"), accepted: .columns(required, optional: optional))
        }
        let header = (reader.headerRow ?? []).map { normalised($0.trimmingCharacters(in: .whitespaces)).lowercased() }
        guard Set(required).isSubset(of: header), Set(header).isSubset(of: Set(required + optional)), Set(header).count == header.count else {
            throw LedgerError.badFile(field, path: nil, line: 1, problem: .header(header.joined(separator: ",")),
                                      accepted: .columns(required, optional: optional))
        }
        var rows: [Row] = []
        var errors: [LedgerError] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard fields.count == header.count else {
                errors.append(.badFile(field, path: nil, line: line, problem: .columnCount(fields.count), accepted: .columnCount(header.count)))
                continue
            }
            rows.append(Row(line: line, fields: fields, header: header))
        }
        if !errors.isEmpty { throw LedgerError.importRejected(errors) }
        return rows
    }
}
