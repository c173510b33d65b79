import ArgumentParser
import Foundation
import VacancyLedger

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a sample ledger from the embedded sample data and print its audit.",
        discussion: "Writes a fresh ledger file (default ./vacancy-ledger-demo.sqlite, replaced if it is a ledger), imports eight sample departments, replays 156 vacancies of 2024–2025 with the municipality's answers, prints the audit and verifies the ledger.")

    @Option(help: ArgumentHelp("The demo ledger file (replaced if it is a ledger).", valueName: "PATH"))
    var db = "vacancy-ledger-demo.sqlite"

    func run() throws {
        try removeOldDemo()
        let (ledger, _) = try Ledger.initialise(path: db, policySource: nil, by: "demo")
        let summary = try SampleCity.build(into: ledger, by: "demo") { Diagnostics.logger.info("\($0)") }
        emit("Demo ledger \(db): \(summary.departments) departments, \(summary.vacancies) vacancies, \(summary.offers) offered to the municipality, \(summary.settlements) answered (\(summary.refusedBySettlementCheck) realised answers refused by S1 and recorded as returned).\n")
        emit(TextFormatter.audit(try ledger.audit()))
        let verify = try ledger.verify()
        emit("\nverify: " + (verify.isClean ? "ok (\(verify.entries) entries, head \(verify.headHash.prefix(16))…)" : verify.faults.joined(separator: "; ")))
        emit("\nNext: vacancy-ledger explain 1 --db \(db)   ·   vacancy-ledger audit --db \(db) --format json")
        if !verify.isClean { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
    }

    /// Replaces only a previous demo ledger, never another file.
    private func removeOldDemo() throws {
        guard FileManager.default.fileExists(atPath: db) else { return }
        _ = try Ledger.open(path: db, readOnly: true)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
            try FileManager.default.removeItem(atPath: db + suffix)
        }
    }
}
