import ArgumentParser
import Foundation
import VacancyLedger

#if canImport(Glibc)
import Glibc
#endif

extension VacancyLedgerCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a housing association's vacancies (and the municipality's answers) from a CSV file.",
            discussion: """
                Columns, named by the header in any order: ref, department, unit, date (required); reserved_unit, \
                outcome and settled_on (both or neither), recorded_route, by. UTF-8, a BOM and Excel's semicolons \
                accepted; FILE - reads standard input. Events are applied in date order (loggings before settlements \
                on the same day, then by line) through the same decisions as log and settle, in batches. Idempotent: a \
                ref already in the ledger with the same data is already present; a new outcome for it is applied. A bad \
                line rejects the whole file (exit 65, nothing written). Disagreements with recorded_route, S1 refusals, \
                outcomes for vacancies not offered and conflicts are listed, not fatal (exit 0).
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var clerk: ClerkOption
        @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "FILE")) var file: String
        @Flag(name: .customLong("dry-run"), help: "Do everything and report it, write nothing.") var dryRun = false
        @Option(help: ArgumentHelp("Write every listed line to this file (.csv or .json).", valueName: "FILE")) var report: String?
        @Option(help: "text or json (the listed lines and the summary on standard output).") var format: OutputFormat = .text
        @Option(name: .customLong("batch-size"), help: "Events per transaction.") var batchSize = 1000

        func validate() throws {
            try format.require(.text, .json)
            guard batchSize >= 1 else { throw ValidationError("--batch-size \(batchSize) (accepted: 1 or more)") }
        }

        func run() throws {
                try database.requireLocal("import")
            if let report {
                try OutputFile.checkWritable(report, field: .output, ledger: database.path)
                guard ["csv", "json"].contains(URL(fileURLWithPath: report).pathExtension.lowercased()) else {
                    throw LedgerError.outputRefused(.output, path: report, reason: .unknownExtension(URL(fileURLWithPath: report).pathExtension))
                }
            }
            // Standard input is copied to a temporary file first: the import reads its file as
            // a stream, and hashes it before it reads the rows.
            var copied: String?
            defer { if let copied { unlink(copied) } }
            let path: String
            if file == "-" {
                copied = try Self.copyStandardInput()
                path = copied!
            } else {
                guard FileManager.default.isReadableFile(atPath: file) else {
                    throw LedgerError.badFile(.importFile, path: file, line: nil, problem: .unreadable, accepted: .utf8File)
                }
                path = file
            }
            let ledger = try database.openForWriting()
            let started = Date()
            let bar = isatty(STDERR_FILENO) == 1
            var reportFile: ImportReportWriter?
            let out = ImportStandardOutput(format: format)
            let summary: ImportSummary
            do {
                let output = ImportOutput(counted: { summary in
                    if bar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                    if let report { reportFile = try ImportReportWriter(path: report, ledger: database.path) }
                    try out.begin(summary)
                }, listing: { listing in
                    try reportFile?.add(listing)
                    try out.add(listing)
                })
                summary = try ledger.importVacancies(ImportRequest(source: .file(path: path), dryRun: dryRun, by: clerk.name,
                                                                   batchSize: batchSize), output: output) { done, total in
                    guard bar, total > 0 else { return }
                    let elapsed = Date().timeIntervalSince(started), rate = Double(done) / max(elapsed, 0.001)
                    let left = rate > 0 ? Double(total - done) / rate : 0
                    FileHandle.standardError.write(Data("\rimport: \(done)/\(total) events, \(Int(rate))/s, \(Int(left.rounded())) s left   ".utf8))
                }
            } catch let LedgerError.importRejected(errors) {
                if bar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                if let report { try Self.writeReport(rejected: errors, to: report, ledger: database.path) }
                throw LedgerError.importRejected(errors)
            }
            try reportFile?.commit()
            try out.end()
            let line = "\(dryRun ? "dry run, nothing written: " : "")\(summary.added) added, \(summary.alreadyPresent) already present, \(summary.settled) settled, \(summary.disagreements) disagreements, \(summary.refused) refused"
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }

        static func copyStandardInput() throws -> String {
            let path = NSTemporaryDirectory() + "vacancy-ledger-import-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).csv"
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw LedgerError.badFile(.importFile, path: "-", line: nil, problem: .unreadable, accepted: .utf8File)
            }
            defer { try? handle.close() }
            while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty { handle.write(chunk) }
            return path
        }

        /// A rejected file's report: every bad line, kind `rejected`, what was wrong.
        static func writeReport(rejected errors: [LedgerError], to path: String, ledger: String?) throws {
            let writer = try ImportReportWriter(path: path, ledger: ledger)
            for error in errors {
                var line = 1
                if case let .atLine(n, _) = error { line = n }
                if case let .badFile(_, _, n?, _, _) = error { line = n }
                try writer.add(ImportListing(line: line, ref: "", kind: .rejected, fileSaid: "", rulesSaid: ErrorText.line(error), rules: []))
            }
            try writer.commit()
        }
    }
}
