import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy", abstract: "List loaded policy versions, or print a policy file to edit.",
            subcommands: [List.self, Show.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List the loaded policy versions.")
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
                abstract: "Print the latest loaded policy file (or the built-in one with --default), comments included.")
            @OptionGroup var database: DatabaseOptions
            @Flag(name: .customLong("default"), help: "The built-in Copenhagen 2024–2027 policy.") var builtIn = false

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
