import ArgumentParser
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify",
            abstract: "Check the ledger (the schema, the hash chain against every row, the counters against a recount; with --deep SQLite's integrity check too), or an export against it; exit 4 on any fault.")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("export"), help: ArgumentHelp("Check an export file (CSV, Excel CSV or JSON) against the ledger.", valueName: "FILE"))
        var exportFile: String?
        @Option(name: .customLong("checkpoint"), parsing: .upToNextOption,
                help: ArgumentHelp("Also prove that the ledger still extends every checkpoint in these files.", valueName: "FILE"))
        var checkpointFiles: [String] = []
        @Option(name: .customLong("public-key"), help: ArgumentHelp("Require every checkpoint, or the export, to be signed with this key (a .pub file from `checkpoint keygen`). With --export and no ledger, only the signature is checked.", valueName: "FILE"))
        var publicKey: String?
        @Option(help: ArgumentHelp("Check only what was appended after the checkpoint in this file (and the checkpoint itself): a nightly check that costs seconds. SQLite's page check is left to a full verify.", valueName: "FILE"))
        var since: String?
        @Flag(help: "Also run SQLite's integrity_check and foreign_key_check over every page and index (O(N log N): the weekly check).")
        var deep = false
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
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
