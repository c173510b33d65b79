import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct PlacementCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "placement", abstract: Phrase.help19.text(),
            subcommands: [Compute.self, Explain.self])

        struct Compute: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "compute", 
                abstract: Phrase.help20.text(),
                discussion: "CSV header: department,residents,area_list,area_residents,outside_work_share,conviction_ratio,primary_school_only_share,income_ratio,referred_share,at_risk,exempt, optionally followed by non_western_share (§ 61 b; P3 cannot place an area as if forebyggelse without it). Shares are decimals (0.25 = 25 %); conviction and income ratios are multiples of the national rate and of the regional mean; area_list is udsat, parallelsamfund, omdannelse, forebyggelse or none. All or nothing; unchanged placements are not rewritten.")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optTheIndicatorsCSV.text())) var file: String
            @Option(help: ArgumentHelp(Phrase.optEffectiveDateOfThe.text())) var effective: String
            @Flag(name: .customLong("dry-run"), help: ArgumentHelp(Phrase.optComputeAndPrintThe.text())) var dryRun = false
            @OptionGroup var clerk: ClerkOption
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws {
                try database.requireLocal("placement")
                let text = try readText(file, .indicatorsFile)
                let ledger = dryRun ? try database.openForReading() : try database.openForWriting()
                let moves = try ledger.computePlacements(csv: text, effective: effective, dryRun: dryRun, by: clerk.name)
                if format == .json {
                    return emit(JSONValue.array(moves.map { m in
                        .object([("department", .string(m.department.rawValue)), ("move", .string(m.kind.rawValue)),
                                 ("before", m.before.map(VacancyLedgerCommand.PlacementCommand.json) ?? .null), ("after", VacancyLedgerCommand.PlacementCommand.json(m.after)),
                                 ("need", .optional(m.need?.rawValue)), ("reasons", .array(m.reasons.map { .string($0) }))])
                    }).serialized())
                }
                var table = TextTable(header: ["department", "move", "before", "after", "need"])
                for m in moves where m.kind != .unchanged {
                    table.rows.append([m.department.rawValue, m.kind.rawValue, m.before.map(VacancyLedgerCommand.PlacementCommand.describe) ?? "—",
                                       VacancyLedgerCommand.PlacementCommand.describe(m.after), m.need?.rawValue ?? ""])
                }
                let unchanged = moves.filter { $0.kind == .unchanged }.count
                emit((dryRun ? "Dry run, nothing recorded. " : "") + "\(moves.count) departments, \(moves.count - unchanged) moved or changed, \(unchanged) unchanged, effective \(effective).\n" + table.render())
            }
        }

        struct Explain: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "explain", abstract: Phrase.help21.text())
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optDepartmentId.text())) var department: String
            @Option(help: ArgumentHelp(Phrase.optThePlacementInForce.text())) var date: String?

            func run() throws {
                try database.requireLocal("placement")
                let e = try database.openForReading().explainPlacement(department: department, on: date)
                var lines = ["\(e.record.department): \(VacancyLedgerCommand.PlacementCommand.describe(e.record.placement)), from \(e.record.effectiveFrom)"]
                if let i = e.indicators {
                    lines.append("Indicators: residents \(i.residents); area \(i.areaList.rawValue), \(i.areaResidents) residents; outside work/education \(i.outsideWorkShare); convictions × \(i.convictionRatio) national; primary school only \(i.primarySchoolOnlyShare); income \(i.incomeRatio) of region; referred households \(i.referredShare); non-Western share \(i.nonWesternShare.map { "\($0)" } ?? "not given (P3 cannot give P2 without it)")")
                }
                lines += e.reasons.map { "• " + $0 }
                emit(lines.joined(separator: "\n"))
            }
        }

        static func describe(_ p: Placement) -> String {
            ("\(p.staircase.rawValue) step \(p.step) " + TextFormatter.flags(p)).replacingTrailingSpaces()
        }

        static func json(_ p: Placement) -> JSONValue { JSONFormatter.placement(p, from: nil) }
    }
}
