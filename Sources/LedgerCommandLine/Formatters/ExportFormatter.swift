import CSV
import Foundation
import VacancyLedger

/// The year-end export: one `Codable` document of `ExportLine`s, written as JSON or CSV
/// (RFC 4180, or Excel's semicolons with a BOM) row by row by `ExportStreamWriter`, and
/// read back from either by `verify --export`; the lines and the total row are defined here.
///
/// CSV is one table: `section` is `letting`, `pending` (offers unanswered at year-end) or,
/// in the last row, `total`: the number of letting rows in `number`, the year's first and
/// last day in the date columns, and the ledger's head hash in `hash`.
struct ExportDocument: Codable {
    var year: Int
    var headHash: String
    var rowCount: Int
    var pendingCount: Int
    var lettings: [ExportLine]
    var pendingAtYearEnd: [ExportLine]

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

    /// Reads an export back (JSON, CSV or Excel CSV), as `verify --export` checks it.
    static func read(_ text: String, path: String) throws -> ExportDocument {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        func bad(_ why: String) -> LedgerError {
            .badFile(.exportFile, path: path, line: nil, problem: .notAnExport(why), accepted: .fileWrittenBy("export"))
        }
        if text.first == "{" {
            do {
                return try JSONDecoder().decode(ExportDocument.self, from: Data(text.utf8))
            } catch {
                throw bad("not an export's JSON")
            }
        }
        // The header line decides: Excel exports use semicolons ("\r\n" is one Character).
        let headerLine = text.split(whereSeparator: \.isNewline).first ?? ""
        let delimiter: UnicodeScalar = headerLine.contains(";") ? ";" : ","
        guard let reader = try? CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter),
              let header = reader.headerRow, Set(ExportLine.csvKeys).isSubset(of: header) else {
            throw bad("not an export's CSV header")
        }
        var document = ExportDocument(year: 0, headHash: "", rowCount: 0, pendingCount: 0, lettings: [], pendingAtYearEnd: [])
        var sawTotal = false
        while let fields = reader.next(), fields.count == header.count {
            let record = Dictionary(zip(header, fields), uniquingKeysWith: { a, _ in a })
            switch record["section"] {
            case "letting": document.lettings.append(try ExportLine(csv: record, bad: bad))
            case "pending": document.pendingAtYearEnd.append(try ExportLine(csv: record, bad: bad))
            case "total":
                sawTotal = true
                document.rowCount = Int(record["number"] ?? "") ?? -1
                document.headHash = record["hash"] ?? ""
                document.year = CivilDate(record["vacancyDate"] ?? "")?.year ?? 0
            default: continue
            }
        }
        guard sawTotal, document.year > 0 else { throw bad("no total row") }
        document.pendingCount = document.pendingAtYearEnd.count
        return document
    }

    private init(year: Int, headHash: String, rowCount: Int, pendingCount: Int, lettings: [ExportLine], pendingAtYearEnd: [ExportLine]) {
        self.year = year
        self.headHash = headHash
        self.rowCount = rowCount
        self.pendingCount = pendingCount
        self.lettings = lettings
        self.pendingAtYearEnd = pendingAtYearEnd
    }
}

/// One letting (or offer pending at year-end) of the export.
struct ExportLine: Codable, Equatable {
    var vacancy: Int64
    var organisation: String
    var department: String
    var staircase: String
    var step: Int
    var number: Int
    var unit: String
    var vacancyDate: String
    var lettingDate: String?
    var route: String
    var criteria: [String]
    var rehousing: Bool
    var offered: Bool
    var outcome: String?
    var withheld: String?
    var policyVersion: Int
    var rules: [String]
    var hash: String

    init(_ r: ExportRow) {
        vacancy = r.vacancy
        organisation = r.organisation
        department = r.department.rawValue
        staircase = r.staircase.rawValue
        step = r.step
        number = r.number
        unit = r.unit
        vacancyDate = r.vacancyDate.description
        lettingDate = r.lettingDate?.description
        route = r.route.rawValue
        criteria = r.criteria.map(\.rawValue)
        rehousing = r.rehousing
        offered = r.offered
        outcome = r.outcome?.rawValue
        withheld = r.withheld?.rawValue
        policyVersion = r.policyVersion
        rules = r.rules.map(\.rawValue)
        hash = r.hash
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case vacancy, organisation, department, staircase, step, number, unit, vacancyDate, lettingDate, route, criteria,
             rehousing, offered, outcome, withheld, policyVersion, rules, hash
    }

    /// Every key, `null` included: the JSON of the export always has all of them.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vacancy, forKey: .vacancy)
        try c.encode(organisation, forKey: .organisation)
        try c.encode(department, forKey: .department)
        try c.encode(staircase, forKey: .staircase)
        try c.encode(step, forKey: .step)
        try c.encode(number, forKey: .number)
        try c.encode(unit, forKey: .unit)
        try c.encode(vacancyDate, forKey: .vacancyDate)
        try c.encode(lettingDate, forKey: .lettingDate)
        try c.encode(route, forKey: .route)
        try c.encode(criteria, forKey: .criteria)
        try c.encode(rehousing, forKey: .rehousing)
        try c.encode(offered, forKey: .offered)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(withheld, forKey: .withheld)
        try c.encode(policyVersion, forKey: .policyVersion)
        try c.encode(rules, forKey: .rules)
        try c.encode(hash, forKey: .hash)
    }

    /// The CSV columns: `section`, then the JSON keys in their order.
    static let csvKeys = ["section"] + CodingKeys.allCases.map(\.rawValue)

    /// `row`'s CSV line, in `csvKeys`' order and `CSVText`'s quoting, written as bytes straight
    /// from its values: 250,000 rows a year at 1M made 19 `String`s each.
    static func appendCSV(_ row: ExportRow, to out: inout [UInt8], delimiter: UnicodeScalar) {
        CSVRowWriter.append(to: &out, delimiter: delimiter) { csv in
            csv.word(row.section.rawValue)
            csv.number(Int(row.vacancy))
            // Ids and hashes hold no delimiter, quote or line break (`DepartmentID`, the
            // schema's hex CHECK): copied, not scanned for quoting.
            csv.word(row.organisation)
            csv.word(row.department.rawValue)
            csv.word(row.staircase.rawValue)
            csv.number(row.step)
            csv.number(row.number)
            csv.text(row.unit)
            csv.date(row.vacancyDate)
            csv.date(row.lettingDate)
            csv.word(row.route.rawValue)
            csv.words(row.criteria, between: UInt8(ascii: ";"))
            csv.flag(row.rehousing)
            csv.flag(row.offered)
            csv.word(row.outcome?.rawValue)
            csv.word(row.withheld?.rawValue)
            csv.number(row.policyVersion)
            csv.words(row.rules, between: UInt8(ascii: " "))
            csv.word(row.hash)
        }
    }

    init(csv r: [String: String], bad: (String) -> LedgerError) throws {
        func text(_ key: String) -> String { r[key] ?? "" }
        func int(_ key: String) throws -> Int {
            guard let value = Int(text(key)) else { throw bad("\(key) \(TextRules.shown(text(key))) is not a number") }
            return value
        }
        guard let vacancy = Int64(text("vacancy")) else { throw bad("vacancy \(TextRules.shown(text("vacancy"))) is not a number") }
        self.vacancy = vacancy
        organisation = text("organisation")
        department = text("department")
        staircase = text("staircase")
        step = try int("step")
        number = try int("number")
        unit = text("unit")
        vacancyDate = text("vacancyDate")
        lettingDate = text("lettingDate").isEmpty ? nil : text("lettingDate")
        route = text("route")
        criteria = text("criteria").split(separator: ";").map(String.init)
        rehousing = text("rehousing") == "true"
        offered = text("offered") == "true"
        outcome = text("outcome").isEmpty ? nil : text("outcome")
        withheld = text("withheld").isEmpty ? nil : text("withheld")
        policyVersion = try int("policyVersion")
        rules = text("rules").split(separator: " ").map(String.init)
        hash = text("hash")
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
    /// Letting rows written (the CSV total row's count).
    private(set) var lettings = 0
    private(set) var pending = 0

    /// Whether the format declares its counts before its rows (JSON).
    var needsCountsFirst: Bool { if case .json = format { true } else { false } }

    /// Written into `out`, the command's own buffer (a second buffer in between copied
    /// every chunk once more, and decoded it back into a `String`).
    init(format: Format, out: BufferedOutput) {
        self.format = format
        self.out = out
    }

    private func put(_ text: String) throws { try out.put(text) }

    func begin(_ h: ExportHeader) throws {
        header = h
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
            try put((first ? "\n    " : ",\n    ") + JSONValueEncoder.encode(ExportLine(row)).pretty(level: 2))
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
            try put("\n}\n")
        case let .csv(excel):
            var text = ""
            CSVText.append(ExportDocument.csvTotal(year: h.year, rowCount: lettings, headHash: h.headHash), to: &text,
                           delimiter: excel ? ";" : ",")
            // Earlier releases ended the file with one more LF after the last CRLF (an empty
            // line every CSV reader skips); kept, so an export's bytes do not change.
            try put(text + "\n")
        }
        try out.flush()
    }
}
