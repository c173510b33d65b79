import ArgumentParser
import VacancyLedger

extension VacancyLedgerCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "backup",
            abstract: Phrase.help23.text(),
            discussion: """
                The copy is one snapshot of the ledger, written beside FILE and put in place only when complete; \
                FILE must not exist. Check it with `vacancy-ledger verify --db FILE`. To restore: stop every \
                writer, move the damaged ledger and its -wal and -shm files aside, copy FILE to the ledger's path, \
                and run `vacancy-ledger verify` (and `verify --checkpoint` against your latest checkpoint).
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp(Phrase.optTheNewFileTo.text(), valueName: "FILE")) var file: String

        func run() throws {
                try database.requireLocal("backup")
            let copy = try database.openForReading().backup(to: file)
            Diagnostics.say(Phrase.wroteBackup.text(Local.count(Int(copy.entries)), file, copy.head))
        }
    }
}
