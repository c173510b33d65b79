import Foundation
import VacancyLedger

// The readers behind `ExportFile`: a row at a time from a chunked read, in flat memory.

/// A CSV export's rows, read a byte at a time from a chunked read, with the file line each
/// starts on. CSV.swift's reader decodes every scalar and took 4× the export's time here
/// (BENCHMARKS.md); the tests read the same files with it.
final class CSVRows {
    private let input: ByteReader
    private let delimiter: UInt8
    /// For each of `ExportLine.csvKeys`, its column in the file; `nil` when the file's
    /// columns are the export's own, and rows are kept as bytes.
    private let columns: [Int?]?
    private var line = 0
    private var row: [UInt8] = []

    init(path: String, delimiter: UnicodeScalar, bad: (String) -> LedgerError) throws {
        guard let input = ByteReader(path: path) else { throw bad("unreadable") }
        self.input = input
        self.delimiter = UInt8(delimiter.value)
        if input.peek() == 0xEF { input.skip(3) }   // the BOM of an Excel export
        var lines = 0
        guard CSVRows.row(input, delimiter: self.delimiter, into: &row, lines: &lines) else { throw bad("not an export's CSV header") }
        let header = CSVSplit.cells(row, delimiter: self.delimiter)
        guard Set(ExportCells.fields).isSubset(of: header) else { throw bad("not an export's CSV header") }
        line = lines
        columns = header == ExportCells.fields ? nil : ExportCells.fields.map { header.firstIndex(of: $0) }
    }

    func next() throws -> ExportCells? {
        while true {
            let start = line + 1
            guard CSVRows.row(input, delimiter: delimiter, into: &row, lines: &line) else { return nil }
            // The empty line an unsigned export ends with is no row (every CSV reader skips it).
            if row.isEmpty { continue }
            guard let columns else { return ExportCells(place: .line(start), bytes: row, delimiter: delimiter) }
            let fields = CSVSplit.cells(row, delimiter: delimiter)
            return ExportCells(place: .line(start),
                               cells: columns.map { column in column.flatMap { $0 < fields.count ? fields[$0] : nil } })
        }
    }

    /// One row's bytes into `row`, up to the line break that ends it (CRLF or LF, left
    /// out); `false` at the end of the file. `lines` counts the line breaks read, quoted
    /// ones included.
    private static func row(_ input: ByteReader, delimiter: UInt8, into row: inout [UInt8], lines: inout Int) -> Bool {
        row.removeAll(keepingCapacity: true)
        guard input.peek() != nil else { return false }
        var quoted = false
        var cellStart = true
        while let byte = input.peek() {
            input.skip(1)
            if byte == UInt8(ascii: "\n") {
                lines += 1
                if !quoted {
                    if row.last == UInt8(ascii: "\r") { row.removeLast() }
                    return true
                }
            } else if quoted {
                // `""` inside quotes is a quote: the pair leaves the cell quoted.
                if byte == UInt8(ascii: "\"") {
                    if input.peek() == UInt8(ascii: "\"") { input.skip(1); row.append(byte) } else { quoted = false }
                }
            } else if byte == UInt8(ascii: "\"") && cellStart {
                quoted = true
            }
            cellStart = !quoted && byte == delimiter
            row.append(byte)
        }
        return true
    }
}

/// A CSV row's cells, unquoted. RFC 4180 as `export` writes it: cells apart by the
/// delimiter, a cell opened by a quote ends at the next lone quote, `""` within it is a quote.
enum CSVSplit {
    static func cells<Bytes: Collection<UInt8>>(_ row: Bytes, delimiter: UInt8) -> [String] {
        var cells: [String] = []
        var cell: [UInt8] = []
        var quoted = false
        var iterator = row.makeIterator()
        var pending = iterator.next()
        while let byte = pending {
            pending = iterator.next()
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if pending == UInt8(ascii: "\"") { cell.append(byte); pending = iterator.next() } else { quoted = false }
                } else {
                    cell.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && cell.isEmpty {
                quoted = true
            } else if byte == delimiter {
                cells.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll(keepingCapacity: true)
            } else {
                cell.append(byte)
            }
        }
        cells.append(String(decoding: cell, as: UTF8.self))
        return cells
    }
}

/// A JSON export's rows, scanned a byte at a time from a chunked read: each element of
/// `lettings` and `pendingAtYearEnd` becomes one row of its members' compact JSON.
final class JSONRows {
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

    /// A reader of one row's object, from its bytes.
    private init(element: [UInt8]) {
        input = ByteReader(bytes: element)
        bad = { ExportFile.bad("", $0) }
    }

    /// A row's members as compact JSON, from the object's bytes as the file holds them
    /// (first occurrence of a key wins); `nil` if they are not one JSON object.
    static func members(of element: [UInt8]) -> [String: String]? {
        let reader = JSONRows(element: element)
        guard reader.input.peek() == UInt8(ascii: "{") else { return nil }
        reader.input.skip(1)
        return try? reader.members()
    }

    /// The members of the object whose `{` was just read, up to and with its `}`.
    private func members() throws -> [String: String] {
        var members: [String: String] = [:]
        while true {
            skipWhitespace()
            guard let next = input.peek() else { throw bad("not an export's JSON: it ends early") }
            if next == UInt8(ascii: "}") { input.skip(1); return members }
            if next == UInt8(ascii: ",") { input.skip(1); continue }
            let key = try memberKey()
            let text = try value()
            if members[key] == nil { members[key] = text }
        }
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
                if byte == UInt8(ascii: "{") {
                    // Kept as its bytes: parsed into members only if they differ from the ledger's.
                    return ExportCells(place: .element(name, index), object: try objectBytes(), section: section)
                }
                _ = try value()
                return ExportCells(place: .element(name, index), cells: [section] + ExportCells.fields.dropFirst().map { _ in nil })
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

    /// The object at the input, `{` to its `}`, byte for byte as written.
    private func objectBytes() throws -> [UInt8] {
        var out: [UInt8] = []
        var depth = 0
        while let byte = input.peek() {
            if byte == UInt8(ascii: "\"") { try copyString(into: &out); continue }
            out.append(byte)
            input.skip(1)
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return out }
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

/// A file's bytes a megabyte at a time, or bytes already in memory.
final class ByteReader {
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private var at = 0

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    init(bytes: [UInt8]) {
        handle = nil
        buffer = bytes
    }

    deinit { try? handle?.close() }

    func peek() -> UInt8? {
        if at == buffer.count {
            guard let handle else { return nil }
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
