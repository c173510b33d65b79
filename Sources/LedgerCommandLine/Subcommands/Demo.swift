import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SampleLedgers
import VacancyLedger

extension VacancyLedgerCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "demo",
            abstract: Phrase.help16.text(),
            discussion: "Writes a fresh ledger file (default ./vacancy-ledger-demo.sqlite, replaced if it is a ledger), generates the sample city (343 departments, about 50,000 dwellings, the vacancies of 2024–2027 with the municipality's answers), replays it in date order, prints the city audit by step and the year-end summary, and verifies the ledger. --small uses the 8-department sample of SampleData/ instead.")

        @Option(help: ArgumentHelp(Phrase.optTheDemoLedgerFile.text(), valueName: "PATH"))
        var db = "vacancy-ledger-demo.sqlite"

        @Flag(help: ArgumentHelp(Phrase.optTheSmallSample8.text())) var small = false

        @Option(help: ArgumentHelp(Phrase.optTheCityGeneratorS.text())) var seed: UInt64 = CityGenerator.defaultSeed

        func run() throws {
            // Replaces only a previous demo ledger (or one a crash left half-made), never another
            // file and never a ledger in which anyone but the demo recorded anything.
            if FileManager.default.fileExists(atPath: db), !Ledger.isReplaceable(path: db) {
                guard try Ledger.open(path: db, readOnly: true).isEntirelyRecorded(by: "demo") else {
                    throw LedgerError.notADemoLedger(path: db)
                }
            }
            // For people: one line that is rewritten on a terminal and cleared when done, else
            // nothing but the summary (log lines only with VACANCY_LEDGER_LOG).
            let bar = ProgressLine(name: "demo")
            let progress = { (step: SampleCity.Progress) in
                switch step {
                case let .departments(count): bar.show(0, of: 1, note: Phrase.demoDepartments.text(Local.count(count)))
                case let .events(done, total): bar.show(done, of: total, note: Phrase.demoEvents.text(Local.count(done), Local.count(total)))
                }
                Diagnostics.logger.debug("\(step)")
            }
            defer { bar.clear() }
            var built: SampleCity.Summary?
            // Built whole beside the old demo and renamed over it: a crash leaves one or the other.
            try Ledger.rebuild(path: db, by: "demo") { ledger in
                try ledger.relaxDurabilityForBulkLoad()
                built = small ? try SampleCity.build(into: ledger, by: "demo", progress: progress)
                              : try SampleCity.buildCity(into: ledger, seed: seed, by: "demo", progress: progress)
            }
            bar.clear()  // before the summary goes to standard output
            guard let summary = built else { return }
            let ledger = try Ledger.open(path: db, readOnly: true)
            emit(Phrase.demoSummary.text(db, Local.count(summary.departments), Local.count(summary.vacancies), Local.count(summary.offers),
                                         Local.count(summary.settlements), Local.count(summary.refusedBySettlementCheck)) + "\n")
            emit(TextFormatter.audit(try ledger.audit(small ? AuditRequest() : AuditRequest(grouping: .step)), width: TerminalWidth.current()))
            if !small, let year = try ledger.policies().first?.policy.period.start.year {
                emit("\n" + ReportFields.table(try ledger.report(year: year), width: TerminalWidth.current()))
            }
            let verify = try ledger.verify()
            emit("\n" + (verify.isClean ? Phrase.demoVerifyOK.text(Local.count(verify.entries), verify.headHash.prefix(16))
                                         : verify.faults.map { Phrase.verifyFault.text($0) }.joined(separator: "; ")))
            emit("\n" + Phrase.demoNext.text("vacancy-ledger explain 1 --db \(db)   ·   vacancy-ledger audit --db \(db) --format json"))
            if !verify.isClean { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
        }
    }
}
