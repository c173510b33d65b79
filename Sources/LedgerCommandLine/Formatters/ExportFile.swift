import CSV
import Foundation
import VacancyLedger

/// Where a row of an export file sits: its line (CSV) or its array and index (JSON).
struct ExportPlace: Equatable, Sendable {
    var line: Int?
    var array: String?
    var index: Int?

    static func line(_ line: Int) -> ExportPlace { ExportPlace(line: line) }
    static func element(_ array: String, _ index: Int) -> ExportPlace { ExportPlace(array: array, index: index) }

    var text: String { line.map { "line \($0)" } ?? "\(array ?? "")[\(index ?? 0)]" }
}

/// One row of an export as the texts of its cells, in `ExportLine.csvKeys`' order: a CSV
/// cell unquoted, or a JSON value as compact JSON (`nil`: the file lacks the key). A file's
/// row and the row `export` would write from the ledger are compared in this one form.
struct ExportCells {
    var place: ExportPlace?
    var cells: [String?]

    var section: String { cells[0] ?? "" }
    var vacancy: String { cells[1] ?? "" }
    /// What rows are matched by: one vacancy appears once in each section.
    var key: String { section + "\u{1F}" + vacancy }

    static let fields = ExportLine.csvKeys
    static func index(_ field: String) -> Int { fields.firstIndex(of: field)! }

    /// The ledger's row as `export` writes it in `format`.
    init(_ row: ExportRow, format: ExportFile.Format) {
        switch format {
        case .csv: cells = ExportLine.csvCells(row)
        case .json:
            var members: [String: String] = [:]
            if case let .object(pairs)? = try? JSONValueEncoder.encode(ExportLine(row)) {
                for (key, value) in pairs { members[key] = value.serialized() }
            }
            cells = [row.section.rawValue] + Array(ExportCells.fields.dropFirst()).map { members[$0] }
        }
    }

    init(place: ExportPlace?, cells: [String?]) {
        self.place = place
        self.cells = cells
    }
}

/// A received export file, read a row at a time in flat memory: its format, its declared
/// year and head, its rows, its total row (CSV) or header (JSON), and its signature line.
final class ExportFile {
    enum Format: Equatable { case csv(delimiter: UnicodeScalar), json }

    let path: String
    let format: Format
    /// The year and head hash the file declares (CSV: its total row; JSON: its header).
    private(set) var year: Int
    private(set) var headHash: String
    /// The signature line and how many bytes before it it signs; `nil` if unsigned.
    let signature: (line: String, signedBytes: UInt64)?
    /// CSV: the total row as read; JSON: the header's members (compact JSON).
    private(set) var total: ExportCells?
    private(set) var header: [String: String] = [:]

    private let csv: CSVRows?
    private let json: JSONRows?

    static func bad(_ path: String, _ why: String) -> LedgerError {
        .badFile(.exportFile, path: path, line: nil, problem: .notAnExport(why), accepted: .fileWrittenBy("export"))
    }

    init(path: String) throws {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError.badFile(.exportFile, path: path, line: nil, problem: .unreadable, accepted: .fileWrittenBy("export"))
        }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        var head = try handle.read(upToCount: 4096) ?? Data()
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        let tailStart = size > 16_384 ? size - 16_384 : 0
        try handle.seek(toOffset: tailStart)
        let tail = [UInt8](try handle.readToEnd() ?? Data())
        let bad = { ExportFile.bad(path, $0) }

        if head.first == UInt8(ascii: "{") {
            format = .json
            signature = ExportFile.jsonSignature(tail, tailStart: tailStart)
            csv = nil
            let rows = try JSONRows(path: path, bad: bad)
            json = rows
            // The header's members come before the first array.
            header = try rows.readHeader()
            guard let year = header["year"].flatMap(Int.init), year > 0,
                  let hash = header["headHash"].flatMap(JSONRows.string) else { throw bad("no year and head hash in its header") }
            self.year = year
            headHash = hash
        } else {
            // The header line decides: Excel exports use semicolons.
            let headerLine = String(decoding: head.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            let delimiter: UnicodeScalar = headerLine.contains(";") ? ";" : ","
            format = .csv(delimiter: delimiter)
            let last = ExportFile.csvLastRows(tail, tailStart: tailStart, delimiter: delimiter)
            signature = last.signature
            guard let total = last.total, let year = CivilDate(total[ExportCells.index("vacancyDate")])?.year else {
                throw bad("no total row")
            }
            self.year = year
            headHash = total[ExportCells.index("hash")]
            json = nil
            csv = try CSVRows(path: path, delimiter: delimiter, bad: bad)
        }
    }

    /// The next row of lettings or pending offers; `nil` after the last. CSV's total and
    /// signature rows are kept aside (`total`), not returned.
    func next() throws -> ExportCells? {
        if let json { return try json.next() }
        guard let csv else { return nil }
        while let row = try csv.next() {
            switch row.section {
            case "total" where total == nil: total = row
            case "signature": continue
            default: return row
            }
        }
        return nil
    }

    // MARK: The last lines

    /// The total and signature rows among a CSV file's last lines.
    private static func csvLastRows(_ tail: [UInt8], tailStart: UInt64, delimiter: UnicodeScalar)
        -> (total: [String]?, signature: (line: String, signedBytes: UInt64)?) {
        var lines: [(start: Int, text: String)] = []
        var start = 0
        for (i, byte) in tail.enumerated() where byte == UInt8(ascii: "\n") {
            let text = String(decoding: tail[start..<i], as: UTF8.self).trimmingCharacters(in: .newlines)
            if !text.isEmpty { lines.append((start, text)) }
            start = i + 1
        }
        if start < tail.count { lines.append((start, String(decoding: tail[start...], as: UTF8.self))) }
        var total: [String]?
        var signature: (line: String, signedBytes: UInt64)?
        for (index, line) in lines.suffix(2).enumerated() {
            guard let cells = (try? CSVReader(string: line.text, hasHeaderRow: false, delimiter: delimiter))?.next(),
                  cells.count == ExportCells.fields.count else { continue }
            if cells[0] == "total" { total = cells }
            // Only the very last line signs what comes before it.
            if cells[0] == "signature", index == lines.suffix(2).count - 1 {
                signature = (cells[ExportCells.index("hash")], tailStart + UInt64(line.start))
            }
        }
        return (total, signature)
    }

    /// A JSON export's signature: its last member, `,\n  "signature": "…"\n}`.
    private static func jsonSignature(_ tail: [UInt8], tailStart: UInt64) -> (line: String, signedBytes: UInt64)? {
        let marker = Array(",\n  \"signature\": ".utf8)
        guard tail.count >= marker.count else { return nil }
        var at = tail.count - marker.count
        while at >= 0, !tail[at..<(at + marker.count)].elementsEqual(marker) { at -= 1 }
        guard at >= 0 else { return nil }
        let rest = String(decoding: tail[(at + marker.count)...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard rest.hasSuffix("}"), let line = JSONRows.string(String(rest.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return (line, tailStart + UInt64(at))
    }

    /// The SHA-256 (hex) of the file's first `count` bytes, read in chunks.
    static func digest(path: String, count: UInt64) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError.badFile(.exportFile, path: path, line: nil, problem: .unreadable, accepted: .fileWrittenBy("export"))
        }
        defer { try? handle.close() }
        var digest = ExportSignature.Digest()
        var left = count
        while left > 0, let chunk = try handle.read(upToCount: Int(min(left, 1 << 20))), !chunk.isEmpty {
            chunk.withUnsafeBytes { digest.update($0) }
            left -= UInt64(chunk.count)
        }
        return digest.finalize()
    }
}

/// A CSV export's rows, split a byte at a time from a chunked read, with the file line
/// each starts on. RFC 4180 as `export` writes it: cells apart by the delimiter, a quoted
/// cell with `""` for a quote, rows ended by CRLF (or LF). CSV.swift's reader decodes
/// every scalar and took 4× the export's time here (BENCHMARKS.md); the tests read the
/// same files with it.
private final class CSVRows {
    private let input: ByteReader
    private let delimiter: UInt8
    /// For each of `ExportLine.csvKeys`, its column in the file.
    private let columns: [Int?]
    private var line = 0

    init(path: String, delimiter: UnicodeScalar, bad: (String) -> LedgerError) throws {
        guard let input = ByteReader(path: path) else { throw bad("unreadable") }
        self.input = input
        self.delimiter = UInt8(delimiter.value)
        if input.peek() == 0xEF { input.skip(3) }   // the BOM of an Excel export
        var header: [String] = []
        var lines = 0
        guard CSVRows.row(input, delimiter: self.delimiter, into: &header, lines: &lines),
              Set(ExportCells.fields).isSubset(of: header) else {
            throw bad("not an export's CSV header")
        }
        line = lines
        columns = ExportCells.fields.map { header.firstIndex(of: $0) }
    }

    func next() throws -> ExportCells? {
        var fields: [String] = []
        while true {
            let start = line + 1
            guard CSVRows.row(input, delimiter: delimiter, into: &fields, lines: &line) else { return nil }
            // The empty line an unsigned export ends with is no row (every CSV reader skips it).
            if fields.count == 1, fields[0].isEmpty { continue }
            return ExportCells(place: .line(start),
                               cells: columns.map { column in column.flatMap { $0 < fields.count ? fields[$0] : nil } })
        }
    }

    /// One row's cells into `fields`; `false` at the end of the file. `lines` counts the
    /// line breaks read, quoted ones included.
    private static func row(_ input: ByteReader, delimiter: UInt8, into fields: inout [String], lines: inout Int) -> Bool {
        fields.removeAll(keepingCapacity: true)
        guard input.peek() != nil else { return false }
        var cell: [UInt8] = []
        var quoted = false
        while let byte = input.peek() {
            input.skip(1)
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if input.peek() == UInt8(ascii: "\"") { input.skip(1); cell.append(byte) } else { quoted = false }
                } else {
                    if byte == UInt8(ascii: "\n") { lines += 1 }
                    cell.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && cell.isEmpty {
                quoted = true
            } else if byte == delimiter {
                fields.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll(keepingCapacity: true)
            } else if byte == UInt8(ascii: "\n") {
                lines += 1
                if cell.last == UInt8(ascii: "\r") { cell.removeLast() }
                break
            } else {
                cell.append(byte)
            }
        }
        fields.append(String(decoding: cell, as: UTF8.self))
        return true
    }
}

/// A JSON export's rows, scanned a byte at a time from a chunked read: each element of
/// `lettings` and `pendingAtYearEnd` becomes one row of its members' compact JSON.
private final class JSONRows {
    private let input: ByteReader
    private let bad: (String) -> LedgerError
    private enum State { case top, array(String, Int), end }
    private var state = State.top

    init(path: String, bad: @escaping (String) -> LedgerError) throws {
        guard let input = ByteReader(path: path) else { throw bad("unreadable") }
        self.input = input
        self.bad = bad
        if input.peek() == 0xEF { input.skip(3) }   // a BOM
        skipWhitespace()
        guard input.peek() == UInt8(ascii: "{") else { throw bad("not an export's JSON") }
        input.skip(1)
    }

    /// The decoded text of a JSON string literal (compact JSON).
    static func string(_ json: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)) as? String
    }

    /// The top-level members before the first array of rows.
    func readHeader() throws -> [String: String] {
        var header: [String: String] = [:]
        while case .top = state {
            skipWhitespace()
            guard let byte = input.peek() else { throw bad("not an export's JSON: it ends early") }
            if byte == UInt8(ascii: ",") { input.skip(1); continue }
            if byte == UInt8(ascii: "}") { input.skip(1); state = .end; break }
            let key = try memberKey()
            if (key == "lettings" || key == "pendingAtYearEnd"), input.peek() == UInt8(ascii: "[") {
                input.skip(1)
                state = .array(key, 0)
                break
            }
            header[key] = try value()
        }
        return header
    }

    func next() throws -> ExportCells? {
        while true {
            switch state {
            case .end: return nil
            case .top: _ = try readHeader()
            case let .array(name, index):
                skipWhitespace()
                guard let byte = input.peek() else { throw bad("not an export's JSON: it ends early") }
                if byte == UInt8(ascii: "]") { input.skip(1); state = .top; continue }
                if byte == UInt8(ascii: ",") { input.skip(1); continue }
                state = .array(name, index + 1)
                let section = name == "lettings" ? ExportRow.Section.letting.rawValue : ExportRow.Section.pending.rawValue
                var members: [String: String] = [:]
                if byte == UInt8(ascii: "{") {
                    input.skip(1)
                    while true {
                        skipWhitespace()
                        guard let next = input.peek() else { throw bad("not an export's JSON: it ends early") }
                        if next == UInt8(ascii: "}") { input.skip(1); break }
                        if next == UInt8(ascii: ",") { input.skip(1); continue }
                        let key = try memberKey()
                        let text = try value()
                        if members[key] == nil { members[key] = text }
                    }
                } else {
                    _ = try value()
                }
                return ExportCells(place: .element(name, index), cells: [section] + ExportCells.fields.dropFirst().map { members[$0] })
            }
        }
    }

    private func skipWhitespace() {
        while let byte = input.peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { input.skip(1) }
    }

    private func memberKey() throws -> String {
        skipWhitespace()
        guard input.peek() == UInt8(ascii: "\"") else { throw bad("not an export's JSON: a member without a key") }
        var raw: [UInt8] = []
        try copyString(into: &raw)
        skipWhitespace()
        guard input.peek() == UInt8(ascii: ":") else { throw bad("not an export's JSON: a key without a value") }
        input.skip(1)
        skipWhitespace()
        return JSONRows.string(String(decoding: raw, as: UTF8.self)) ?? ""
    }

    /// One value as compact JSON: whitespace outside strings dropped, nothing else changed.
    private func value() throws -> String {
        skipWhitespace()
        var out: [UInt8] = []
        var depth = 0
        while let byte = input.peek() {
            switch byte {
            case UInt8(ascii: "\""):
                try copyString(into: &out)
                if depth == 0 { return String(decoding: out, as: UTF8.self) }
            case 0x20, 0x0A, 0x0D, 0x09:
                if depth == 0 { return String(decoding: out, as: UTF8.self) }
                input.skip(1)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                out.append(byte)
                input.skip(1)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 {
                    guard !out.isEmpty else { throw bad("not an export's JSON: a key without a value") }
                    return String(decoding: out, as: UTF8.self)
                }
                depth -= 1
                out.append(byte)
                input.skip(1)
                if depth == 0 { return String(decoding: out, as: UTF8.self) }
            case UInt8(ascii: ","):
                if depth == 0 { return String(decoding: out, as: UTF8.self) }
                out.append(byte)
                input.skip(1)
            default:
                out.append(byte)
                input.skip(1)
            }
        }
        throw bad("not an export's JSON: it ends early")
    }

    /// A string literal as it is written, escapes and all.
    private func copyString(into out: inout [UInt8]) throws {
        out.append(UInt8(ascii: "\""))
        input.skip(1)
        while let byte = input.peek() {
            input.skip(1)
            out.append(byte)
            if byte == UInt8(ascii: "\\") {
                guard let escaped = input.peek() else { break }
                input.skip(1)
                out.append(escaped)
            } else if byte == UInt8(ascii: "\"") {
                return
            }
        }
        throw bad("not an export's JSON: a string does not end")
    }
}

/// A file's bytes a megabyte at a time.
private final class ByteReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var at = 0

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func peek() -> UInt8? {
        if at == buffer.count {
            buffer = [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
            at = 0
            if buffer.isEmpty { return nil }
        }
        return buffer[at]
    }

    func skip(_ count: Int) {
        if at + count <= buffer.count { at += count; return }
        for _ in 0..<count where peek() != nil { at += 1 }
    }
}
