import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy", abstract: Phrase.help36.text(),
            subcommands: [List.self, Show.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: Phrase.help37.text())
            @OptionGroup var database: DatabaseOptions

            func run() throws {
                try database.requireLocal("policy")
                var table = TextTable(header: ["policy", "version", "period", "loaded"], rightAligned: [1])
                for record in try database.openForReading().policies() {
                    table.rows.append([record.name, String(record.version),
                                       "\(record.policy.period.start)/\(record.policy.period.end)", record.loadedAt])
                }
                emit(table.render())
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", 
                abstract: Phrase.help38.text())
            @OptionGroup var database: DatabaseOptions
            @Flag(name: .customLong("default"), help: ArgumentHelp(Phrase.optTheBuiltInCopenhagen.text())) var builtIn = false

            func run() throws {
                try database.requireLocal("policy")
                if builtIn { return emit(Policy.defaultSource) }
                guard let latest = try database.openForReading().policies().last else {
                    throw LedgerError.noAgreementLoaded
                }
                emit(latest.sourceText)
            }
        }
    }
}
