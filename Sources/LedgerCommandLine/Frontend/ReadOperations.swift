import Foundation
import VacancyLedger

/// `audit`.
struct AuditOperation: LedgerOperation {
    static let name = "audit"
    static let formats: [OutputFormat] = [.table, .json, .csv]
    var department: String?
    var year: Int?
    var from: String?
    var to: String?
    var by: String?
    var pendingOver: Int?
    var asOf: String?
    var strict: Bool?
    var failAtLimit: Bool?
    var format: OutputFormat?
    /// The width the text table fits (the client's terminal), and whether to keep every column.
    var columns: Int?
    var wide: Bool?
    /// At-limit rows amber and breaches red (the client's terminal, without `NO_COLOR`).
    var colour: Bool?

    /// Only a strict audit exits 4 and names its failing rows in notes, which travel in
    /// headers before the body: every other audit streams.
    var streamsItsAnswer: Bool { strict != true && failAtLimit != true }

    /// The flags' combinations: checked here once, for the service and, before anything is
    /// opened, for the command line (`asUsageError`).
    func checkFlags() throws {
        if year != nil && (from != nil || to != nil) {
            throw LedgerError.invalid(.year, value: year.map(String.init) ?? "", accepted: .oneOf(["--year or --from/--to, not both"]))
        }
        try requireBothOrNeither(from: from, to: to)
        if let pendingOver, !(0...Ledger.maxDays).contains(pendingOver) {
            throw LedgerError.invalid(.pendingOver, value: String(pendingOver), accepted: .oneOf(["0 to \(Ledger.maxDays) days"]))
        }
        try checkColumns(columns)
    }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        try checkFlags()
        let grouping = try by.map { value in
            try AuditGrouping(rawValue: value).orThrow(LedgerError.invalid(.grouping, value: value, accepted: .oneOf(AuditGrouping.allCases.map(\.rawValue))))
        } ?? .department
        let window: AuditWindow? = if let year { try AuditWindow(year: year) } else if let from, let to {
            try AuditWindow(from: from, to: to)
        } else { nil }
        let reference = try asOf.map { try Ledger.parseDate($0, .asOf) } ?? copenhagenToday()
        let report = try ledger.audit(AuditRequest(department: department, window: window, grouping: grouping,
                                                   pendingOverDays: pendingOver, asOf: pendingOver == nil ? nil : reference))
        switch resolvedFormat {
        case .json: try out.line(JSONFormatter.audit(report).serialized())
        case .csv: try out.line(CSVFormatter.audit(report))
        default: try out.line(TextFormatter.audit(report, width: wide == true ? nil : max(40, columns ?? TerminalWidth.fallback), colour: colour == true))
        }
        // --fail-at-limit implies --strict (CLI.md); each failing department and period is
        // named on stderr, one line each.
        let failAtLimit = failAtLimit == true
        guard strict == true || failAtLimit else { return 0 }
        let failing = report.departmentRows.filter { $0.status == .breach || (failAtLimit && $0.status == .atLimit) }
        for row in failing { out.note(TextFormatter.strictFailure(row)) }
        return failing.isEmpty ? 0 : Diagnostics.Code.checkFailed.rawValue
    }
}

/// `vacancies`.
struct VacanciesOperation: LedgerOperation {
    static let name = "vacancies"
    static let isHeavyRead = true
    static let streamsAnswer = true
    static let formats: [OutputFormat] = [.table, .json, .csv]
    var department: String?
    var from: String?
    var to: String?
    var format: OutputFormat?
    /// The width the table fits (the client's terminal), or every column.
    var columns: Int?
    var wide: Bool?

    func checkFlags() throws {
        try requireBothOrNeither(from: from, to: to)
        try checkColumns(columns)
    }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        try checkFlags()
        let window = try from.flatMap { from in try to.map { try AuditWindow(from: from, to: $0) } }
        // JSON and CSV stream from the ledger's cursor; a table needs its widths, so it is
        // for people (one department, a window), not a whole country's history.
        switch resolvedFormat {
        case .json:
            var first = true
            try out.put("[")
            try ledger.vacancies(department: department, window: window) { v in
                try out.put((first ? "" : ",") + VacancyFields.json(v).serialized())
                first = false
            }
            try out.put("]\n")
        case .csv:
            var line = ""
            CSVText.append(VacancyFields.keys, to: &line)
            try out.put(line)
            try ledger.vacancies(department: department, window: window) { v in
                try out.putBytes { VacancyFields.appendCSV(v, to: &$0) }
            }
            // An empty line at the end, as earlier releases wrote (`emit` after the last CRLF).
            try out.put("\n")
        default:
            var list: [VacancyListing] = []
            try ledger.vacancies(department: department, window: window) { list.append($0) }
            let header: [Phrase] = [.colVacancy, .colDepartment, .colNumber, .colDate, .colUnit, .colRoute, .colOffers, .colWithheld,
                                    .colStatus, .colRules, .colBy, .colVoided]
            var table = TextTable(header: header.map { $0.text() }, rightAligned: [0, 2])
            for v in list {
                table.rows.append([String(v.id), v.department.rawValue, String(v.number), Local.date(v.date), v.unit,
                                   Words.term(v.currentRoute.rawValue), v.offered ? Local.flag(true) : "", v.withheld.map { Words.term($0.rawValue) } ?? "",
                                   Words.term(v.status.rawValue), v.rules.map(\.rawValue).joined(separator: " "),
                                   v.recordedBy, v.isVoided ? Local.flag(true) : ""])
            }
            // Dropped first: the rule ids, who logged it, the offer and withheld marks, the number.
            table = table.fitted(to: wide == true ? nil : max(40, columns ?? TerminalWidth.fallback), drop: [9, 10, 6, 7, 2], shrink: 4, minimum: 8)
            try out.line(table.render())
        }
        return 0
    }
}

/// `export`: streamed from the ledger's cursor.
struct ExportOperation: LedgerOperation {
    static let name = "export"
    static let isHeavyRead = true
    static let streamsAnswer = true
    static let formats: [OutputFormat] = [.csv, .json]
    var year: Int
    var excel: Bool?
    var format: OutputFormat?
    /// The checkpoint key's file text and path: the export is signed. The service fills it
    /// from its own configuration, as for checkpoints.
    var keyText: String?
    var keyFile: String?

    mutating func configure(for service: ServiceSettings) {
        keyText = service.checkpointKey?.text
        keyFile = service.checkpointKey?.file
    }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let writer = ExportStreamWriter(format: resolvedFormat == .json ? .json : .csv(excel: excel ?? false), out: out,
                                        key: keyText.map { ($0, keyFile ?? "") })
        try ledger.export(year: year, countsFirst: writer.needsCountsFirst, header: { try writer.begin($0) }, row: writer.add)
        try writer.end()
        return 0
    }
}

/// `department list`, or `department show ID` with `id`.
struct DepartmentsOperation: LedgerOperation {
    static let name = "departments"
    static let formats: [OutputFormat] = [.text, .json]
    var id: String?
    var format: OutputFormat?

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        if let id {
            let detail = try ledger.department(id)
            try out.line(resolvedFormat == .json ? JSONFormatter.department(detail).serialized() : TextFormatter.department(detail))
        } else {
            let list = try ledger.departments()
            try out.line(resolvedFormat == .json ? JSONValue.array(list.map(JSONFormatter.department)).serialized() : TextFormatter.departments(list))
        }
        return 0
    }
}

/// `verify`, whole or `since` a checkpoint line: the one path, for the CLI on a local file
/// and for the service.
struct VerifyOperation: LedgerOperation {
    static let name = "verify"
    static let isHeavyRead = true
    static let formats: [OutputFormat] = [.text, .json]
    /// The text of a checkpoint file: only what was appended after its latest line is checked.
    var since: String?
    /// Checkpoint files' text: the ledger must still extend each.
    var checkpoints: [String]?
    var publicKey: String?
    /// SQLite's integrity and foreign-key checks too.
    var deep: Bool?
    var format: OutputFormat?
    /// The files the texts came from, as errors name them (the option's name if not given).
    var sinceFile: String?
    var checkpointFiles: [String]?
    var publicKeyFile: String?

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        let trusted = try publicKey.map { try CheckpointKey.publicKey(fromFileText: $0, file: publicKeyFile ?? "--public-key") }
        let report: VerifyReport
        if let since {
            let file = sinceFile ?? "--since"
            let found = try Checkpoint.all(in: since, file: file)
            guard let latest = found.max(by: { $0.seq < $1.seq }) else {
                throw LedgerError.badFile(.checkpoint, path: file, line: nil, problem: .empty, accepted: .fileWrittenBy("checkpoint"))
            }
            report = try ledger.verify(since: latest, trustedKey: trusted)
        } else {
            let texts = checkpoints ?? []
            let all = try texts.indices.flatMap { index in
                try Checkpoint.all(in: texts[index], file: checkpointFiles?[safe: index] ?? "--checkpoint")
            }
            report = try ledger.verify(checkpoints: all, trustedKey: trusted, deep: deep ?? false)
        }
        try out.line(resolvedFormat == .json ? JSONFormatter.verify(report).serialized() : TextFormatter.verify(report))
        return report.isClean ? 0 : Diagnostics.Code.checkFailed.rawValue
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// `checkpoint` (unsigned through the service unless it was started with a key).
struct CheckpointOperation: LedgerOperation {
    static let name = "checkpoint"
    static let formats: [OutputFormat] = [.text]
    var format: OutputFormat?
    /// The signing key's file text; the service fills it from its own configuration.
    var keyText: String?
    var keyFile: String?

    mutating func configure(for service: ServiceSettings) {
        keyText = service.checkpointKey?.text
        keyFile = service.checkpointKey?.file
    }

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        try out.line(try ledger.checkpoint(keyFileText: keyText, keyFile: keyFile ?? "").line)
        return 0
    }
}

/// `report` (text or JSON; the HTML page is written where the command runs).
struct ReportOperation: LedgerOperation {
    static let name = "report"
    static let isHeavyRead = true
    static let streamsAnswer = true
    static let formats: [OutputFormat] = [.text, .json]
    var year: Int
    var format: OutputFormat?
    /// The width the tables fit (the client's terminal), or every column.
    var columns: Int?
    var wide: Bool?

    func perform(on ledger: Ledger, out: BufferedOutput) throws -> Int32 {
        try checkColumns(columns)
        let report = try ledger.report(year: year)
        try out.line(resolvedFormat == .json ? ReportFields.json(report).serialized()
                                             : ReportFields.table(report, width: wide == true ? nil : max(40, columns ?? TerminalWidth.fallback)))
        return 0
    }
}

/// A table's width, as a client may send it: 1 to 10000 characters.
func checkColumns(_ columns: Int?) throws {
    if let columns, !(1...10_000).contains(columns) {
        throw LedgerError.invalid(.columns, value: String(columns), accepted: .oneOf(["1 to 10000 characters"]))
    }
}
