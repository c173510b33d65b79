import ArgumentParser
import CSV
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", _superCommandName: "vacancy-ledger", 
            abstract: "Check the ledger (the schema, the hash chain against every row, the counters against a recount; with --deep SQLite's integrity check too), or an export against it; exit 4 on any fault.")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("export"), help: ArgumentHelp("Check an export file (CSV, Excel CSV or JSON) against the ledger.", valueName: "FILE"))
        var exportFile: String?
        @Option(name: .customLong("checkpoint"), parsing: .upToNextOption,
                help: ArgumentHelp("Also prove that the ledger still extends every checkpoint in these files.", valueName: "FILE"))
        var checkpointFiles: [String] = []
        @Option(name: .customLong("public-key"), help: ArgumentHelp("Require every checkpoint to be signed with this key (a .pub file from `checkpoint keygen`).", valueName: "FILE"))
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
            let checkpoints = try checkpointFiles.flatMap { try Checkpoint.all(in: try readText($0, .checkpoint), file: $0) }
            let trusted = try publicKey.map { try CheckpointKey.publicKey(fromFileText: try readText($0, .publicKey), file: $0) }
            if database.serverURL != nil {
                // Through the service: the checkpoint files are read here and sent as text.
                if exportFile != nil { try database.requireLocal("verify --export") }
                return try database.perform(VerifyOperation(
                    since: try since.map { try readText($0, .checkpoint) }, checkpoints: try checkpointFiles.map { try readText($0, .checkpoint) },
                    publicKey: try publicKey.map { try readText($0, .publicKey) }, deep: deep, format: format))
            }
            let ledger = try database.openForReading()
            if let exportFile { return try verifyExport(ledger, exportFile) }
            let report: VerifyReport
            if let since {
                let found = try Checkpoint.all(in: try readText(since, .checkpoint), file: since)
                guard let latest = found.max(by: { $0.seq < $1.seq }) else {
                    throw LedgerError.badFile(.checkpoint, path: since, line: nil, problem: .empty, accepted: .fileWrittenBy("checkpoint"))
                }
                report = try ledger.verify(since: latest, trustedKey: trusted)
            } else {
                report = try ledger.verify(checkpoints: checkpoints, trustedKey: trusted, deep: deep)
            }
            emit(format == .json ? JSONFormatter.verify(report).serialized() : TextFormatter.verify(report))
            if !report.isClean { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
        }

        private func verifyExport(_ ledger: Ledger, _ path: String) throws {
            let file = try ExportDocument.read(try readText(path, .exportFile), path: path)
            let rows = file.lettings.map { (vacancy: $0.vacancy, hash: $0.hash) }
            let faults = try ledger.verifyExport(year: file.year, declaredHeadHash: file.headHash, declaredCount: file.rowCount,
                                                 rows: rows)
            if format == .json {
                emit(JSONValue.object([("ok", .bool(faults.isEmpty)), ("year", .int(file.year)), ("rows", .int(rows.count)),
                                       ("faults", .array(faults.map { .string($0) }))]).serialized())
            } else {
                emit(faults.isEmpty ? "ok: \(rows.count) lettings of \(file.year) match the ledger; head hash is in its chain"
                                    : faults.map { "FAULT: \($0)" }.joined(separator: "\n"))
            }
            if !faults.isEmpty { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
        }
    }
}
