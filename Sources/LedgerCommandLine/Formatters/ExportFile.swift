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
///
/// A row is kept as its bytes where it can be (a CSV row whose columns are in the export's
/// order, a JSON row's object) and split into cells only when asked: two rows with the same
/// bytes hold the same cells, so a file that matches is compared without a `String` per cell.
struct ExportCells {
    var place: ExportPlace?
    private var storage: Storage

    private enum Storage {
        /// The CSV row as written, its line break left out, in the export's column order.
        case csv([UInt8], delimiter: UInt8)
        /// A JSON row's object, `{` to `}`, as written (pretty-printed as `export` does).
        case json([UInt8], section: String)
        case cells([String?])
    }

    /// One per field; a short row's missing cells are `nil`.
    var cells: [String?] {
        switch storage {
        case let .cells(cells): return cells
        case let .csv(bytes, delimiter):
            let split = CSVSplit.cells(bytes, delimiter: delimiter)
            return ExportCells.fields.indices.map { $0 < split.count ? split[$0] : nil }
        case let .json(bytes, section):
            let members = JSONRows.members(of: bytes) ?? [:]
            return [section] + ExportCells.fields.dropFirst().map { members[$0] }
        }
    }

    var section: String {
        switch storage {
        case let .json(_, section): return section
        // The section is a vocabulary word, unquoted unless the file was edited.
        case let .csv(bytes, delimiter) where bytes.first != UInt8(ascii: "\""):
            return String(decoding: bytes.prefix { $0 != delimiter }, as: UTF8.self)
        default: return cells[0] ?? ""
        }
    }

    var vacancy: String { cells[1] ?? "" }
    /// What rows are matched by: one vacancy appears once in each section.
    var key: String { let cells = cells; return (cells[0] ?? "") + "\u{1F}" + (cells[1] ?? "") }

    static let fields = ExportLine.csvKeys
    static func index(_ field: String) -> Int { fields.firstIndex(of: field)! }

    /// The ledger's row as `export` writes it in `format`.
    init(_ row: ExportRow, format: ExportFile.Format) {
        place = nil
        switch format {
        case let .csv(delimiter):
            var line: [UInt8] = []
            ExportLine.appendCSV(row, to: &line, delimiter: delimiter)
            line.removeLast(2)   // CRLF
            storage = .csv(line, delimiter: UInt8(delimiter.value))
        case .json:
            storage = .json(Array(ExportLine.json(row).pretty(level: 2).utf8), section: row.section.rawValue)
        }
    }

    init(place: ExportPlace?, cells: [String?]) {
        self.place = place
        storage = .cells(cells)
    }

    init(place: ExportPlace?, bytes: [UInt8], delimiter: UInt8) {
        self.place = place
        storage = .csv(bytes, delimiter: delimiter)
    }

    init(place: ExportPlace?, object: [UInt8], section: String) {
        self.place = place
        storage = .json(object, section: section)
    }

    /// Whether the two rows are the same bytes in the same form, and so the same in every field.
    func sameBytes(as other: ExportCells) -> Bool {
        switch (storage, other.storage) {
        case let (.csv(a, x), .csv(b, y)): x == y && a == b
        case let (.json(a, s), .json(b, t)): s == t && a == b
        default: false
        }
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
            let cells = CSVSplit.cells(line.text.utf8, delimiter: UInt8(delimiter.value))
            guard cells.count == ExportCells.fields.count else { continue }
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
