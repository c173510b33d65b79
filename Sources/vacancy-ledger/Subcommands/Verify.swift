import ArgumentParser
import VacancyLedger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the ledger: SQLite integrity, the hash chain, and the counters against a recount (exit 4 on any fault).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Output format: text or json.") var format: DecisionFormat = .text

    func run() throws {
        let report = try database.openForReading().verify()
        emit(format == .json ? JSONFormatter.verify(report).serialized() : TextFormatter.verify(report))
        if !report.isClean { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
    }
}
