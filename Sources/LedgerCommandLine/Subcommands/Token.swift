import ArgumentParser
import VacancyLedger

/// `token issue|list|revoke`: who may use the service.
extension VacancyLedgerCommand {
    struct TokenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: Phrase.help10.text(),
            discussion: """
                Roles: clerk (log and void in its --organisation's departments), municipality (settle and void \
                --settlement everywhere), auditor (read only), admin (departments, placements, policies, tokens). The \
                secret is printed once; the ledger keeps only its SHA-256, and the journal records every issue, rotation \
                and revocation. Every entry made through the service records the token's id beside its name.
                """,
            subcommands: [Issue.self, List.self, Rotate.self, Revoke.self])

        struct Issue: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "issue", abstract: Phrase.help11.text())
            @OptionGroup var database: DatabaseOptions
            @Option(help: ArgumentHelp(Phrase.optClerkMunicipalityAuditorOr.text())) var role: Role
            @Option(help: ArgumentHelp(Phrase.optTheClerkSOrganisation.text())) var organisation: String?
            @Option(help: ArgumentHelp(Phrase.optWhoseTokenRecordedAs.text())) var name: String
            @Option(help: ArgumentHelp(Phrase.optTheLastDayIt.text())) var expires: String?
            @OptionGroup var clerk: ClerkOption
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws {
                try database.perform(TokenIssueOperation(role: role.rawValue, organisation: organisation, name: name,
                                                         expires: expires, by: clerk.name, format: format))
            }
        }

        struct Rotate: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rotate",
                abstract: Phrase.help12.text())
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optTheTokenIdToken.text())) var id: Int64
            @OptionGroup var clerk: ClerkOption
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws { try database.perform(TokenRotateOperation(id: id, by: clerk.name, format: format)) }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: Phrase.help13.text())
            @OptionGroup var database: DatabaseOptions
            @Option(help: ArgumentHelp(Phrase.optTableOrJson.text())) var format: OutputFormat = .table
            func validate() throws { try format.require(.table, .json) }

            func run() throws { try database.perform(TokenListOperation(format: format)) }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", abstract: Phrase.help14.text())
            @OptionGroup var database: DatabaseOptions
            @Argument(help: ArgumentHelp(Phrase.optTheTokenIdToken.text())) var id: Int64
            @OptionGroup var clerk: ClerkOption
            @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
            func validate() throws { try format.require(.text, .json) }

            func run() throws { try database.perform(TokenRevokeOperation(id: id, by: clerk.name, format: format)) }
        }
    }
}

extension Role: RawValueArgument {}
