import VacancyLedger
import ArgumentParser

package struct VacancyLedgerCommand: ParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "vacancy-ledger",
        abstract: Phrase.help1.text(),
        discussion: Phrase.discMain.text(),
        version: "0.1.0",
        subcommands: [
            Init.self, Department.self, Log.self, Settle.self, VoidEntry.self, Explain.self, Audit.self,
            Verify.self, Vacancies.self, Export.self, Report.self, PlacementCommand.self, PolicyCommand.self, Demo.self,
            Sample.self, Forecast.self, CheckpointCommand.self, Backup.self, Import.self, Offers.self, Serve.self, TokenCommand.self,
        ]
    )
}
