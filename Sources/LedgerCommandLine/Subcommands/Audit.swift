import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "audit",
            abstract: Phrase.help35.text(),
            discussion: Phrase.discAudit.text())


        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Phrase.optOnlyThisDepartment.text())) var department: String?
        @Option(help: ArgumentHelp(Phrase.optACalendarYear1.text())) var year: Int?
        @Option(help: ArgumentHelp(Phrase.optWindowStartYYYYMM.text())) var from: String?
        @Option(help: ArgumentHelp(Phrase.optWindowEndYYYYMM.text())) var to: String?
        @Option(name: .customLong("group-by"), help: ArgumentHelp(Phrase.optRollUpByDepartment.text())) var grouping: AuditGrouping = .department
        /// The roll-up's old spelling, which elsewhere names the clerk: still taken for one
        /// release, with a hint (README, "One flag, one meaning").
        @Option(name: .customLong("by"), help: .hidden) var oldGrouping: String?
        @Option(name: .customLong("pending-over"), help: ArgumentHelp(Phrase.optAlsoCountOffersPending.text())) var pendingOver: Int?
        @Option(name: .customLong("as-of"), help: ArgumentHelp(Phrase.optTheDatePendingOver.text())) var asOf: String?
        @Flag(help: ArgumentHelp(Phrase.optExit4IfAny.text())) var strict = false
        @Flag(name: .customLong("fail-at-limit"), help: ArgumentHelp(Phrase.optImpliesStrictExit4.text())) var failAtLimit = false
        @Option(help: ArgumentHelp(Phrase.optTableJsonOrCsv.text())) var format: OutputFormat?
        @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp(Phrase.optWriteToThisFile2.text())) var out: String?
        @Flag(help: ArgumentHelp(Phrase.optEveryColumnOfThe.text())) var wide = false

        private var chosenGrouping: AuditGrouping { oldGrouping.flatMap(AuditGrouping.init(rawValue:)) ?? grouping }

        private func operation(format: OutputFormat?) -> AuditOperation {
            AuditOperation(department: department, year: year, from: from, to: to, by: chosenGrouping.rawValue,
                           pendingOver: pendingOver, asOf: asOf, strict: strict, failAtLimit: failAtLimit, format: format,
                           columns: out == nil ? TerminalWidth.current() : nil, wide: wide || out != nil,
                           colour: out == nil && TerminalWidth.colour())
        }

        func validate() throws {
            if let oldGrouping, AuditGrouping(rawValue: oldGrouping) == nil {
                throw ValidationError("`audit --by \(oldGrouping)`: the roll-up is now `--group-by` (accepted: --group-by \(AuditGrouping.allCases.map(\.rawValue).joined(separator: "|")); a clerk's name goes with --by on log, settle and void)")
            }
            try format?.require(.table, .json, .csv)
            try asUsageError { try operation(format: format).checkFlags() }
        }

        func run() throws {
            if oldGrouping != nil { Diagnostics.say("note: `audit --by` is now `--group-by`; the old spelling goes in the next release") }
            let format = try format ?? Self.format(forFile: out)
            try database.perform(operation(format: format), file: { try out.map { try OutputFile.Writer(path: $0, field: .output, ledger: database.serverURL == nil ? database.path : nil) } })
            if let out { Diagnostics.say(Phrase.wroteAudit.text(format.rawValue, out)) }
        }

        static func format(forFile path: String?) throws -> OutputFormat {
            guard let path else { return .table }
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "json": return .json
            case "csv": return .csv
            case "txt", "": return .table
            case let other: throw LedgerError.outputRefused(.output, path: path, reason: .unknownExtension(other))
            }
        }
    }
}

extension AuditGrouping: RawValueArgument {}

/// Today's date in Copenhagen, where the agreement's days are counted.
package func copenhagenToday() -> CivilDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen") ?? .current
    let c = calendar.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: c.year!, month: c.month!, day: c.day!)!
}

/// Writes output to a file (`-o`, `--html`), or to standard output. A file is written
/// whole or not at all, and never over the ledger or any other SQLite database.
func write(_ text: String, to path: String?, field: LedgerError.Field = .output, ledger: String?) throws {
    guard let path else { return emit(text) }
    try OutputFile.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8), to: path, field: field, ledger: ledger)
}
