import CSV
import Foundation

/// CSV text: RFC 4180 quoting (a field is quoted when it holds a quote, the delimiter, CR or
/// LF; quotes inside are doubled), CRLF line ends, UTF-8 — CSV.swift's writer's rule, which
/// the tests hold it to. Written directly as bytes: CSV.swift writes scalar by scalar
/// through a stream.
public enum CSVText {
    public static func render(_ rows: [[String]], delimiter: UnicodeScalar = ",") -> String {
        var bytes: [UInt8] = []
        for row in rows { append(row, to: &bytes, delimiter: delimiter) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One row and its CRLF, appended (for output written as it is made).
    public static func append(_ row: [String], to out: inout String, delimiter: UnicodeScalar = ",") {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        append(row, to: &bytes, delimiter: delimiter)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// One row and its CRLF as UTF-8 bytes, not `String` appends field by field.
    public static func append(_ row: [String], to out: inout [UInt8], delimiter: UnicodeScalar = ",") {
        // Scanning UTF-8 bytes for an ASCII delimiter finds the same fields as scanning scalars.
        var separator: [UInt8] = []
        separator.append(contentsOf: String(delimiter).utf8)
        for (index, field) in row.enumerated() {
            if index > 0 { out.append(contentsOf: separator) }
            appendField(field, to: &out, delimiter: delimiter)
        }
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
    }

    /// One field, quoted if it must be (a quote, the delimiter or a line end in it).
    public static func appendField(_ field: String, to out: inout [UInt8], delimiter: UnicodeScalar = ",") {
        let mark = delimiter.isASCII ? UInt8(delimiter.value) : nil
        var contiguous = field
        contiguous.withUTF8 { bytes in   // contiguous: scanned and copied as a buffer
            let needsQuotes = mark.map { mark in
                bytes.contains { $0 == UInt8(ascii: "\"") || $0 == mark || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
            } ?? field.unicodeScalars.contains { $0 == "\"" || $0 == delimiter || $0 == "\r" || $0 == "\n" }
            guard needsQuotes else { return out.append(contentsOf: bytes) }
            out.append(UInt8(ascii: "\""))
            for byte in bytes {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { out.append(byte) }
            }
            out.append(UInt8(ascii: "\""))
        }
    }

}

/// Where a CSV file comes from: read as a stream, so a file of any length takes the same memory.
public enum CSVSource: Sendable {
    case text(String)
    case file(path: String)
}

/// An input CSV file with a fixed header (RFC 4180, UTF-8, a BOM accepted), read through
/// CSV.swift; every error is bad input naming the line and the column.
struct CSVTable {
    struct Row {
        let line: Int
        private let fields: [String]
        /// Column name → index, built once per file.
        private let columns: [String: Int]

        init(line: Int, fields: [String], columns: [String: Int]) {
            self.line = line
            self.fields = fields
            self.columns = columns
        }

        /// The trimmed, NFC-normalised cell of a column ("" for an optional column the file lacks).
        func cell(_ column: String) -> String {
            guard let index = columns[column] else { return "" }
            return normalised(CSVTable.trimmed(fields[index]))
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

    /// Without leading and trailing spaces and tabs; the common case (none) costs no copy.
    static func trimmed(_ text: String) -> String {
        func blank(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s.properties.isWhitespace && s != "\n" && s != "\r" }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, blank(first) || blank(last) else { return text }
        return text.trimmingWhitespace(newlines: false)
    }

    private static func columnIndexes(_ header: [String]) -> [String: Int] {
        Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
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
        let found = (reader.headerRow ?? []).map { normalised($0.trimmingWhitespace(newlines: false)) }
        let extra = found.dropFirst(header.count)
        guard Array(found.prefix(header.count)) == header, Set(extra).isSubset(of: optional), Set(extra).count == extra.count else {
            throw LedgerError.badFile(field, path: nil, line: 1, problem: .header(found.joined(separator: ",")),
                                      accepted: .columns(header, optional: optional))
        }
        let columns = columnIndexes(found)
        var rows: [Row] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            if fields.allSatisfy({ $0.trimmingWhitespace(newlines: false).isEmpty }) { continue }
            guard fields.count == found.count else {
                throw LedgerError.badFile(field, path: nil, line: line, problem: .columnCount(fields.count), accepted: .columnCount(found.count))
            }
            rows.append(Row(line: line, fields: fields, columns: columns))
        }
        return rows
    }

    /// Each row of a file whose header names its columns in any order: every `required` one,
    /// any of `optional`, nothing else, streamed to `body`. A BOM and Excel's semicolons are
    /// accepted. A row with the wrong number of columns goes to `bad` and is not passed on.
    ///
    /// A file is read a megabyte at a time, each piece cut after its last record end (a line
    /// end outside quotes) and parsed by CSV.swift, so memory does not grow with the file.
    /// (CSV.swift's own `InputStream` reader fails at the end of a file on Linux.)
    static func forEachRow(_ source: CSVSource, anyOrder required: [String], optional: [String], field: LedgerError.Field,
                           pieceSize: Int = 1 << 20, bad: (LedgerError) -> Void, body: (Row) throws -> Void) throws {
        var columns: [String: Int]?
        var width = 0
        var line = 1
        var delimiter: UnicodeScalar = ","
        func parse(_ text: String) throws {
            let reader: CSVReader
            do {
                reader = try CSVReader(string: text, hasHeaderRow: false, delimiter: delimiter)
            } catch {
                throw LedgerError.badFile(field, path: nil, line: line, problem: .notCSV("\(error)"), accepted: .columns(required, optional: optional))
            }
            while let fields = reader.next() {
                guard let known = columns else {
                    let header = fields.map { normalised($0.trimmingWhitespace(newlines: false)).lowercased() }
                    guard Set(required).isSubset(of: header), Set(header).isSubset(of: Set(required + optional)),
                          Set(header).count == header.count else {
                        throw LedgerError.badFile(field, path: nil, line: 1, problem: .header(header.joined(separator: ",")),
                                                  accepted: .columns(required, optional: optional))
                    }
                    columns = columnIndexes(header)
                    width = header.count
                    continue
                }
                line += 1
                if fields.allSatisfy({ trimmed($0).isEmpty }) { continue }
                guard fields.count == width else {
                    bad(.badFile(field, path: nil, line: line, problem: .columnCount(fields.count), accepted: .columnCount(width)))
                    continue
                }
                try body(Row(line: line, fields: fields, columns: known))
            }
        }
        func start(_ head: String) -> String {
            let head = head.hasPrefix("\u{FEFF}") ? String(head.dropFirst()) : head
            // The delimiter from the header line: `;` when it has semicolons and no commas.
            let headerLine = head.split(whereSeparator: \.isNewline).first ?? ""
            delimiter = headerLine.contains(";") && !headerLine.contains(",") ? ";" : ","
            return head
        }
        switch source {
        case let .text(text):
            try parse(start(text))
        case let .file(path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw LedgerError.badFile(field, path: path, line: nil, problem: .unreadable, accepted: .utf8File)
            }
            defer { try? handle.close() }
            var carry: [UInt8] = []
            var first = true
            var inQuotes = false   // at the end of `carry`
            while true {
                let chunk = try handle.read(upToCount: pieceSize) ?? Data()
                let atEnd = chunk.isEmpty
                let cut: Int
                // The last line end outside quotes, scanning only the new bytes.
                var quotes = inQuotes
                var lastEnd: Int?
                for (offset, byte) in chunk.enumerated() {
                    if byte == UInt8(ascii: "\"") { quotes.toggle() } else if byte == UInt8(ascii: "\n") && !quotes {
                        lastEnd = offset
                    }
                }
                carry.append(contentsOf: chunk)
                if atEnd {
                    cut = carry.count
                } else if let lastEnd {
                    cut = carry.count - chunk.count + lastEnd + 1
                    inQuotes = quotes
                } else {
                    inQuotes = quotes
                    continue
                }
                if cut > 0 {
                    guard let text = String(validating: carry[..<cut], as: UTF8.self) else {
                        throw LedgerError.badFile(field, path: path, line: line + 1, problem: .notUTF8, accepted: .utf8File)
                    }
                    try parse(first ? start(text) : text)
                    first = false
                    carry.removeFirst(cut)
                }
                if atEnd { break }
            }
        }
        if columns == nil {
            throw LedgerError.badFile(field, path: nil, line: 1, problem: .header(""), accepted: .columns(required, optional: optional))
        }
    }
}
