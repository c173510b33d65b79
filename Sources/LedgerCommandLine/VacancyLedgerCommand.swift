import VacancyLedger
import ArgumentParser

package struct VacancyLedgerCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "vacancy-ledger",
        abstract: Phrase.help1.text(),
        discussion: """
            Every vacancy is logged once and told its route (municipal referral, flexible, tightened or \
            ordinary letting) by the letting agreement 2024–2027; realised municipal referral never exceeds \
            one in three vacancies per department. Exit codes: 0 success, 3 refused by a rule (S1, I1), \
            4 audit --strict breach or verify fault, 64 usage, 65 bad input or state conflict, 77 the token may not do this, 1 other failure. Every file a command writes is written whole or not at all, and never over the ledger or another SQLite database.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Department.self, Log.self, Settle.self, VoidEntry.self, Explain.self, Audit.self,
            Verify.self, Vacancies.self, Export.self, Report.self, PlacementCommand.self, PolicyCommand.self, Demo.self,
            Sample.self, Forecast.self, CheckpointCommand.self, Backup.self, Import.self, Offers.self, Serve.self, TokenCommand.self,
        ]
    )
}
