import Foundation
import VacancyLedger

/// The year-end export's document: the JSON of `year`, `headHash`, `rowCount`,
/// `pendingCount`, `lettings` and `pendingAtYearEnd` (`ExportLine`s), or one CSV table,
/// written row by row by `ExportStreamWriter` and read back by `ExportFile`.
///
/// CSV is one table: `section` is `letting`, `pending` (offers unanswered at year-end) or,
/// in the last row, `total`: the number of letting rows in `number`, the year's first and
/// last day in the date columns, and the ledger's head hash in `hash`; a signed export has
/// one more row, of section `signature`.
enum ExportDocument {
    /// The CSV total row: the letting count, the year's first and last day, the head hash.
    static func csvTotal(year: Int, rowCount: Int, headHash: String) -> [String] {
        var total = Array(repeating: "", count: ExportLine.csvKeys.count)
        func put(_ key: String, _ value: String) { total[ExportLine.csvKeys.firstIndex(of: key)!] = value }
        put("section", "total")
        put("number", String(rowCount))
        put("vacancyDate", "\(year)-01-01")
        put("lettingDate", "\(year)-12-31")
        put("hash", headHash)
        return total
    }

    /// The CSV signature row of a signed export: section `signature`, the line in `hash`.
    static func csvSignature(_ line: String) -> [String] {
        var row = Array(repeating: "", count: ExportLine.csvKeys.count)
        row[ExportLine.csvKeys.firstIndex(of: "section")!] = "signature"
        row[ExportLine.csvKeys.firstIndex(of: "hash")!] = line
        return row
    }
}

/// The fields of one letting (or offer pending at year-end) of the export, named once:
/// `Field` lists them in the export's order, `put(_:of:into:)` says what each holds, and
/// every form is written from that: CSV bytes (`CSVRowWriter`), the JSON object of each
/// row (`JSONMembers`), and the CSV header (`csvKeys`).
enum ExportLine {
    /// The JSON keys in order; the CSV has `section` first, then these.
    enum Field: String, CaseIterable {
        case vacancy, organisation, department, staircase, step, number, unit, vacancyDate, lettingDate, route, criteria,
             rehousing, offered, outcome, withheld, policyVersion, rules, hash
    }

    static func put(_ field: Field, of row: ExportRow, into sink: inout some ListingFieldSink) {
        switch field {
        case .vacancy: sink.number(Int(row.vacancy))
        // Ids and hashes hold no delimiter, quote or line break (`DepartmentID`, the
        // schema's hex CHECK): words, copied into the CSV without a scan for quoting.
        case .organisation: sink.word(row.organisation)
        case .department: sink.word(row.department.rawValue)
        case .staircase: sink.word(row.staircase.rawValue)
        case .step: sink.number(row.step)
        case .number: sink.number(row.number)
        case .unit: sink.text(row.unit)
        case .vacancyDate: sink.date(row.vacancyDate)
        case .lettingDate: sink.date(row.lettingDate)
        case .route: sink.word(row.route.rawValue)
        case .criteria: sink.words(row.criteria, between: UInt8(ascii: ";"))
        case .rehousing: sink.flag(row.rehousing)
        case .offered: sink.flag(row.offered)
        case .outcome: sink.word(row.outcome?.rawValue)
        case .withheld: sink.word(row.withheld?.rawValue)
        case .policyVersion: sink.number(row.policyVersion)
        case .rules: sink.words(row.rules, between: UInt8(ascii: " "))
        case .hash: sink.word(row.hash)
        }
    }

    /// The CSV columns: `section`, then the JSON keys in their order.
    static let csvKeys = ["section"] + Field.allCases.map(\.rawValue)

    /// `row`'s CSV line, in `csvKeys`' order and `CSVText`'s quoting, written as bytes straight
    /// from its values, without a `String` per cell. `verify --export` compares a file's rows
    /// with these bytes.
    static func appendCSV(_ row: ExportRow, to out: inout [UInt8], delimiter: UnicodeScalar) {
        CSVRowWriter.append(to: &out, delimiter: delimiter) { csv in
            csv.word(row.section.rawValue)
            for field in Field.allCases { put(field, of: row, into: &csv) }
        }
    }

    /// `row` as the export's JSON object, every key present (`null` where there is no value).
    static func json(_ row: ExportRow) -> JSONValue {
        JSONMembers.object(Field.self) { put($0, of: row, into: &$1) }
    }
}

/// The export written as it is read from the ledger, row by row — the JSON of
/// `ExportDocument` (its keys in order, pretty-printed) or its CSV — so a year of a whole
/// country's lettings never sits in memory. The golden files hold the bytes.
final class ExportStreamWriter {
    enum Format { case json, csv(excel: Bool) }
    private let format: Format
    private let out: BufferedOutput
    private var header: ExportHeader?
    private var inPending = false
    private var first = true
    private var signed: Digest?
    /// Letting rows written (the CSV total row's count).
    private(set) var lettings = 0
    private(set) var pending = 0

    /// Whether the format declares its counts before its rows (JSON).
    var needsCountsFirst: Bool { if case .json = format { true } else { false } }

    /// A checkpoint key's file text and path: the export ends with its signature line.
    private let key: (text: String, file: String)?
    private final class Digest { var value = ExportSignature.Digest() }

    /// Written into `out`, the command's own buffer (a second buffer in between copied
    /// every chunk once more, and decoded it back into a `String`).
    init(format: Format, out: BufferedOutput, key: (text: String, file: String)? = nil) {
        self.format = format
        self.out = out
        self.key = key
    }

    private func put(_ text: String) throws { try out.put(text) }

    func begin(_ h: ExportHeader) throws {
        header = h
        if let key {
            // Fails before a byte is written if the key file is not a key.
            _ = try ExportSignature.sign(year: h.year, head: h.headHash, sha256: "", keyFileText: key.text, keyFile: key.file)
            let digest = Digest()
            out.observe = { digest.value.update($0) }
            signed = digest
        }
        switch format {
        case .json:
            try put("{\n  \"year\": \(h.year),\n  \"headHash\": \(JSONValue.string(h.headHash).serialized()),\n"
                    + "  \"rowCount\": \(h.lettings ?? 0),\n  \"pendingCount\": \(h.pending ?? 0),\n  \"lettings\": [")
        case let .csv(excel):
            var text = excel ? "\u{FEFF}" : ""
            CSVText.append(ExportLine.csvKeys, to: &text, delimiter: excel ? ";" : ",")
            try put(text)
        }
    }

    func add(_ row: ExportRow) throws {
        if row.section == .letting { lettings += 1 } else { pending += 1 }
        switch format {
        case .json:
            if row.section == .pending && !inPending {
                try closeArray()
                try put(",\n  \"pendingAtYearEnd\": [")
                inPending = true
                first = true
            }
            try put((first ? "\n    " : ",\n    ") + ExportLine.json(row).pretty(level: 2))
            first = false
        case let .csv(excel):
            try out.putBytes { ExportLine.appendCSV(row, to: &$0, delimiter: excel ? ";" : ",") }
        }
    }

    private func closeArray() throws { try put(first ? "]" : "\n  ]") }

    func end() throws {
        guard let h = header else { return }
        switch format {
        case .json:
            if !inPending {
                try closeArray()
                try put(",\n  \"pendingAtYearEnd\": [")
                first = true
            }
            try closeArray()
            if let line = try signature(h) {
                try put(",\n  \"signature\": \(JSONValue.string(line).serialized())")
            }
            try put("\n}\n")
        case let .csv(excel):
            var text = ""
            let delimiter: UnicodeScalar = excel ? ";" : ","
            CSVText.append(ExportDocument.csvTotal(year: h.year, rowCount: lettings, headHash: h.headHash), to: &text,
                           delimiter: delimiter)
            try put(text)
            if let line = try signature(h) {
                var row = ""
                CSVText.append(ExportDocument.csvSignature(line), to: &row, delimiter: delimiter)
                try put(row)
            } else {
                // Earlier releases ended the file with one more LF after the last CRLF (an empty
                // line every CSV reader skips); kept, so an unsigned export's bytes do not change.
                try put("\n")
            }
        }
        try out.flush()
    }

    /// The signature line over every byte written so far, when signing.
    private func signature(_ h: ExportHeader) throws -> String? {
        guard let key, let signed else { return nil }
        try out.flush()
        out.observe = nil
        return try ExportSignature.sign(year: h.year, head: h.headHash, sha256: signed.value.finalize(),
                                        keyFileText: key.text, keyFile: key.file).line
    }
}
