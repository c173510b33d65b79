public import VacancyLedger
import ArgumentParser
import Foundation


/// `--db PATH` on every command; else `$VACANCY_LEDGER_DB`; else `./vacancy-ledger.sqlite`.
/// `--server URL` (or `$VACANCY_LEDGER_SERVER`, unless `--db` is given) sends the command
/// to a served ledger instead, with `$VACANCY_LEDGER_TOKEN`.
package struct DatabaseOptions: ParsableArguments {
    package init() {}

    @Option(name: .long, help: ArgumentHelp(Phrase.optTheLedgerFile.text(), discussion: Phrase.optDefaultDB.text(), valueName: "PATH"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(Phrase.optAServedLedgerVacancy.text(), discussion: Phrase.optDefaultServer.text(), valueName: "URL"))
    var server: String?

    package func validate() throws {
        if db != nil && server != nil { throw ValidationError("--db and --server cannot be combined (accepted: one of them)") }
    }

    /// The server the command goes to, if any.
    package var serverURL: String? {
        if let server { return server }
        if db != nil { return nil }
        return environmentValue("VACANCY_LEDGER_SERVER").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `operation` on the local file or sends it to the server, writing its output to
    /// standard output (or through the file `file` opens), and exits with its code when that
    /// is not 0. The file is opened only after the command is handed to the network (if it goes
    /// there), so a hand-over leaves nothing behind.
    func perform<Operation: LedgerOperation>(_ operation: Operation, file openFile: () throws -> OutputFile.Writer? = { nil }) throws {
        if serverURL != nil { try Network.frontend.takeOver() }
        let file = try openFile()
        let out = file.map { file in BufferedOutput(bytes: { try file.write(bytes: $0) }) } ?? BufferedOutput()
        let code: Int32
        if let serverURL {
            code = try Network.frontend.perform(operation, server: serverURL, out: out)
        } else {
            try operation.checkFormat()
            let ledger = Operation.writes ? try openForWriting() : try openForReading()
            code = try operation.perform(on: ledger, out: out)
        }
        try out.flush()
        try file?.commit()
        for note in out.notes { FileHandle.standardError.write(Data((TextRules.oneLine(note) + "\n").utf8)) }
        if code != 0 { throw ExitCode(code) }
    }

    /// A command that only works on a local file refuses `--server` with one clear line.
    func requireLocal(_ command: String) throws {
        if serverURL != nil {
            throw ValidationError("`\(command)` works on a local ledger file only (accepted: --db PATH, without --server or $VACANCY_LEDGER_SERVER)")
        }
    }

    package var path: String {
        db ?? environmentValue("VACANCY_LEDGER_DB").flatMap { $0.isEmpty ? nil : $0 }
            ?? "vacancy-ledger.sqlite"
    }

    func openForWriting() throws -> Ledger { try Ledger.open(path: path, readOnly: false, now: fixedNow) }

    /// `$VACANCY_LEDGER_NOW` fixes the `recorded_at` time stamp, so test ledgers (and their
    /// hashes) are reproducible. Not for production use.
    package var fixedNow: (@Sendable () -> String)? {
        guard let value = environmentValue("VACANCY_LEDGER_NOW") else { return nil }
        return { value }
    }
    func openForReading() throws -> Ledger { try Ledger.open(path: path, readOnly: true) }
}

/// The value of an environment variable, if set. Read with `getenv`: `ProcessInfo`'s
/// `environment` copies the whole environment into a dictionary on every call.
package func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// `--by NAME`: the clerk; defaults to `$USER`, else `unknown`.
struct ClerkOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(Phrase.optWhoRecordsTheEntry.text(), valueName: "NAME"))
    var by: String?

    var name: String {
        let value = by ?? environmentValue("USER").flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        return normalised(value)
    }
}

/// The CLI's output formats, one for every command: each accepts those its formatters
/// write (`text|json` for a decision, `table|json|csv` for an audit …).
package enum OutputFormat: String, RawValueArgument {
    case text, table, json, csv

    /// Not listed by the parser: each command's help names the formats it writes, and a
    /// listed value must be one the command accepts.
    package static var allValueStrings: [String] { [] }

    /// A usage error (exit 64) unless the command writes this format.
    func require(_ accepted: OutputFormat...) throws {
        guard accepted.contains(self) else {
            throw ValidationError("--format \(rawValue) is not written by this command (accepted: \(accepted.map(\.rawValue).joined(separator: ", ")))")
        }
    }
}

/// An option whose values are a string enum's raw values. Its help values are spelled from
/// them: ArgumentParser's defaults reach them through string interpolation of generic values,
/// i.e. conformance lookups that the Swift runtime answers by scanning every conformance
/// record in the binary, at every process's start.
package protocol RawValueArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension RawValueArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var allValueDescriptions: [String: String] { [:] }
    public var defaultValueDescription: String { rawValue }
}

extension Staircase: RawValueArgument {}
extension Outcome: RawValueArgument {}

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
    @Option(help: ArgumentHelp(Phrase.optAreaOmrDetrappenOr.text()))
    var staircase: Staircase

    @Option(help: ArgumentHelp(Phrase.optStep12On.text()))
    var step: Int

    @Option(name: .customLong("base-step"), help: ArgumentHelp(Phrase.optDepartmentStaircaseStepOn.text()))
    var baseStep: Int?

    @Flag(name: .customLong("at-risk"), help: ArgumentHelp(Phrase.optDepartmentStep1May.text()))
    var atRisk = false

    @Flag(help: ArgumentHelp(Phrase.optDepartmentStep2Exempt.text()))
    var exempt = false

    @Option(help: ArgumentHelp(Phrase.optDwellingsReservedForFixed.text()))
    var reserved: Int = 0

    @Option(help: ArgumentHelp(Phrase.optAreaStep1The.text()))
    var criteria: CriteriaList?

    @Option(help: ArgumentHelp(Phrase.optEffectiveDateYYYYMM.text()))
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
