import ArgumentParser
import VacancyLedger

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One-in-three compliance per department and agreement period, with totals.",
        discussion: "Without a window: the stored counters of every period. --year or --from/--to count the vacancies dated in the window (calendar dates, both ends inclusive), each with its outcome as it stands now.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Only this department.") var department: String?
    @Option(help: "A calendar year.") var year: Int?
    @Option(help: "Window start, YYYY-MM-DD (inclusive).") var from: String?
    @Option(help: "Window end, YYYY-MM-DD (inclusive).") var to: String?
    @Flag(help: "Exit 4 if any row is in breach.") var strict = false
    @Option(help: "table, json or csv.") var format: Format = .table

    func validate() throws {
        if year != nil && (from != nil || to != nil) { throw ValidationError("--year cannot be combined with --from/--to") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
    }

    func run() throws {
        let window: AuditWindow? = if let year { try AuditWindow(year: year) } else if let from, let to {
            try AuditWindow(from: from, to: to)
        } else { nil }
        let report = try database.openForReading().audit(department: department, window: window)
        switch format {
        case .table: emit(TextFormatter.audit(report))
        case .json: emit(JSONFormatter.audit(report).serialized())
        case .csv: emit(CSVFormatter.audit(report))
        }
        if strict && report.hasBreach { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
    }
}
