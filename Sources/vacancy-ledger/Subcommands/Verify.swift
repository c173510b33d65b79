import ArgumentParser
import CSV
import Foundation
import VacancyLedger

extension VacancyLedgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the ledger (SQLite integrity, the hash chain, the counters against a recount), or an export against it; exit 4 on any fault.")

        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("export"), help: ArgumentHelp("Check an export file (CSV, Excel CSV or JSON) against the ledger.", valueName: "FILE"))
        var exportFile: String?
        @Option(name: .customLong("checkpoint"), parsing: .upToNextOption,
                help: ArgumentHelp("Also prove that the ledger still extends every checkpoint in these files.", valueName: "FILE"))
        var checkpointFiles: [String] = []
        @Option(name: .customLong("public-key"), help: ArgumentHelp("Require every checkpoint to be signed with this key (a .pub file from `checkpoint keygen`).", valueName: "FILE"))
        var publicKey: String?
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        func validate() throws { try format.require(.text, .json) }

        func run() throws {
            let checkpoints = try checkpointFiles.flatMap { try Checkpoint.all(in: try readText($0, .checkpoint), file: $0) }
            let trusted = try publicKey.map { try CheckpointKey.publicKey(fromFileText: try readText($0, .publicKey), file: $0) }
            let ledger = try database.openForReading()
            if let exportFile { return try verifyExport(ledger, exportFile) }
            let report = try ledger.verify(checkpoints: checkpoints, trustedKey: trusted)
            emit(format == .json ? JSONFormatter.verify(report).serialized() : TextFormatter.verify(report))
            if !report.isClean { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
        }

        private func verifyExport(_ ledger: Ledger, _ path: String) throws {
            let file = try ExportFile.read(path)
            let faults = try ledger.verifyExport(year: file.year, declaredHeadHash: file.headHash, declaredCount: file.count,
                                                 rows: file.rows)
            if format == .json {
                emit(JSONValue.object([("ok", .bool(faults.isEmpty)), ("year", .int(file.year)), ("rows", .int(file.rows.count)),
                                       ("faults", .array(faults.map { .string($0) }))]).serialized())
            } else {
                emit(faults.isEmpty ? "ok: \(file.rows.count) lettings of \(file.year) match the ledger; head hash is in its chain"
                                    : faults.map { "FAULT: \($0)" }.joined(separator: "\n"))
            }
            if !faults.isEmpty { throw ExitCode(Diagnostics.Code.checkFailed.rawValue) }
        }
    }
}

/// An export file as `verify --export` reads it back.
struct ExportFile {
    var year: Int
    var headHash: String?
    var count: Int?
    var rows: [(vacancy: Int64, hash: String)]

    static func read(_ path: String) throws -> ExportFile {
        var text = try readText(path, .exportFile)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        func bad(_ why: String) -> LedgerError {
            .badFile(.exportFile, path: path, line: nil, problem: .notAnExport(why), accepted: .fileWrittenBy("export"))
        }
        if text.first == "{" {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let year = object["year"] as? Int, let lettings = object["lettings"] as? [[String: Any]] else {
                throw bad("not an export's JSON")
            }
            let rows = try lettings.map { row -> (Int64, String) in
                guard let id = (row["vacancy"] as? NSNumber)?.int64Value, let hash = row["hash"] as? String else { throw bad("a row lacks vacancy or hash") }
                return (id, hash)
            }
            return ExportFile(year: year, headHash: object["headHash"] as? String, count: object["rowCount"] as? Int, rows: rows)
        }
        // The header line decides: Excel exports use semicolons ("\r\n" is one Character).
        let headerLine = text.split(whereSeparator: \.isNewline).first ?? ""
        let delimiter: UnicodeScalar = headerLine.contains(";") ? ";" : ","
        guard let reader = try? CSVReader(string: text, hasHeaderRow: true, delimiter: delimiter),
              let header = reader.headerRow, let section = header.firstIndex(of: "section"),
              let vacancy = header.firstIndex(of: "vacancy"), let hash = header.firstIndex(of: "hash"),
              let number = header.firstIndex(of: "number"), let from = header.firstIndex(of: "vacancyDate") else {
            throw bad("not an export's CSV header")
        }
        var file = ExportFile(year: 0, headHash: nil, count: nil, rows: [])
        while let fields = reader.next(), fields.count == header.count {
            switch fields[section] {
            case "letting":
                guard let id = Int64(fields[vacancy]) else { throw bad("vacancy '\(fields[vacancy])' is not a number") }
                file.rows.append((id, fields[hash]))
            case "total":
                file.count = Int(fields[number])
                file.headHash = fields[hash]
                file.year = CivilDate(fields[from])?.year ?? 0
            default: continue
            }
        }
        guard file.year > 0 else { throw bad("no total row") }
        return file
    }
}
