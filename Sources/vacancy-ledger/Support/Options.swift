public import VacancyLedger
public import ArgumentParser
import Foundation


/// `--db PATH` on every command; else `$VACANCY_LEDGER_DB`; else `./vacancy-ledger.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file.", discussion: "Default: $VACANCY_LEDGER_DB, else ./vacancy-ledger.sqlite.", valueName: "PATH"))
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["VACANCY_LEDGER_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "vacancy-ledger.sqlite"
    }

    func openForWriting() throws -> Ledger { try Ledger.open(path: path, readOnly: false, now: fixedNow) }

    /// `$VACANCY_LEDGER_NOW` fixes the `recorded_at` time stamp, so test ledgers (and their
    /// hashes) are reproducible. Not for production use.
    var fixedNow: (@Sendable () -> String)? {
        guard let value = ProcessInfo.processInfo.environment["VACANCY_LEDGER_NOW"] else { return nil }
        return { value }
    }
    func openForReading() throws -> Ledger { try Ledger.open(path: path, readOnly: true) }
}

/// `--by NAME`: the clerk; defaults to `$USER`, else `unknown`.
struct ClerkOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Who records the entry (default: $USER, else unknown).", valueName: "NAME"))
    var by: String?

    var name: String {
        let value = by ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        return normalised(value)
    }
}

/// The CLI's output formats, one for every command: each accepts those its formatters
/// write (`text|json` for a decision, `table|json|csv` for an audit …).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, table, json, csv

    /// A usage error (exit 64) unless the command writes this format.
    func require(_ accepted: OutputFormat...) throws {
        guard accepted.contains(self) else {
            throw ValidationError("--format \(rawValue) is not written by this command (accepted: \(accepted.map(\.rawValue).joined(separator: ", ")))")
        }
    }
}

extension Staircase: ExpressibleByArgument {}
extension Outcome: ExpressibleByArgument {}

/// `--criteria employment,convictions,education,income`.
struct CriteriaList: ExpressibleByArgument {
    var criteria: [Criterion]
    init?(argument: String) {
        guard let list = Criterion.parseList(argument), !list.isEmpty else { return nil }
        criteria = list
    }
    static var allValueStrings: [String] { Criterion.allCases.map(\.rawValue) }
}

/// The placement flags shared by `department add` and `department place`.
struct PlacementOptions: ParsableArguments {
    @Option(help: "area (områdetrappen) or department (afdelingstrappen).")
    var staircase: Staircase

    @Option(help: "Step: 1–2 on the area staircase, 1–4 on the department staircase.")
    var step: Int

    @Option(name: .customLong("base-step"), help: "Department-staircase step on the period's start (drives R3); default: the step, or the one already fixed for the period.")
    var baseStep: Int?

    @Flag(name: .customLong("at-risk"), help: "Department step 1: may withhold the fourth dwelling (G2).")
    var atRisk = false

    @Flag(help: "Department step 2: exempt from extra delivery (G3).")
    var exempt = false

    @Option(help: "Dwellings reserved for fixed referral (R5); department staircase only.")
    var reserved: Int = 0

    @Option(help: "Area step 1: the risk-zone criteria exceeded (R2), comma-separated: employment,convictions,education,income.")
    var criteria: CriteriaList?

    @Option(help: "Effective date YYYY-MM-DD (default: the first day of the earliest agreement period).")
    var from: String?

    func validate() throws {
        guard (1...4).contains(step) else { throw ValidationError("--step \(step) is not a step (accepted: 1–2 on area, 1–4 on department)") }
        if let baseStep, !(1...4).contains(baseStep) {
            throw ValidationError("--base-step \(baseStep) is not a step (accepted: 1–4)")
        }
        guard reserved >= 0 else { throw ValidationError("--reserved \(reserved) (accepted: 0 or more)") }
    }

    var spec: PlacementSpec {
        PlacementSpec(staircase: staircase, step: step, baseStep: baseStep, atRisk: atRisk, exempt: exempt,
                      reserved: reserved, criteria: criteria?.criteria ?? [], from: from)
    }
}
