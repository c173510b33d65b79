import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify",
            abstract: "Check the ledger (the schema, the hash chain against every row, the counters against a recount; with --deep SQLite's integrity check too), or an export against it; exit 4 on any fault.")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("export"), help: ArgumentHelp(Phrase.optCheckAnExportFile.text(), valueName: "FILE"))
        var exportFile: String?
        @Option(name: .customLong("checkpoint"), parsing: .upToNextOption,
                help: ArgumentHelp(Phrase.optAlsoProveThatThe.text(), valueName: "FILE"))
        var checkpointFiles: [String] = []
        @Option(name: .customLong("public-key"), help: ArgumentHelp(Phrase.optRequireEveryCheckpointOr.text(), valueName: "FILE"))
        var publicKey: String?
        @Option(help: ArgumentHelp(Phrase.optCheckOnlyWhatWas.text(), valueName: "FILE"))
        var since: String?
        @Flag(help: ArgumentHelp(Phrase.optAlsoRunSQLiteS.text()))
        var deep = false
        @Option(help: ArgumentHelp(Phrase.optOutputFormatTextOr.text())) var format: OutputFormat = .text
        func validate() throws {
            try format.require(.text, .json)
            if deep && since != nil { throw ValidationError("--deep checks the whole file; --since only what was appended after a checkpoint: give one of them") }
        }

        func run() throws {
            let trusted = try publicKey.map { try CheckpointKey.publicKey(fromFileText: try readText($0, .publicKey), file: $0) }
            if let exportFile {
                if database.serverURL != nil { try database.requireLocal("verify --export") }
                return try verifyExport(exportFile, trustedKey: trusted)
            }
            // The checkpoint files are read here and sent as text (to the service, or to the local run).
            try database.perform(VerifyOperation(
                since: try since.map { try readText($0, .checkpoint) }, checkpoints: try checkpointFiles.map { try readText($0, .checkpoint) },
                publicKey: try publicKey.map { try readText($0, .publicKey) }, deep: deep, format: format,
                sinceFile: since, checkpointFiles: checkpointFiles, publicKeyFile: publicKey))
        }

        /// An export against the ledger, field by field, and its signature; with
        /// `--public-key` and no ledger (none given and no default file), the signature only:
        /// nothing is opened or created.
        private func verifyExport(_ path: String, trustedKey: String?) throws {
            let hasLedger = database.db != nil || environmentValue("VACANCY_LEDGER_DB").map { !$0.isEmpty } == true
                || FileManager.default.fileExists(atPath: database.path)
            let ledger = hasLedger || trustedKey == nil ? try database.openForReading() : nil
            let report = try ExportCheck.run(path: path, ledger: ledger, trustedKey: trustedKey)
            emit(format == .json ? JSONFormatter.exportCheck(report).serialized() : TextFormatter.exportCheck(report))
            if !report.isClean { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
        }
    }
}
